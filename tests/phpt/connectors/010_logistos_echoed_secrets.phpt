--TEST--
Logistos handshake: the consumer key and secret are literal secrets of the client, so a reply that echoes them (outside secret-named fields too) leaves no trace in the request log, the result or an error
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$log = [];
$l = new ErpSync\Connector\Logistos(['handshake_url' => $sim->url('logistos') . '/integration/integrate_woo_commerce',
    'orders_url' => $sim->url('logistos') . '/integration/woo_commerce_orders', 'bearer_token' => ErpSyncTest\Sim::LOGISTOS_TOKEN,
    'log' => function ($e) use (&$log) { $log[] = json_encode($e); }, 'retry' => ['max_attempts' => 1]]);
$key = 'ck_' . str_repeat('a1', 20);
$secret = 'cs_' . str_repeat('b2', 20);
$creds = ['store_url' => 'https://shop.example', 'consumer_key' => $key, 'consumer_secret' => $secret];
// the reply echoes the request (headers and body, as text under "echo") and an error message quoting the key
$sim->fault(['api' => 'logistos', 'path' => '/integration/integrate_woo_commerce', 'kind' => 'echo_secrets', 'count' => 1]);
$h = $l->handshake($creds);
echo "handshake ok: ", var_export($h['ok'], true), "\n";
$sim->fault(['api' => 'logistos', 'path' => '/integration/integrate_woo_commerce', 'kind' => 'status', 'status' => 422, 'count' => 1,
    'body' => json_encode(['message' => "key $key / secret $secret rejected", 'detail' => "the store said: $secret"])]);
try { $l->handshake($creds); echo "accepted\n"; } catch (ErpSync\HttpException $e) { $err = $e->getMessage() . $e->getBodyExcerpt(); echo "failed: ", $e->getStatus(), "\n"; }
$sim->fault(['api' => 'logistos', 'path' => '/integration/integrate_woo_commerce', 'kind' => 'status', 'status' => 200, 'count' => 1,
    'body' => json_encode(['message' => "registered $key"])]);
$h2 = $l->handshake($creds);
echo "message: ", $h2['message'], "\n";
$echoed = false;
foreach ($log as $e) { $echoed = $echoed || str_contains($e, 'echo'); }
echo "log holds the echoed reply: ", var_export($echoed, true), "\n";
$all = implode("\n", $log) . json_encode([$h, $h2]) . ($err ?? '');
foreach (['key' => $key, 'secret' => $secret, 'token' => ErpSyncTest\Sim::LOGISTOS_TOKEN] as $n => $s) {
    echo "$n in log/result/error: ", var_export(str_contains($all, $s), true), "\n";
}
?>
--EXPECT--
handshake ok: true
failed: 422
message: registered [redacted]
log holds the echoed reply: true
key in log/result/error: false
secret in log/result/error: false
token in log/result/error: false
