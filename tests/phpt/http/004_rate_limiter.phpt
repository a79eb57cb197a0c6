--TEST--
Http\Client: client-side rate limiter spaces requests (token bucket, shared by all requests of the client)
--EXTENSIONS--
erpsync
--FILE--
<?php
$s = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
fclose($s);
$starts = [];
$c = new ErpSync\Http\Client([
    'base_url' => "http://127.0.0.1:$port",
    'retry' => ['max_attempts' => 1],
    'rate_limit' => ['per_second' => 5],
    'log' => function (array $e) use (&$starts) { $starts[] = microtime(true) - $e['duration']; },
]);
$t0 = microtime(true);
$res = $c->requestMany(array_fill(0, 10, ['path' => '/x']), 10);
$many = microtime(true) - $t0;
// 5 may go at once (bucket), the other 5 at 5/s: about 1 s in all
echo "10 parallel requests took >= 0.9 s: ", var_export($many >= 0.9, true), "\n";
echo "and < 2.5 s: ", var_export($many < 2.5, true), "\n";
echo "all failed with connect: ", count(array_filter($res, fn($r) => $r instanceof ErpSync\TransportException && $r->getKind() === 'connect')), "\n";
// the bucket is empty now: sequential calls are spaced by about 200 ms
$t0 = microtime(true);
for ($i = 0; $i < 3; $i++) { try { $c->get('/y'); } catch (ErpSync\TransportException $e) {} }
$seq = microtime(true) - $t0;
echo "3 sequential after the burst took >= 0.5 s: ", var_export($seq >= 0.5, true), "\n";
$gaps = [];
for ($i = 11; $i < count($starts); $i++) $gaps[] = $starts[$i] - $starts[$i - 1];
echo "gaps >= 150 ms: ", var_export(min($gaps) >= 0.15, true), "\n";

$u = new ErpSync\Http\Client(['base_url' => "http://127.0.0.1:$port", 'retry' => ['max_attempts' => 1]]);
$t0 = microtime(true);
$u->requestMany(array_fill(0, 10, ['path' => '/x']), 10);
echo "without a limit < 0.5 s: ", var_export(microtime(true) - $t0 < 0.5, true), "\n";
?>
--EXPECT--
10 parallel requests took >= 0.9 s: true
and < 2.5 s: true
all failed with connect: 10
3 sequential after the burst took >= 0.5 s: true
gaps >= 150 ms: true
without a limit < 0.5 s: true
