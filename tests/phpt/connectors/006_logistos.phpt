--TEST--
Logistos: handshake (no secret in logs or errors), WooCommerce REST order shape (golden), single and batched push with per-batch results, bearer token
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->config(['api' => 'logistos', 'require_token' => true]);
$log = [];
$settings = ['handshake_url' => $sim->url('logistos') . '/integration/integrate_woo_commerce',
    'orders_url' => $sim->url('logistos') . '/integration/woo_commerce_orders', 'bearer_token' => ErpSyncTest\Sim::LOGISTOS_TOKEN,
    'log' => function ($e) use (&$log) { $log[] = json_encode($e); }, 'retry' => ['max_attempts' => 2, 'base_delay_ms' => 10]];
$l = new ErpSync\Connector\Logistos($settings);
echo "capabilities: ", implode(',', $l->capabilities()), "\n";
$secret = 'cs_0123456789abcdef0123456789abcdef01234567';
$creds = ['store_url' => 'https://shop.example', 'consumer_key' => 'ck_0123456789abcdef0123456789abcdef01234567', 'consumer_secret' => $secret];
$h = $l->handshake($creds);
echo "handshake: ", var_export($h['ok'], true), "\n";
$st = $sim->state('logistos');
echo "store registered: ", isset($st['stores']['https://shop.example']) ? 'yes' : 'no', ", secret received intact: ",
    $st['stores']['https://shop.example']['consumer_secret_sha1'] === sha1($secret) ? 'yes' : 'no', "\n";
echo "log: ", no_secret(implode("\n", $log), [$secret, ErpSyncTest\Sim::LOGISTOS_TOKEN]), "\n";
$sim->fault(['api' => 'logistos', 'path' => '/integration/integrate_woo_commerce', 'kind' => 'status', 'status' => 400, 'count' => 1,
    'body' => json_encode(['detail' => 'bad', 'consumer_secret' => $secret])]);
try { $l->handshake($creds); } catch (ErpSync\HttpException $e) {
    echo "failed handshake: ", $e->getStatus(), ", ", no_secret($e->getMessage() . $e->getBodyExcerpt(), [$secret]), "\n";
}
try { $l->handshake(['consumer_secret' => 'oops'] + $creds); } catch (ErpSync\ValidationException $e) { echo "bad secret: ", $e->getField(), ", ", no_secret($e->getMessage(), ['oops']), "\n"; }

echo golden('logistos/order.json', $l->buildOrderPayload(order_snapshot(['meta' => ['_internal' => 'x']]))), "\n";
$r = $l->exportOrder(order_snapshot());
echo "export: ", $r['remote_id'], " created=", var_export($r['created'], true), "\n";
var_dump($l->findOrder(order_snapshot()));
$orders = [];
for ($i = 1; $i <= 5; $i++) { $orders[] = order_snapshot(['id' => 2000 + $i, 'number' => (string) (2000 + $i)]); }
$sim->fault(['api' => 'logistos', 'method' => 'POST', 'path' => '/integration/woo_commerce_orders', 'kind' => 'status', 'status' => 500, 'count' => 1,
    'after' => 0]);
$res = $l->pushOrders($orders, 2);
foreach ($res as $b) { echo "batch ", implode(',', $b['ids']), ": ", $b['ok'] ? 'ok' : "failed ({$b['status']})", "\n"; }
$st = $sim->state('logistos');
echo "orders at Logistos: ", count($st['orders']), ", duplicates received: ", $st['duplicates'], "\n";
try { $l->pushOrders([order_snapshot(['line_items' => [0 => ['quantity' => '0']]])]); } catch (ErpSync\ValidationException $e) { echo "bad order in batch: ", $e->getField(), "\n"; }
$noTok = new ErpSync\Connector\Logistos(['orders_url' => $settings['orders_url'], 'retry' => ['max_attempts' => 1]]);
try { $noTok->exportOrder(order_snapshot()); } catch (ErpSync\HttpException $e) { echo "without token: ", $e->getStatus(), "\n"; }
try { new ErpSync\Connector\Logistos(['orders_url' => 'ftp://x']); } catch (ErpSync\ValidationException $e) { echo "bad URL: ", $e->getField(), "\n"; }
?>
--EXPECT--
capabilities: test_connection,handshake,export_order,push_orders
handshake: true
store registered: yes, secret received intact: yes
log: no secret
failed handshake: 400, no secret
bad secret: consumer_secret, no secret
golden logistos/order.json: identical
export: 1284 created=true
NULL
batch 2001,2002: failed (500)
batch 2003,2004: ok
batch 2005: ok
orders at Logistos: 4, duplicates received: 0
bad order in batch: line_items[0].quantity
without token: 401
bad URL: settings.orders_url
