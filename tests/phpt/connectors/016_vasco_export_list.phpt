--TEST--
VASCO exportOrders: a list of orders sent in parallel, one result per order; a refusal, a 500, a timeout and a lost reply each affect only their own order; the next attempt links what arrived; payloads equal exportOrder's
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'vasco', 'partners' => 10]);
$v = new ErpSync\Connector\Vasco(vasco_settings($sim, ['timeout_ms' => 1500, 'retry' => ['max_attempts' => 1]]));
$ctx = ['customer_remote_id' => '7'];
$orders = [];
for ($i = 0; $i < 12; $i++) {
    $orders["o$i"] = order_snapshot(['id' => 2000 + $i, 'number' => (string) (2000 + $i)]);
}
$orders['bad'] = order_snapshot(['id' => 2099, 'number' => '2099', 'payment_method' => 'unknown_gateway']);
$contexts = array_fill_keys(array_keys($orders), $ctx);

// the payloads are exportOrder()'s: the same bytes as buildOrderPayload (the golden files pin those)
$sim->call('POST', '/_sim/record', ['max' => 1000]);
$one = $v->exportOrders(['x' => order_snapshot(['id' => 1999, 'number' => '1999'])], ['x' => $ctx]);
echo "single: created=", var_export($one['x']['created'], true), " remote ", $one['x']['remote_id'], ", payload = buildOrderPayload: ",
    $one['x']['payload'] === $v->buildOrderPayload(order_snapshot(['id' => 1999, 'number' => '1999']), $ctx) ? 'yes' : 'no', "\n";

// 4 of the 12 POSTs go wrong: a lost reply (VASCO keeps the order; the client sees the connection reset), a hang
// (timeout), a reset, a 500
foreach ([['kind' => 'lost_reply'], ['kind' => 'hang', 'ms' => 4000], ['kind' => 'reset'], ['kind' => 'status', 'status' => 500]] as $f) {
    $sim->fault($f + ['api' => 'vasco', 'method' => 'POST', 'path' => '/api/v1/FA/narociloKupca']);
}
$t = microtime(true);
$r = $v->exportOrders($orders, $contexts, 8);
$took = microtime(true) - $t;
echo "keys kept in order: ", implode(',', array_keys($r)) === implode(',', array_keys($orders)) ? 'yes' : 'no', "\n";
$kinds = [];
foreach ($r as $k => $x) {
    $kinds[] = is_array($x) ? ($x['created'] ? 'created' : 'linked') : get_class($x) . ($x instanceof ErpSync\TransportException ? ':' . $x->getKind() : '') . ($x instanceof ErpSync\HttpException ? ':' . $x->getStatus() : '');
}
$count = array_count_values($kinds);
ksort($count);
print_r($count);
echo "refused order: ", get_class($r['bad']), " field ", $r['bad']->getField(), "\n";
echo "in parallel: ", $took < 2 * 1.5 + 1 ? 'yes' : "no ({$took} s)", "\n";
$posts = fn() => array_values(array_filter($sim->requests('vasco'), fn($q) => $q['method'] === 'POST' && $q['path'] === '/api/v1/FA/narociloKupca'));
echo "POSTs for the refused order: ", count(array_filter($posts(), fn($q) => str_contains($q['body'], '"2099"'))), "\n";
$ok = array_filter($r, 'is_array');
foreach ($ok as $k => $x) {
    if ($x['remote_id'] !== $orders[$k]['number'] . '.2026') echo "wrong remote id for $k: {$x['remote_id']}\n";
}

// the failed ones again (after an ambiguous failure a lookup comes first: exportOrders always looks up first)
$again = array_diff_key(array_filter($r, fn($x) => !is_array($x)), ['bad' => 1]);
$r2 = $v->exportOrders(array_intersect_key($orders, $again), array_intersect_key($contexts, $again), 8);
$k2 = array_map(fn($x) => is_array($x) ? ($x['created'] ? 'created' : 'linked') : get_class($x), $r2);
$c2 = array_count_values($k2);
ksort($c2);
print_r($c2);
$st = $sim->state('vasco');
$numbers = array_map(fn($o) => $o['stevilka'] ?? $o['number'] ?? '?', $st['orders']);
$dup = array_filter(array_count_values(array_map('strval', $numbers)), fn($n) => $n > 1);
echo "orders at VASCO: ", count($st['orders']), ", duplicates: ", count($dup), "\n";
$all = array_merge($r2, array_filter($r, 'is_array'));
echo "every good order linked or created once: ", count($all) === 12 + 0 && count(array_filter($all, 'is_array')) === 12 ? 'yes' : 'no', "\n";
?>
--EXPECT--
single: created=true remote 1999.2026, payload = buildOrderPayload: yes
keys kept in order: yes
Array
(
    [ErpSync\HttpException:500] => 1
    [ErpSync\TransportException:reset] => 2
    [ErpSync\TransportException:timeout] => 1
    [ErpSync\ValidationException] => 1
    [created] => 8
)
refused order: ErpSync\ValidationException field payment_method
in parallel: yes
POSTs for the refused order: 0
Array
(
    [created] => 3
    [linked] => 1
)
orders at VASCO: 13, duplicates: 0
every good order linked or created once: yes
