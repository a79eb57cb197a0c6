--TEST--
Sitoo: order payload (golden, valid against the OpenAPI description), validation, exactly-once export by externalid, Click-and-Collect, stock in 1,000-item transactions, batch products with per-item results, warehouse items paged
--EXTENSIONS--
erpsync
yaml
--SKIPIF--
<?php
require __DIR__ . '/../../openapi/OpenApi.php';
if (ErpSyncTest\OpenApi::locate() === null) die('skip the Sitoo OpenAPI description is neither in tests/openapi/sitoo nor in $ERPSYNC_SITOO_OPENAPI');
?>
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
require_once __DIR__ . '/../../openapi/OpenApi.php';
$spec = new ErpSyncTest\OpenApi(ErpSyncTest\OpenApi::locate());
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'sitoo', 'products' => 2600]);
$log = [];
$s = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['log' => function ($e) use (&$log) { $log[] = json_encode($e); }]));
$t = $s->testConnection();
echo "test: ", var_export($t['ok'], true), ", eshopid ", $t['details']['eshopid'], "\n";

$order = order_snapshot(['line_items' => [0 => ['sku' => 'SKU-001001'], 1 => ['sku' => 'SKU-001004']]]);
$payload = $s->buildOrderPayload($order);
echo golden('sitoo/order.json', $payload), "\n";
echo "payload valid: ", json_encode($spec->checkRequest('/sites/1/orders.json', 'POST', json_decode($payload, true))), "\n";
$p = json_decode($payload, true);
echo "externalid ", $p['externalid'], ", rows ", count($p['orderitems']), ", row 1 price ", $p['orderitems'][0]['moneyrowprice'], " discount ", $p['orderitems'][0]['moneyrowdiscount'], "\n";

foreach ([
    'invalid SKU' => order_snapshot(['line_items' => [0 => ['sku' => 'KAVA 1KG']]]),
    'fractional quantity' => order_snapshot(['line_items' => [0 => ['sku' => 'SKU-001001', 'quantity' => '1.5']]]),
    'bad email' => order_snapshot(['billing' => ['email' => 'nope']]),
    'no id' => array_replace(order_snapshot(), ['id' => 0]),
] as $what => $bad) {
    try { $s->exportOrder($bad); echo "$what: sent!\n"; } catch (ErpSync\ValidationException $e) { echo "$what: ", $e->getField(), "\n"; }
}
echo "orders sent so far: ", count($sim->state('sitoo')['orders']), "\n";

$r1 = $s->exportOrder($order);
$r2 = $s->exportOrder($order);
echo "export: created=", var_export($r1['created'], true), ", again created=", var_export($r2['created'], true), ", same id: ", var_export($r1['remote_id'] === $r2['remote_id'], true), "\n";
$o2 = order_snapshot(['id' => 1290, 'number' => '1290', 'shipping_method' => 'local_pickup', 'line_items' => [0 => ['sku' => 'SKU-001001'], 1 => ['sku' => 'SKU-001004']]]);
$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/orders.json', 'kind' => 'lost_reply']);
try { $s->exportOrder($o2); } catch (ErpSync\TransportException $e) { echo "lost reply: ", $e->getKind(), "\n"; }
$f = $s->findOrder($o2);
$r3 = $s->exportOrder($o2);
echo "after lost reply: found ", $f ? 'yes' : 'no', ", retry created=", var_export($r3['created'], true), ", click-and-collect ", var_export($r3['click_and_collect'], true), "\n";
$orders = $sim->state('sitoo')['orders'];
echo "orders in Sitoo: ", count($orders), ", pickup warehouse ", $orders[1]['warehouseid'], "\n";

$changes = [];
for ($i = 0; $i < 2500; $i++) { $changes[sprintf('SKU-%06d', 1001 + $i)] = $i % 2 ? '-1' : '2.5'; }
$res = $s->adjustStock($changes, 'wc-sync-7');
echo "stock: ", count($res), " requests: ", implode(', ', array_map(fn($r) => "{$r['externalid']}={$r['items']}" . ($r['ok'] ? '' : ' FAILED'), $res)), "\n";
$tx = array_filter($sim->requests('sitoo'), fn($q) => $q['path'] === '/sites/1/warehousetransactions.json');
echo "largest transaction: ", max(array_map(fn($q) => count(json_decode($q['body'], true)[0]['items']), $tx)), " items\n";
try { $s->adjustStock(['BAD SKU' => '1'], 'x'); } catch (ErpSync\ValidationException $e) { echo "bad stock SKU: ", $e->getField(), "\n"; }
try { $s->adjustStock(['SKU-1' => 'abc'], 'x'); } catch (ErpSync\ValidationException $e) { echo "bad quantity: ", $e->getField(), "\n"; }

$pp = $s->pushProducts([
    ['sku' => 'NEW-A', 'name' => 'A', 'regular_price' => '10'],
    ['sku' => 'BAD SKU', 'name' => 'B'],
    ['sku' => 'SKU-001001', 'name' => 'duplicate of an existing SKU'],
    ['sku' => 'NEW-C', 'name' => 'C', 'ean' => '3830000000017'],
]);
foreach ($pp as $r) { echo "product ", $r['sku'], ": ", $r['ok'] ? "ok {$r['productid']}" : "failed ({$r['error']})", "\n"; }
echo "fixSku: ", ErpSync\Connector\Sitoo::fixSku('Kava 1kg/Črna,ž'), "\n";

$pages = [];
$n = $s->fetchWarehouseItems(function (array $items, int $page) use (&$pages) { $pages[] = count($items); }, 1000);
echo "warehouse items: $n in ", implode('+', $pages), "\n";

foreach ($sim->requests('sitoo') as $q) {
    if ($q['body'] !== '' && ($e = $spec->checkRequest($q['path'], $q['method'], json_decode($q['body'], true)))) { echo "INVALID request {$q['method']} {$q['path']}: ", $e[0], "\n"; }
}
$auth = array_unique(array_map(fn($q) => $q['headers']['authorization'] ?? '', $sim->requests('sitoo')));
echo "auth: ", count($auth) === 1 && str_starts_with($auth[0], 'Basic ') ? 'Basic on every request' : 'MIXED', ", all .json: ",
    count(array_filter($sim->requests('sitoo'), fn($q) => !str_ends_with($q['path'], '.json'))) === 0 ? 'yes' : 'no', "\n";
echo "log: ", no_secret(implode("\n", $log), [ErpSyncTest\Sim::SITOO_PASSWORD, base64_encode('sitoo-user:sitoo-pass')]), "\n";
try { new ErpSync\Connector\Sitoo(['base_url' => $sim->url('sitoo'), 'api_id' => 'x']); } catch (ErpSync\ValidationException $e) { echo "missing password: ", $e->getField(), "\n"; }
$wrong = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['password' => 'wrong-pass-123']));
$t = $wrong->testConnection();
echo "wrong password: ", var_export($t['ok'], true), ", ", str_contains($t['message'], 'wrong-pass-123') ? 'LEAK' : 'no secret in message', "\n";
$ov = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['fields' => ['f.comment' => 'commentinternal'], 'extra_fields' => ['crm-customerid' => 'billing.email', 'channel' => '=web']]));
$po = json_decode($ov->buildOrderPayload($order), true);
echo "field override: ", isset($po['commentinternal']) && !isset($po['comment']) ? 'applied' : 'missing', ", additionaldata ", json_encode($po['additionaldata']), "\n";
try { new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['fields' => ['f.comentary' => 'x']])); } catch (ErpSync\ValidationException $e) { echo "unknown field override: ", $e->getField(), "\n"; }
?>
--EXPECT--
test: true, eshopid 1
golden sitoo/order.json: identical
payload valid: []
externalid wc-1284, rows 3, row 1 price 43.92 discount 4.88
invalid SKU: line_items[0].sku
fractional quantity: line_items[0].quantity
bad email: billing.email
no id: id
orders sent so far: 0
export: created=true, again created=false, same id: true
lost reply: reset
after lost reply: found yes, retry created=false, click-and-collect true
orders in Sitoo: 2, pickup warehouse 2
stock: 3 requests: wc-sync-7-1=1000, wc-sync-7-2=1000, wc-sync-7-3=500
largest transaction: 1000 items
bad stock SKU: changes.BAD SKU
bad quantity: changes.SKU-1
product NEW-A: ok 10472
product BAD SKU: failed (the SKU has characters Sitoo does not allow (see fixSku))
product SKU-001001: failed (sku already exists)
product NEW-C: ok 10473
fixSku: Kava-1kg/-rna--
warehouse items: 4266 in 1000+1000+1000+1000+266
auth: Basic on every request, all .json: yes
log: no secret
missing password: settings.password
wrong password: false, no secret in message
field override: applied, additionaldata {"crm-customerid":"maja@example.si","channel":"web"}
unknown field override: settings.fields.f.comentary
