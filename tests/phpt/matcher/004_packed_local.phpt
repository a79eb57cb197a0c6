--TEST--
Matcher::addLocalPacked: the shop's products as one packed string ("<length>:<bytes>" or "-" per field) give exactly what addLocal gives under every option set; any byte survives in a field; malformed input names the row and byte offset; changes carry the shop's old value
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/../../bench/PhpMatcher.php';
require __DIR__ . '/../../bench/generate.php';
use ErpSyncBench\{Generate, PhpMatcher};

function all(object $m): array
{
    $out = ['counts' => $m->run()];
    foreach (['matched', 'changes', 'unmatchedLocal', 'unmatchedRemote', 'duplicates', 'invalid'] as $f) {
        $rows = [];
        for ($o = 0; ($chunk = $m->$f($o, 97)) !== []; $o += 97) {
            array_push($rows, ...$chunk);
        }
        $out[$f] = $rows;
    }
    return $out;
}

$sets = [
    'defaults of the bench' => Generate::OPTIONS,
    'EAN first, stock as delta' => ['keys' => ['ean', 'sku'], 'stock_mode' => 'delta', 'own' => ['stock' => 'remote', 'price' => 'local', 'name' => 'local']] + Generate::OPTIONS,
    'images and categories owned' => ['remote' => ['images' => 'images', 'categories' => 'categories'] + Generate::OPTIONS['remote'],
        'own' => ['stock' => 'local', 'price' => 'local', 'name' => 'local', 'images' => 'remote', 'categories' => 'remote']] + Generate::OPTIONS,
];
[$pages, $chunks] = (new Generate(11))->catalogue(2500, 0.2, 600, 700, true);
foreach ($sets as $name => $opts) {
    $a = new ErpSync\Matcher\Matcher($opts);
    $b = new ErpSync\Matcher\Matcher($opts);
    $p = new PhpMatcher($opts);
    foreach ($pages as $body) { $a->addRemoteJson($body); $b->addRemoteJson($body); $p->addRemoteJson($body); }
    $n = 0;
    foreach ($chunks as $ch) { $a->addLocal($ch); $n += $b->addLocalPacked(Generate::pack($ch), Generate::PACKED); $p->addLocal($ch); }
    $x = all($a); $y = all($b); $z = all($p);
    echo "$name: $n packed; packed = arrays: ", $x === $y ? 'yes' : 'NO', "; = PHP reference: ", $y === $z ? 'yes' : 'NO', "\n";
}

// the old value of each change is the shop's value as it was given
$m = new ErpSync\Matcher\Matcher(Generate::OPTIONS);
foreach ($pages as $body) { $m->addRemoteJson($body); }
$shop = [];
foreach ($chunks as $ch) { $m->addLocalPacked(Generate::pack($ch), Generate::PACKED); foreach ($ch as $lp) { $shop[$lp['id']] = $lp; } }
$ok = ['stock' => 0, 'price' => 0, 'name' => 0];
$bad = 0;
foreach (all($m)['changes'] as [$id, , $field, $new, , $old]) {
    $want = ['stock' => $shop[$id]['stock'], 'price' => $shop[$id]['regular_price'], 'name' => $shop[$id]['name']][$field];
    $same = $field === 'name' ? $old === $want : (float) $old === (float) $want;
    $same ? $ok[$field]++ : $bad++;
}
echo "old values: stock ", $ok['stock'] > 0 ? 'right' : 'none', ", price ", $ok['price'] > 0 ? 'right' : 'none', ", name ", $ok['name'] > 0 ? 'right' : 'none', ", wrong $bad\n";

// any byte in a field: separators, newlines, NUL, a length prefix look-alike
$rows = [['id' => 7, 'sku' => "A\x1e:3:B", 'name' => "x\0y\n9:", 'remote_id' => 'R7', 'stock' => null, 'regular_price' => '']];
$m = new ErpSync\Matcher\Matcher(['remote' => ['name' => 'name'], 'own' => ['name' => 'remote', 'stock' => 'remote', 'price' => 'remote'], 'keys' => ['sku']]);
$m->addRemoteJson(json_encode([['id' => 'R7', 'sku' => "A\x1e:3:B", 'name' => 'New', 'stock' => 4]]));
echo "odd bytes: ", $m->addLocalPacked(Generate::pack($rows), Generate::PACKED), " added; ";
$c = all($m)['changes'];
echo "changes ", json_encode(array_map(fn($r) => [$r[2], $r[3], $r[5]], $c)), "\n";

$bad = [
    'length beyond the end' => ['9:12', ['id']],
    'no colon' => ['12', ['id']],
    'missing column' => ['1:5', ['id', 'sku']],
    'id not a number' => ['1:x', ['id']],
    'id null' => ['-', ['id']],
    'second row cut' => ['1:51:A2:6', ['id', 'sku']],
    'stock not a number' => ['1:53:abc', ['id', 'stock']],
];
foreach ($bad as $what => [$s, $cols]) {
    try {
        (new ErpSync\Matcher\Matcher([]))->addLocalPacked($s, $cols);
        echo "$what: accepted\n";
    } catch (ErpSync\ValidationException $e) {
        echo "$what: ", $e->getMessage(), "\n";
    }
}
foreach ([[], ['id', 'nope']] as $cols) {
    try { (new ErpSync\Matcher\Matcher([]))->addLocalPacked('1:1', $cols); } catch (ValueError $e) { echo "columns ", json_encode($cols), ": ", $e->getMessage(), "\n"; }
}
echo "empty string: ", (new ErpSync\Matcher\Matcher([]))->addLocalPacked('', ['id']), " added\n";
?>
--EXPECT--
defaults of the bench: 2500 packed; packed = arrays: yes; = PHP reference: yes
EAN first, stock as delta: 2500 packed; packed = arrays: yes; = PHP reference: yes
images and categories owned: 2500 packed; packed = arrays: yes; = PHP reference: yes
old values: stock right, price right, name right, wrong 0
odd bytes: 1 added; changes [["stock","4",""],["name","New","x\u0000y\n9:"]]
length beyond the end: packed local products: row 0, column 0 is not "<length>:<bytes>" or "-" (byte offset 0)
no colon: packed local products: row 0, column 0 is not "<length>:<bytes>" or "-" (byte offset 0)
missing column: packed local products: row 0, column 1 is not "<length>:<bytes>" or "-" (byte offset 3)
id not a number: packed local products: row 0 has no positive integer id (byte offset 0)
id null: packed local products: row 0 has no positive integer id (byte offset 0)
second row cut: packed local products: row 1, column 0 is not "<length>:<bytes>" or "-" (byte offset 6)
stock not a number: product 5: stock, open_orders and price must be decimal numbers
columns []: ErpSync\Matcher\Matcher::addLocalPacked(): Argument #2 ($columns) must list 1 to 32 columns
columns ["id","nope"]: ErpSync\Matcher\Matcher::addLocalPacked(): Argument #2 ($columns) must list columns among id, parent_id, remote_id, sku, ean, stock, open_orders, regular_price, name, image_hashes, categories, last_hash, skip
empty string: 0 added
