--TEST--
After the export: SORS return document (type "return", reference to the original, looked up first, sent once also after a lost reply); Sitoo cancellation (orderstateid 20 by PUT, read first, not repeated, closed order refused, valid against the OpenAPI description)
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
$sim = ErpSyncTest\Sim::start();

// ---------------------------------------------------------------- SORS
$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'products' => 4, 'customers' => 2]);
$s = new ErpSync\Connector\Sors(sors_settings($sim));
echo "capabilities: ", implode(',', array_intersect(['export_return', 'find_return'], $s->capabilities())), "\n";
$inv = $s->exportOrder(order_snapshot(), ['customer_remote_id' => '2']);
echo "invoice: ", $inv['remote_number'], "\n";
try { $s->exportReturn(order_snapshot(), ['customer_remote_id' => '2']); } catch (ErpSync\ValidationException $e) { echo "no reference: ", $e->getField(), " — ", $e->getMessage(), "\n"; }
$ctx = ['customer_remote_id' => '2', 'original_number' => $inv['remote_number']];
$p = json_decode($s->buildReturnPayload(order_snapshot(), $ctx), true);
echo "payload: type ", $p['documentType'], ", reference ", $p['referenceNumber'], ", external ", $p['externalNumber'], ", items ", count($p['items']), "\n";
var_dump($s->findReturn(order_snapshot(), $ctx));
// the reply is lost after SORS stored the return: the next attempt links it instead of sending a second one
$sim->fault(['api' => 'sors', 'method' => 'POST', 'path' => '/Shop2026/documents/return', 'kind' => 'lost_reply']);
try { $s->exportReturn(order_snapshot(), $ctx); } catch (ErpSync\TransportException $e) { echo "lost reply: ", $e->getKind(), "\n"; }
$f = $s->findReturn(order_snapshot(), $ctx);
echo "found after lost reply: ", $f['remote_number'], "\n";
$again = $s->exportReturn(order_snapshot(), $ctx);
echo "again: created ", var_export($again['created'], true), ", ", $again['remote_number'], "\n";
$docs = array_values($sim->state('sors')['Shop2026']['documents'] ?? []);
$types = array_count_values(array_column($docs, 'documentType'));
ksort($types);
echo "documents in SORS: ", json_encode($types), "\n";
echo "the invoice itself still found as the order: ", $s->findOrder(order_snapshot())['remote_number'], "\n";
try { $s->exportReturn(order_snapshot(['number' => '1300']), ['customer_remote_id' => '2', 'original_number' => 'INV-99999']); } catch (ErpSync\HttpException $e) { echo "unknown reference: ", $e->getStatus(), " ", $e->getMessage(), "\n"; }

// ---------------------------------------------------------------- Sitoo
$spec = new ErpSyncTest\OpenApi(ErpSyncTest\OpenApi::locate());
$sim->seed(['api' => 'sitoo', 'products' => 1100]);
$t = new ErpSync\Connector\Sitoo(sitoo_settings($sim));
echo "sitoo capability: ", in_array('cancel_order', $t->capabilities(), true) ? 'cancel_order' : 'MISSING', "\n";
$order = order_snapshot(['line_items' => [0 => ['sku' => 'SKU-001001'], 1 => ['sku' => 'SKU-001002']]]);
$id = $t->exportOrder($order)['remote_id'];
$r1 = $t->cancelOrder($id);
$r2 = $t->cancelOrder($id);
echo "cancel: ", json_encode($r1), "; again: ", json_encode($r2), "\n";
echo "orderstateid in Sitoo: ", array_column($sim->state('sitoo')['orders'], 'orderstateid', 'orderid')[(int) $id], "\n";
$puts = array_values(array_filter($sim->requests('sitoo'), fn($q) => $q['method'] === 'PUT'));
$gets = array_filter($sim->requests('sitoo'), fn($q) => $q['method'] === 'GET' && $q['path'] === "/sites/1/orders/$id.json");
echo "GETs of the order before deciding: ", count($gets), "\n";
echo "PUTs: ", count($puts), " ", $puts[0]['path'], " ", $puts[0]['body'], "\n";
$errs = $spec->checkRequest('/sites/{siteid}/orders/{orderid}.json', 'PUT', json_decode($puts[0]['body'], true));
echo "PUT body against the OpenAPI description: ", $errs ? implode('; ', $errs) : 'valid', "\n";
// a closed order (a finished sale) is refused with the reason, nothing is sent
$o2 = order_snapshot(['id' => 1291, 'number' => '1291', 'line_items' => [0 => ['sku' => 'SKU-001001'], 1 => ['sku' => 'SKU-001002']]]);
$id2 = $t->exportOrder($o2)['remote_id'];
$http = new ErpSync\Http\Client(['base_url' => $sim->url('sitoo'), 'auth' => ['type' => 'basic', 'username' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD]]);
$http->put('/sites/1/orders/' . $id2 . '.json', ['json' => ['orderstateid' => 10]]);
try { $t->cancelOrder($id2); } catch (ErpSync\ValidationException $e) { echo "closed: ", $e->getField(), " — ", $e->getMessage(), "\n"; }
try { $t->cancelOrder('12x'); } catch (ErpSync\ValidationException $e) { echo "bad id: ", $e->getField(), "\n"; }
try { $t->cancelOrder('99999'); } catch (ErpSync\HttpException $e) { echo "unknown order: ", $e->getStatus(), "\n"; }
// a 503 on the PUT is retried by the engine (the PUT is idempotent) and succeeds
$o3 = order_snapshot(['id' => 1292, 'number' => '1292', 'line_items' => [0 => ['sku' => 'SKU-001001'], 1 => ['sku' => 'SKU-001002']]]);
$id3 = $t->exportOrder($o3)['remote_id'];
$sim->fault(['api' => 'sitoo', 'method' => 'PUT', 'path' => '/sites/1/orders/' . $id3 . '.json', 'kind' => 'status', 'status' => 503, 'count' => 1]);
echo "after a 503: ", json_encode($t->cancelOrder($id3)), ", PUTs sent ", count(array_filter($sim->requests('sitoo'), fn($q) => $q['method'] === 'PUT' && $q['path'] === "/sites/1/orders/$id3.json")), "\n";
?>
--EXPECT--
capabilities: export_return,find_return
invoice: INV-00001
no reference: original_number — SORS return: the number of the original document is missing
payload: type return, reference INV-00001, external 1284, items 3
NULL
lost reply: reset
found after lost reply: RET-00002
again: created false, RET-00002
documents in SORS: {"invoice":1,"return":1}
the invoice itself still found as the order: INV-00001
unknown reference: 422 SORS: POST /sors/Shop2026/documents/return answered HTTP 422 (Unprocessable Entity): A return needs the referenceNumber of an existing document: INV-99999 is unknown
sitoo capability: cancel_order
cancel: {"cancelled":true,"already":false,"remote_id":"4301"}; again: {"cancelled":false,"already":true,"remote_id":"4301"}
orderstateid in Sitoo: 20
GETs of the order before deciding: 2
PUTs: 1 /sites/1/orders/4301.json {"ordertypeid":10,"orderstateid":20}
PUT body against the OpenAPI description: valid
closed: orderstateid — Sitoo cancellation: order 4302 is closed (orderstateid 10) and cannot be cancelled through the API
bad id: orderid
unknown order: 404
after a 503: {"cancelled":true,"already":false,"remote_id":"4303"}, PUTs sent 2
