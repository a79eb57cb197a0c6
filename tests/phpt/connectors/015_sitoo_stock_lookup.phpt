--TEST--
Sitoo findStockTransactions (getWarehouseTransactions with warehouseid and datecreatedfrom, parameters of the OpenAPI description, every page read, externalid matched here: exact or "-<n>") and virtualTotals (a Virtual warehouse's totals read back); replies valid against the description
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
$sim->seed(['api' => 'sitoo', 'products' => 3, 'seed' => 4]);
$s = new ErpSync\Connector\Sitoo(sitoo_settings($sim));
$skus = array_slice(array_keys($sim->state('sitoo')['stock'][1]), 0, 2);
$t0 = time();
$s->adjustStock([$skus[0] => '-2'], 'wco-17');
$s->adjustStock([$skus[1] => '1'], 'wco-171');
$s->adjustStock([$skus[1] => '1'], 'wcr-17');
$before = count($sim->requests('sitoo'));
$found = $s->findStockTransactions('wco-17', $t0 - 60);
echo "found: ", implode(',', array_column($found, 'externalid')), "\n";
echo "later than all: ", count($s->findStockTransactions('wco-17', time() + 3600)), "\n";
$gets = array_slice($sim->requests('sitoo'), $before);
[$op] = $spec->operation('/sites/1/warehousetransactions.json', 'GET');
$allowed = array_column($op['parameters'], 'name');
$unknown = [];
foreach ($gets as $r) {
    $unknown = array_merge($unknown, array_diff(array_keys($r['query']), $allowed));
}
echo "query parameters outside getWarehouseTransactions: ", $unknown ? implode(',', array_unique($unknown)) : 'none', "\n";
echo "query: warehouseid ", $gets[0]['query']['warehouseid'], ", datecreatedfrom ", $gets[0]['query']['datecreatedfrom'] == $t0 - 60 ? 'as given' : 'WRONG', "\n";
$c = new ErpSync\Http\Client(['base_url' => $sim->url('sitoo'), 'auth' => ['type' => 'basic', 'username' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD]]);
$r = $c->request('GET', '/sites/1/warehousetransactions.json', ['query' => ['warehouseid' => 1, 'datecreatedfrom' => $t0 - 60]]);
echo "reply valid: ", $spec->checkResponse('/sites/1/warehousetransactions.json', 'GET', $r->status, $r->json()) ? 'no' : 'yes', "\n";
try {
    $s->findStockTransactions('', 0);
} catch (ErpSync\ValidationException $e) {
    echo "refused: ", $e->getField(), "\n";
}

$v = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['warehouse_id' => 3]));
$v->adjustVirtualStock([$skus[0] => '5']);
$before = count($sim->requests('sitoo'));
echo "virtual totals: ", json_encode($v->virtualTotals([$skus[0], 'NOT-THERE'])), "\n";
$g = array_slice($sim->requests('sitoo'), $before)[0];
[$op] = $spec->operation('/sites/1/warehouses/3/warehouseitems.json', 'GET');
echo "virtualTotals parameters outside getWarehouseItems: ", implode(',', array_diff(array_keys($g['query']), array_column($op['parameters'], 'name'))) ?: 'none', "\n";
try {
    $v->virtualTotals(['bad sku!']);
} catch (ErpSync\ValidationException $e) {
    echo "refused: ", $e->getField(), ", requests: ", count($sim->requests('sitoo')) - $before - 1, "\n";
}
?>
--EXPECT--
found: wco-17-1
later than all: 0
query parameters outside getWarehouseTransactions: none
query: warehouseid 1, datecreatedfrom as given
reply valid: yes
refused: externalid
virtual totals: {"SKU-001001":"5.000"}
virtualTotals parameters outside getWarehouseItems: none
refused: skus, requests: 0
