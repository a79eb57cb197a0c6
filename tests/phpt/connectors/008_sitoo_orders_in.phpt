--TEST--
Sitoo: orders read incrementally by orderid with Store2Door detection from order deliveries; delivering an order reduces stock and never delivers twice
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'sitoo', 'products' => 5]);
$s = new ErpSync\Connector\Sitoo(sitoo_settings($sim));
$ids = [];
foreach ([1, 2, 3] as $k) {
    $ids[$k] = $s->exportOrder(order_snapshot(['id' => 3000 + $k, 'number' => (string) (3000 + $k),
        'line_items' => [0 => ['sku' => 'SKU-001001'], 1 => ['sku' => 'SKU-001004']]]))['remote_id'];
}
$before = $sim->state('sitoo')['stock'][1]['SKU-001001'];
$d = $s->deliverOrder($ids[1]);
echo "deliver order 1: ", var_export($d['delivered'], true), "\n";
$again = $s->deliverOrder($ids[1]);
echo "deliver again: ", var_export($again['delivered'], true), " (", $again['message'], ")\n";
$after = $sim->state('sitoo')['stock'][1]['SKU-001001'];
echo "stock of SKU-001001 reduced by ", (float) $before - (float) $after, "\n";
$seen = [];
$n = $s->fetchOrders(function (array $orders) use (&$seen) { foreach ($orders as $o) { $seen[] = $o['externalid'] . ($o['store2door'] ? ' store2door' : ' delivered'); } }, 0, false, 2);
echo "all orders ($n): ", implode(', ', $seen), "\n";
$seen = [];
$s->fetchOrders(function (array $orders) use (&$seen) { foreach ($orders as $o) { $seen[] = $o['externalid']; } }, 0, true);
echo "Store2Door only: ", implode(', ', $seen), "\n";
$seen = [];
$s->fetchOrders(function (array $orders) use (&$seen) { foreach ($orders as $o) { $seen[] = $o['externalid']; } }, (int) $ids[3]);
echo "from the third orderid on: ", implode(', ', $seen), "\n";
$seen = [];
$s->fetchOrders(function (array $orders) use (&$seen) { foreach ($orders as $o) { $seen[] = $o['externalid']; } }, 0, false, 100, time() + 3600);
echo "orders from an hour ahead: ", count($seen), "\n";
$q = last_request($sim, 'sitoo')['query'];
echo "orderdatefrom sent: ", isset($q['orderdatefrom']) ? 'yes' : 'no', "\n";
try { $s->deliverOrder('abc'); } catch (ErpSync\ValidationException $e) { echo "bad id: ", $e->getField(), "\n"; }
try { $s->deliverOrder('999999'); } catch (ErpSync\HttpException $e) { echo "unknown order: ", $e->getStatus(), "\n"; }
?>
--EXPECT--
deliver order 1: true
deliver again: false (nothing left to deliver)
stock of SKU-001001 reduced by 2
all orders (3): wc-3001 delivered, wc-3002 store2door, wc-3003 store2door
Store2Door only: wc-3002, wc-3003
from the third orderid on: wc-3003
orders from an hour ahead: 0
orderdatefrom sent: yes
bad id: orderid
unknown order: 404
