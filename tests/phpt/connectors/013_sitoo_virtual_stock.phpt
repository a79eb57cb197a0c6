--TEST--
Sitoo stock of a Virtual warehouse: the warehouse list carries warehousetype; a delta is read, added and put as a total (transactions are refused there), one row per SKU with the totals before and after; a POS change between two deltas is kept; a bad SKU or a zero change sends nothing; chunks of 100 SKUs; a 429 goes up as RateLimitedException
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'sitoo', 'products' => 3]);
$s = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['warehouse_id' => 3]));
foreach ($s->warehouses() as $w) {
    echo "warehouse ", $w['warehouseid'], " ", $w['name'], " type ", $w['warehousetype'], "\n";
}
$puts = fn() => array_values(array_filter($sim->requests('sitoo'), fn($r) => $r['method'] === 'PUT' && str_contains($r['path'], '/warehouses/3/warehouseitems.json')));

$r = $s->adjustVirtualStock(['SKU-001001' => '5', 'SKU-001002' => 2]);
echo json_encode($r), "\n";
echo "put body: ", $puts()[0]['body'] ?? '-', "\n";
// A POS-side change of the same item between our deltas (another client writes the total): ours adds to it.
$pos = new ErpSync\Http\Client(['base_url' => $sim->url('sitoo'),
    'auth' => ['type' => 'basic', 'username' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD]]);
$pos->request('PUT', '/sites/1/warehouses/3/warehouseitems.json', ['json' => [['sku' => 'SKU-001001', 'decimaltotal' => '4.000']]]);
$r = $s->adjustVirtualStock(['SKU-001001' => '-1.5']);
echo json_encode($r), "\n";
echo "stock now: ", json_encode($sim->state('sitoo')['stock'][3]), "\n";

foreach ([['bad sku!' => 1], ['SKU-001001' => 0], ['SKU-001001' => 'x']] as $bad) {
    $n = count($puts());
    try {
        $s->adjustVirtualStock($bad);
    } catch (ErpSync\ValidationException $e) {
        echo "refused: ", $e->getField(), ", sent: ", count($puts()) - $n, "\n";
    }
}
echo "empty: ", json_encode($s->adjustVirtualStock([])), "\n";

// 150 SKUs: two reads and two puts (chunks of 100), every row answered.
$many = [];
for ($i = 1; $i <= 150; $i++) {
    $many[sprintf('NEW-%03d', $i)] = 1;
}
$n = count($puts());
$r = $s->adjustVirtualStock($many);
echo "150: rows ", count($r), ", ok ", count(array_filter($r, fn($x) => $x['ok'])), ", puts ", count($puts()) - $n, "\n";

// A physical warehouse refuses a total: per-row error, nothing changed.
$p = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['warehouse_id' => 1]));
$r = $p->adjustVirtualStock(['SKU-001001' => 1]);
echo "physical: ok ", var_export($r[0]['ok'], true), ", total ", $sim->state('sitoo')['stock'][1]['SKU-001001'] === $r[0]['before'] ? 'unchanged' : 'CHANGED', "\n";

$sim->config(['api' => 'sitoo', 'allowance' => 0, 'allowance_reset' => 30]);
try {
    $s->adjustVirtualStock(['SKU-001001' => 1]);
} catch (ErpSync\RateLimitedException $e) {
    echo "rate limited, retry after ", $e->getRetryAfter(), " s\n";
}
$sim->config(['api' => 'sitoo', 'allowance' => null]);
?>
--EXPECT--
warehouse 1 Webshop type 10
warehouse 2 Store Stockholm type 10
warehouse 3 Supplier (virtual) type 20
[{"sku":"SKU-001001","before":"0.000","after":"5.000","ok":true,"error":""},{"sku":"SKU-001002","before":"0.000","after":"2.000","ok":true,"error":""}]
put body: [{"sku":"SKU-001001","decimaltotal":"5.000"},{"sku":"SKU-001002","decimaltotal":"2.000"}]
[{"sku":"SKU-001001","before":"4.000","after":"2.500","ok":true,"error":""}]
stock now: {"SKU-001001":"2.500","SKU-001002":"2.000"}
refused: changes.bad sku!, sent: 0
refused: changes.SKU-001001, sent: 0
refused: changes.SKU-001001, sent: 0
empty: []
150: rows 150, ok 150, puts 2
physical: ok false, total unchanged
rate limited, retry after 30 s
