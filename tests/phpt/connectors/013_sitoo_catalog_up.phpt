--TEST--
Sitoo catalogue up: after a lost reply of a product create, findProducts (one GET products.json?sku= per valid SKU, its query parameters those of getProducts in the OpenAPI description) finds what was made, so nothing is sent twice; updateCategory sends title and parent (golden, valid against updateCategory's schema), null for the top level (category-write.yaml: "The parent category ID or null for top level"; Sitoo's parent then gone), none when the parent is to be kept (-1), and refuses what is not a categoryid
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
$sim->seed(['api' => 'sitoo', 'variant_groups' => 1]);
$s = new ErpSync\Connector\Sitoo(sitoo_settings($sim));

$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/products.json', 'kind' => 'lost_reply']);
try {
    $s->pushProducts([['sku' => 'UP-1', 'name' => 'One', 'regular_price' => '10.00'], ['sku' => 'UP-2', 'name' => 'Two', 'regular_price' => '20.00']]);
    echo "no failure?\n";
} catch (ErpSync\TransportException $e) {
    echo "lost reply: ", $e->getKind(), "\n";
}
$before = count($sim->requests('sitoo'));
$found = $s->findProducts(['UP-1', 'UP-2', 'NOT-THERE', 'bad sku!', 'UP-1', 'VAR-1001', 'VAR-1001-M']);
ksort($found);
foreach ($found as $sku => $p) {
    echo "found $sku: productid ", $p['productid'] > 0 ? 'yes' : 'no', ", kind ", $p['kind'], "\n";
}
$gets = array_slice($sim->requests('sitoo'), $before);
echo "lookups: ", count($gets), " (one per distinct valid SKU)\n";
[$op] = $spec->operation('/sites/1/products.json', 'GET');
$allowed = array_column($op['parameters'], 'name');
$unknown = [];
foreach ($gets as $r) {
    $unknown = array_merge($unknown, array_diff(array_keys($r['query']), $allowed));
}
echo "query parameters outside getProducts: ", $unknown ? implode(',', array_unique($unknown)) : 'none', "\n";
echo "products in Sitoo: ", $sim->state('sitoo')['products'], " (1 main variant + 2 variants + the 2 made once)\n";
echo "after nothing found: ", json_encode($s->findProducts(['NOPE'])), "\n";

$cats = $s->syncCategories([['id' => 1, 'name' => 'Garden', 'parent_id' => 0], ['id' => 2, 'name' => 'Tools', 'parent_id' => 1]]);
$before = count($sim->requests('sitoo'));
var_dump($s->updateCategory($cats[2], 'Hand tools', (int) $cats[1]));
$s->updateCategory($cats[1], 'Garden & yard');
$s->updateCategory($cats[2], 'Hand tools', 0);
$s->updateCategory($cats[2], 'Hand tools', -1);
$puts = array_slice($sim->requests('sitoo'), $before);
foreach ($puts as $r) {
    $e = $spec->checkRequest($r['path'], $r['method'], json_decode($r['body'], true));
    echo $r['method'], ' ', preg_replace('~\d{4,}~', 'N', $r['path']), ': ', $e ? 'INVALID ' . implode('; ', $e) : 'valid', "\n";
}
echo golden('sitoo/category-update.json', preg_replace('~\d{4,}~', 'N', $puts[0]['body'])), "\n";
echo "top level: ", preg_replace('~\d{4,}~', 'N', $puts[1]['body']), "\n";
echo "moved to the top level: ", $puts[2]['body'], ", parent kept: ", $puts[3]['body'], "\n";
$titles = array_column($s->categories(), 'title', 'categoryid');
$parents = array_column($s->categories(), 'categoryparentid', 'categoryid');
echo "titles: ", $titles[(int) $cats[2]], " / ", $titles[(int) $cats[1]], "\n";
echo "Hand tools' parent in Sitoo: ", var_export($parents[(int) $cats[2]], true), "\n";
foreach ([['12a', 'x', 0], ['12', '', 0], ['12', 'x', -2]] as [$id, $t, $p]) {
    try {
        $s->updateCategory($id, $t, $p);
    } catch (ErpSync\ValidationException $e) {
        echo "refused: ", $e->getField(), "\n";
    }
}
?>
--EXPECT--
lost reply: reset
found UP-1: productid yes, kind single
found UP-2: productid yes, kind single
found VAR-1001: productid yes, kind parent
found VAR-1001-M: productid yes, kind variant
lookups: 5 (one per distinct valid SKU)
query parameters outside getProducts: none
products in Sitoo: 5 (1 main variant + 2 variants + the 2 made once)
after nothing found: []
bool(true)
PUT /sites/1/categories/N.json: valid
PUT /sites/1/categories/N.json: valid
PUT /sites/1/categories/N.json: valid
PUT /sites/1/categories/N.json: valid
golden sitoo/category-update.json: identical
top level: {"title":"Garden & yard","categoryparentid":null}
moved to the top level: {"title":"Hand tools","categoryparentid":null}, parent kept: {"title":"Hand tools"}
titles: Hand tools / Garden & yard
Hand tools' parent in Sitoo: NULL
refused: categoryid
refused: title
refused: categoryparentid
