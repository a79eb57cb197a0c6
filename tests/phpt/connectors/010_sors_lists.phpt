--TEST--
SORS: price types and stock modes listed from the API (default paths, overridable), and the catalogue/stock reads send the chosen ones
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'products' => 3]);
$s = new ErpSync\Connector\Sors(sors_settings($sim, ['price_type' => 'VP', 'stock_mode' => 'total']));
echo "price types: ", implode(', ', array_map(fn($t) => "{$t['id']}={$t['name']}", $s->priceTypes())), "\n";
echo "stock modes: ", implode(', ', array_column($s->stockModes(), 'id')), "\n";
$s->fetchProducts(fn() => true);
$s->fetchStock(fn() => true);
$q = array_column(array_map(fn($r) => [$r['path'], $r['query']], $sim->requests('sors')), 1, 0);
echo "products sent priceType=", $q['/Shop2026/products']['priceType'], ", stock sent stockMode=", $q['/Shop2026/stock']['stockMode'], "\n";
$o = new ErpSync\Connector\Sors(sors_settings($sim, ['paths' => ['price_types' => '{database}/cjenovnici']]));
try { $o->priceTypes(); } catch (ErpSync\Exception $e) { echo get_class($e), " for the overridden path: ", str_contains($e->getMessage(), 'cjenovnici') ? 'named' : $e->getMessage(), "\n"; }
$sim->stop();
?>
--EXPECT--
price types: MP=Maloprodajna cena, VP=Veleprodajna cena
stock modes: available, total
products sent priceType=VP, stock sent stockMode=total
ErpSync\HttpException for the overridden path: named
