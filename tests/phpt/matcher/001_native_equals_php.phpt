--TEST--
Matcher: the C engine and the PHP reference give identical results on generated catalogues with every edge case, under several option sets
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
    'case-fold + Sitoo rule' => ['case_fold' => true, 'sku_rule' => 'sitoo'] + Generate::OPTIONS,
    'Sitoo rule with fix-SKU' => ['sku_rule' => 'sitoo', 'fix_sku' => true, 'keys' => ['sku', 'ean']] + Generate::OPTIONS,
    'EAN first, stock as delta, shop owns price' => ['keys' => ['ean', 'sku'], 'stock_mode' => 'delta',
        'own' => ['stock' => 'remote', 'price' => 'local', 'name' => 'local']] + Generate::OPTIONS,
    'net shop prices, gross remote, wide tolerance' => ['prices_include_tax' => false, 'remote_prices_include_tax' => true,
        'price_tolerance' => '0.50'] + Generate::OPTIONS,
    'images and categories owned by the back-office' => ['remote' => ['images' => 'images', 'categories' => 'categories'] + Generate::OPTIONS['remote'],
        'own' => ['stock' => 'local', 'price' => 'local', 'name' => 'local', 'images' => 'remote', 'categories' => 'remote']] + Generate::OPTIONS,
];
[$pages, $chunks] = (new Generate(7))->catalogue(3000, 0.2, 700, 800, true);
foreach ($sets as $name => $opts) {
    $c = new ErpSync\Matcher\Matcher($opts);
    $p = new PhpMatcher($opts);
    foreach ($pages as $body) { $c->addRemoteJson($body); $p->addRemoteJson($body); }
    foreach ($chunks as $ch) { $c->addLocal($ch); $p->addLocal($ch); }
    $a = all($c); $b = all($p);
    $same = $a === $b;
    echo "$name: ", $same ? 'identical' : 'DIFFERENT', "; matched {$a['counts']['matched']}, changes {$a['counts']['changes']}, ",
        "unmatched {$a['counts']['unmatched_local']}/{$a['counts']['unmatched_remote']}, duplicates {$a['counts']['duplicates']}, invalid {$a['counts']['invalid']}\n";
    if (!$same) {
        foreach ($a as $k => $v) { if ($v !== $b[$k]) { echo "  first difference in $k:\n  C:   ", json_encode(array_slice($v, 0, 3)), "\n  PHP: ", json_encode(array_slice($b[$k], 0, 3)), "\n"; } }
    }
    $checks[$name] = $a;
}
$a = $checks['defaults of the bench'];
echo "every edge case seen: ",
    (in_array('wrong check digit', array_column($a['invalid'], 3), true) ? 'bad-check ' : ''),
    (in_array('not digits', array_column($a['invalid'], 3), true) ? 'non-digit ' : ''),
    (in_array('local', array_column($a['duplicates'], 0), true) ? 'local-dup ' : ''),
    (in_array('remote', array_column($a['duplicates'], 0), true) ? 'remote-dup ' : ''),
    (in_array('link', array_column($a['matched'], 2), true) ? 'by-link ' : ''),
    (in_array('ean', array_column($a['matched'], 2), true) ? 'by-ean ' : ''),
    (in_array('name', array_column($a['changes'], 2), true) ? 'name-change ' : ''),
    (in_array('images', array_column($checks['images and categories owned by the back-office']['changes'], 2), true) ? 'images-change ' : ''),
    (in_array('categories', array_column($checks['images and categories owned by the back-office']['changes'], 2), true) ? 'categories-change' : ''), "\n";
$s = $checks['Sitoo rule with fix-SKU'];
echo "unicode SKU under the Sitoo rule: ", count(array_filter($checks['case-fold + Sitoo rule']['invalid'], fn($r) => $r[1] === 'sku')) > 0 ? 'invalid' : 'accepted',
    ", with fix-SKU: ", count(array_filter($s['invalid'], fn($r) => $r[1] === 'sku')) === 0 ? 'fixed' : 'still invalid', "\n";

// the remote hash lets an unchanged item be skipped next time: feed the hashes back
$c = new ErpSync\Matcher\Matcher(Generate::OPTIONS);
foreach ($pages as $body) { $c->addRemoteJson($body); }
$first = all((function () use ($pages, $chunks) { $m = new ErpSync\Matcher\Matcher(Generate::OPTIONS); foreach ($pages as $b) $m->addRemoteJson($b); foreach ($chunks as $ch) $m->addLocal($ch); return $m; })());
$hash = [];
foreach ($first['matched'] as [$lid, , , $h]) { $hash[$lid] = $h; }
foreach ($chunks as $ch) {
    foreach ($ch as &$lp) { $lp['last_hash'] = $hash[$lp['id']] ?? ''; }
    unset($lp);
    $c->addLocal($ch);
}
$counts = $c->run();
echo "second run with stored hashes: skipped ", $counts['unchanged_skipped'] === $first['counts']['matched'] ? 'every matched item' : $counts['unchanged_skipped'], ", changes ", $counts['changes'], "\n";
?>
--EXPECT--
defaults of the bench: identical; matched 2870, changes 1093, unmatched 130/130, duplicates 220, invalid 482
case-fold + Sitoo rule: identical; matched 2870, changes 1093, unmatched 130/130, duplicates 220, invalid 642
Sitoo rule with fix-SKU: identical; matched 2839, changes 1085, unmatched 161/161, duplicates 220, invalid 482
EAN first, stock as delta, shop owns price: identical; matched 2839, changes 2420, unmatched 161/161, duplicates 220, invalid 482
net shop prices, gross remote, wide tolerance: identical; matched 2870, changes 3369, unmatched 130/130, duplicates 220, invalid 482
images and categories owned by the back-office: identical; matched 2870, changes 390, unmatched 130/130, duplicates 220, invalid 482
every edge case seen: bad-check non-digit local-dup remote-dup by-link by-ean name-change images-change categories-change
unicode SKU under the Sitoo rule: invalid, with fix-SKU: fixed
second run with stored hashes: skipped every matched item, changes 0