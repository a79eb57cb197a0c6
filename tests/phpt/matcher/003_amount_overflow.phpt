--TEST--
Matcher: a remote price or stock beyond what the arithmetic can hold (an EAN typed into a price field) is an invalid item with its reason, never a change
--EXTENSIONS--
erpsync
--FILE--
<?php
$items = json_encode(['items' => [
    ['id' => 'A', 'sku' => 'A', 'price' => '100000000000', 'stock' => '5'],               // EAN in the price field: p * (1 + VAT) overflows
    ['id' => 'B', 'sku' => 'B', 'price' => '12.20', 'stock' => '9000000000000000', 'reserved' => '-9000000000000000'], // stock - reserved overflows
    ['id' => 'C', 'sku' => 'C', 'price' => '12.20', 'stock' => '7', 'reserved' => '2'],   // ordinary item
    ['id' => 'D', 'sku' => 'D', 'price' => '922337203685477.58', 'stock' => '1'],      // the largest scaled price: rounding overflows
]]);
foreach ([
    'net remote, gross shop' => ['vat_rate' => 22, 'remote_prices_include_tax' => false, 'prices_include_tax' => true],
    'gross remote, net shop' => ['vat_rate' => 22, 'remote_prices_include_tax' => true, 'prices_include_tax' => false],
] as $label => $opt) {
    $m = new ErpSync\Matcher\Matcher($opt + ['remote' => ['items' => 'items', 'sku' => 'sku', 'price' => 'price', 'stock' => 'stock', 'reserved' => 'reserved', 'id' => 'id'],
        'keys' => ['sku'], 'own' => ['price' => 'remote', 'stock' => 'remote'], 'stock_mode' => 'delta']);
    $m->addRemoteJson($items);
    $m->addLocal([
        ['id' => 1, 'sku' => 'A', 'price' => '10.00', 'stock' => '5'],
        ['id' => 2, 'sku' => 'B', 'price' => '12.20', 'stock' => '1'],
        ['id' => 3, 'sku' => 'C', 'price' => '1.00', 'stock' => '1'],
        ['id' => 4, 'sku' => 'D', 'price' => '1.00', 'stock' => '1'],
    ]);
    $m->run();
    echo "== $label\n";
    foreach ($m->changes() as $c) {
        echo "change: ", implode(' | ', array_slice($c, 0, 4)), "\n";
    }
    foreach ($m->invalid() as $iv) {
        echo "invalid: ", implode(' | ', $iv), "\n";
    }
}
?>
--EXPECT--
== net remote, gross shop
change: 2 | B | price | 14.88
change: 3 | C | stock | 5
change: 3 | C | price | 14.88
invalid: remote | price | 100000000000.0000 | price out of range | A
invalid: remote | stock | 9000000000000000.000 | stock out of range (net of reserved and open orders) | B
invalid: remote | price | 922337203685477.5800 | price out of range | D
== gross remote, net shop
change: 2 | B | price | 10.00
change: 3 | C | stock | 5
change: 3 | C | price | 10.00
invalid: remote | price | 100000000000.0000 | price out of range | A
invalid: remote | stock | 9000000000000000.000 | stock out of range (net of reserved and open orders) | B
invalid: remote | price | 922337203685477.5800 | price out of range | D
