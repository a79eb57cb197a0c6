--TEST--
Http\Client over real TLS on loopback: verified with the right CA file (option and INI), refused without it (kind tls), accepted only when verification is switched off
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is not installed'); ?>
--FILE--
<?php
$dir = sys_get_temp_dir() . '/erpsync-tls-' . getmypid();
@mkdir($dir);
exec(sprintf('openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout %s/key.pem -out %s/cert.pem 2>/dev/null',
    $dir, $dir), $o, $rc);
echo "certificate made: ", $rc === 0 ? 'yes' : 'no', "\n";
$sock = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($sock, false), ':'), 1);
fclose($sock);
$proc = proc_open(['openssl', 's_server', '-quiet', '-accept', "127.0.0.1:$port", '-cert', "$dir/cert.pem", '-key', "$dir/key.pem", '-www'],
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
for ($i = 0; $i < 100 && !@fsockopen('127.0.0.1', $port); $i++) { usleep(50000); }
register_shutdown_function(function () use ($proc, $dir) { proc_terminate($proc); @unlink("$dir/cert.pem"); @unlink("$dir/key.pem"); @rmdir($dir); });

$url = "https://localhost:$port";
$c = new ErpSync\Http\Client(['base_url' => $url, 'ca_file' => "$dir/cert.pem", 'retry' => ['max_attempts' => 1]]);
$r = $c->get('/', ['accept_any_status' => true]);
echo "verified with ca_file: HTTP ", $r->status, "\n";
try {
    (new ErpSync\Http\Client(['base_url' => $url, 'retry' => ['max_attempts' => 1]]))->get('/');
    echo "accepted an unknown certificate!\n";
} catch (ErpSync\TransportException $e) {
    echo "system CA store: TransportException ", $e->getKind(), "\n";
}
ini_set('erpsync.ca_file', "$dir/cert.pem");
$r = (new ErpSync\Http\Client(['base_url' => $url, 'retry' => ['max_attempts' => 1]]))->get('/', ['accept_any_status' => true]);
echo "verified with erpsync.ca_file: HTTP ", $r->status, "\n";
ini_restore('erpsync.ca_file');
$r = (new ErpSync\Http\Client(['base_url' => "https://127.0.0.1:$port", 'verify_tls' => false, 'retry' => ['max_attempts' => 1]]))->get('/', ['accept_any_status' => true]);
echo "verify_tls off: HTTP ", $r->status, "\n";
?>
--EXPECT--
certificate made: yes
verified with ca_file: HTTP 200
system CA store: TransportException tls
verified with erpsync.ca_file: HTTP 200
verify_tls off: HTTP 200
