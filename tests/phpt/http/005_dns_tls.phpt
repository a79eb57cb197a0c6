--TEST--
Http\Client: unknown host -> TransportException kind dns (not retried); TLS to a non-TLS server -> kind tls
--EXTENSIONS--
erpsync
--FILE--
<?php
$log = 0;
$c = new ErpSync\Http\Client(['base_url' => 'http://erpsync-test.invalid/api', 'connect_timeout_ms' => 3000,
    'retry' => ['max_attempts' => 3, 'base_delay_ms' => 10], 'log' => function () use (&$log) { $log++; }]);
try { $c->get('/x'); } catch (ErpSync\TransportException $e) {
    echo $e->getKind(), ": ", $e->getMessage(), ", attempts ", $log, "\n";
}
// a plain TCP server that answers the TLS hello with garbage
$srv = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($srv, false), ':'), 1);
$pid = pcntl_fork();
if ($pid === 0) {
    $conn = stream_socket_accept($srv, 5);
    if ($conn) { fread($conn, 1024); fwrite($conn, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"); fclose($conn); }
    exit(0);
}
$c = new ErpSync\Http\Client(['base_url' => "https://127.0.0.1:$port", 'retry' => ['max_attempts' => 1], 'timeout_ms' => 3000]);
try { $c->get('/x'); } catch (ErpSync\TransportException $e) {
    echo $e->getKind(), ": ", str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
}
pcntl_waitpid($pid, $st);
?>
--EXPECTF--
dns: Could not find the server erpsync-test.invalid:80 (DNS lookup failed), attempts 1
tls: Secure (TLS) connection to 127.0.0.1:PORT failed: %s
