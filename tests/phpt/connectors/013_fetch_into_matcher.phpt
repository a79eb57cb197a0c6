--TEST--
fetchProductsInto / fetchStockInto: VASCO and SORS reply pages go from HTTP into the matcher in C and give exactly what the PHP-array path gives (ids, EAN from dodatnaPolja or a numeric code, stock per code with or without supplier stock, "own|supplier" on matched(), raw fields of unmatched items); a malformed page names the page
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
use ErpSync\Matcher\Matcher;

function dump_all(Matcher $m): array
{
    $out = ['counts' => $m->run()];
    foreach (['matched', 'changes', 'unmatchedLocal', 'unmatchedRemote', 'unmatchedRemoteItems', 'duplicates', 'invalid'] as $f) {
        $rows = [];
        for ($o = 0; ($chunk = $m->$f($o, 7)) !== []; $o += 7) {
            array_push($rows, ...$chunk);
        }
        $out[$f] = $rows;
    }
    return $out;
}
function first_diff(array $a, array $b): string
{
    foreach ($a as $k => $v) {
        if ($v !== $b[$k]) return "$k: C " . json_encode(array_slice((array) $v, 0, 2)) . " PHP " . json_encode(array_slice((array) $b[$k], 0, 2));
    }
    return '';
}

// unmatchedRemoteItems gives the price as the reply wrote it; the array path had it through a PHP float: equal as numbers
function same_price(array $x, array &$y): void
{
    foreach ($y['unmatchedRemoteItems'] as $k => $row) {
        $c = $x['unmatchedRemoteItems'][$k][3] ?? null;
        if ($c !== null && $row[3] !== null && (float) $c === (float) $row[3]) $y['unmatchedRemoteItems'][$k][3] = $c;
    }
}

$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'vasco', 'products' => 23, 'seed' => 5]);
$v = new ErpSync\Connector\Vasco(vasco_settings($sim));
$opts = ['keys' => ['link', 'ean'], 'own' => ['stock' => 'remote', 'price' => 'remote', 'name' => 'remote'], 'prices_include_tax' => false];
// the shop: every third article linked, with stock 1 and another name (so stock and name changes show)
$local = [];
for ($i = 1; $i <= 23; $i += 3) {
    $local[] = ['id' => $i, 'remote_id' => sprintf('ART-%06d', $i), 'stock' => '1', 'regular_price' => '1.00', 'name' => "Shop $i"];
}
foreach ([true, false] as $supplier) {
    // the PHP-array path (what VascoStock did before): stock per code, then the pages as arrays
    $stock = [];
    foreach ($v->fetchStock() as $row) { $stock[(string) $row['code']] = $row; }
    $a = new Matcher($opts);
    $v->fetchProducts(function (array $items) use ($a, $stock, $supplier) {
        $batch = [];
        foreach ($items as $it) {
            $code = (string) $it['sifra'];
            $ean = '';
            foreach ($it['dodatnaPolja'] as $f) { if ($f['naziv'] === 'EAN') $ean = (string) $f['vrednost']; }
            if ($ean === '' && preg_match('/^\d{8,14}$/', $code)) $ean = $code;
            $s = $stock[$code] ?? null;
            $total = $s ? ($supplier ? $s['total'] : (string) ((float) $s['total'] - (float) $s['supplier'])) : '0';
            $batch[] = ['id' => $code, 'ean' => $ean, 'stock' => $total, 'price' => isset($it['prodajnaCena']) ? (string) $it['prodajnaCena'] : null,
                'name' => (string) $it['naziv'], 'extra' => ($s ? $s['own'] : '0') . '|' . ($s ? $s['supplier'] : '0')];
        }
        $a->addRemote($batch);
    }, 10);
    $a->addLocal($local);
    $before = count($sim->requests('vasco'));
    $c = new Matcher($opts);
    $n = $v->fetchProductsInto($c, $supplier, 10);
    $c->addLocal($local);
    $segs = array_values(array_map(fn($q) => $q['query']['Segment'], array_filter(array_slice($sim->requests('vasco'), $before), fn($q) => isset($q['query']['Segment']))));
    $x = dump_all($c); $y = dump_all($a);
    same_price($x, $y);
    echo "VASCO supplier ", $supplier ? 'counted' : 'left out', ": $n articles, Segment ", implode(',', $segs), "; same as the array path: ",
        $x === $y ? 'yes' : 'NO ' . first_diff($x, $y), "; matched {$x['counts']['matched']}, changes {$x['counts']['changes']}\n";
    $extra = array_column($x['matched'], 4, 0);
    $s = $stock['ART-000004'] ?? null;
    echo "  extra of product 4: ", $extra[4] === ($s ? $s['own'] . '|' . $s['supplier'] : '0|0') ? 'own|supplier of fetchStock' : $extra[4], "\n";
}
$old = array_values(array_filter(dump_all($c)['changes'], fn($r) => $r[2] === 'stock'));
echo "old stock value on a change: ", $old[0][5], "; old name: ", array_values(array_filter(dump_all($c)['changes'], fn($r) => $r[2] === 'name'))[0][5], "\n";

// SORS: catalogue and stock
$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'products' => 31]);
$s = new ErpSync\Connector\Sors(sors_settings($sim, ['price_type' => 'VP', 'stock_mode' => 'available']));
$opts = ['keys' => ['link', 'sku', 'ean'], 'own' => ['stock' => 'remote', 'price' => 'remote', 'name' => 'remote', 'categories' => 'remote'],
    'prices_include_tax' => true, 'remote_prices_include_tax' => true];
$local = [['id' => 1, 'remote_id' => '', 'sku' => 'nothing', 'regular_price' => '1.00', 'name' => 'x']];
$a = new Matcher($opts);
$s->fetchProducts(function (array $items) use ($a) {
    $b = [];
    foreach ($items as $p) {
        $b[] = ['id' => (string) $p['id'], 'sku' => (string) $p['sku'], 'ean' => (string) $p['barcode'], 'price' => isset($p['price']) ? (string) $p['price'] : null,
            'name' => (string) $p['name'], 'categories' => (string) $p['groupId']];
    }
    $a->addRemote($b);
}, 8);
$a->addLocal($local);
$c = new Matcher($opts);
$before = count($sim->requests('sors'));
$n = $s->fetchProductsInto($c, 8);
$c->addLocal($local);
$q = array_values(array_slice($sim->requests('sors'), $before));
$x = dump_all($c); $y = dump_all($a);
same_price($x, $y);
echo "SORS products: $n in ", count($q), " requests (page ", implode(',', array_map(fn($r) => $r['query']['page'], $q)), ", priceType ", $q[0]['query']['priceType'],
    ", businessUnit ", $q[0]['query']['businessUnit'], "); same as the array path: ", $x === $y ? 'yes' : 'NO ' . first_diff($x, $y), "\n";
$it = $x['unmatchedRemoteItems'][0];
echo "  an unmatched item: id ", $it[0] !== '' ? 'set' : 'empty', ", sku ", $it[1], ", ean ", strlen($it[2]), " digits, price ", is_string($it[3]) ? 'as text' : 'null', ", group ", $it[5], "\n";
$a = new Matcher(['keys' => ['link', 'sku']]);
$s->fetchStock(function (array $items) use ($a) {
    $a->addRemote(array_map(fn($r) => ['id' => (string) $r['productId'], 'sku' => (string) $r['sku'], 'stock' => (string) $r['quantity']], $items));
}, 8);
$a->addLocal([['id' => 5, 'remote_id' => '3', 'stock' => '0']]);
$c = new Matcher(['keys' => ['link', 'sku']]);
$n = $s->fetchStockInto($c, 8);
$c->addLocal([['id' => 5, 'remote_id' => '3', 'stock' => '0']]);
$x = dump_all($c); $y = dump_all($a);
same_price($x, $y);
echo "SORS stock: $n rows; same as the array path: ", $x === $y ? 'yes' : 'NO ' . first_diff($x, $y), "; stock change of product 5: ", $x['changes'][0][3] ?? 'none', "\n";

// a malformed page: ProtocolException naming the page, nothing half-added beyond the items before the fault
$sim->fault(['api' => 'sors', 'method' => 'GET', 'path' => '/Shop2026/products', 'kind' => 'status', 'status' => 200,
    'body' => '{"success":true,"data":[{"id":1,"sku":"A"},{"id":2,"sku":', 'count' => 1]);
try {
    $s->fetchProductsInto(new Matcher($opts), 8);
    echo "no exception\n";
} catch (ErpSync\ProtocolException $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}
try { $s->fetchProductsInto(new Matcher($opts), 0); } catch (ValueError $e) { echo "page size 0: ", $e->getMessage(), "\n"; }
?>
--EXPECTF--
VASCO supplier counted: 23 articles, Segment 1,2,3; same as the array path: yes; matched 8, changes %d
  extra of product 4: own|supplier of fetchStock
VASCO supplier left out: 23 articles, Segment 1,2,3; same as the array path: yes; matched 8, changes %d
  extra of product 4: own|supplier of fetchStock
old stock value on a change: 1; old name: Shop %d
SORS products: 31 in 4 requests (page 1,2,3,4, priceType VP, businessUnit 1); same as the array path: yes
  an unmatched item: id set, sku %s, ean 13 digits, price as text, group %d
SORS stock: 31 rows; same as the array path: yes; stock change of product 5: %s
ErpSync\ProtocolException: page 1: catalogue reply: %s
page size 0: %s
