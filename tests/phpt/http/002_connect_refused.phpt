--TEST--
Http\Client: connection refused -> TransportException kind connect, retried (even POST: nothing was sent), logged without secrets
--EXTENSIONS--
erpsync
--FILE--
<?php
$s = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
fclose($s); // nothing listens there now
$log = [];
$c = new ErpSync\Http\Client([
    'base_url' => "http://127.0.0.1:$port/api",
    'auth' => ['type' => 'bearer', 'token' => 'tok-SECRET-1234'],
    'retry' => ['max_attempts' => 3, 'base_delay_ms' => 20],
    'log' => function (array $e) use (&$log) { $log[] = $e; },
]);
$t = microtime(true);
try {
    $c->post('/orders', ['json' => ['password' => 'pw-SECRET-5678', 'n' => 1]]);
    echo "no exception\n";
} catch (ErpSync\TransportException $e) {
    echo get_class($e), " ", $e->getKind(), "\n";
    var_dump($e->getMessage() === "Could not connect to 127.0.0.1:$port (connection refused)");
}
$dt = microtime(true) - $t;
echo "attempts logged: ", count($log), "\n";
echo "waited between attempts: ", $dt >= 0.02 ? "yes" : "no ($dt)", "\n";
echo "last will_retry: ", var_export(end($log)['will_retry'], true), "\n";
$all = json_encode($log);
var_dump(str_contains($all, 'SECRET'), str_contains($all, '[redacted]'));
echo $log[0]['request_body'], "\n";

ini_set('erpsync.request_log', '0');
$log = [];
try { $c->get('/x'); } catch (ErpSync\TransportException $e) {}
echo "with request_log off: ", count($log), "\n";
?>
--EXPECT--
ErpSync\TransportException connect
bool(true)
attempts logged: 3
waited between attempts: yes
last will_retry: false
bool(false)
bool(true)
{"password":"[redacted]","n":1}
with request_log off: 0
