--TEST--
Matcher options vat_rate and price_tolerance beyond 64 bits once scaled are refused (ValidationException naming the option), not wrapped round: "184467440737095516.17" used to become a VAT rate of 0.01 %; the largest value that fits is still taken
--EXTENSIONS--
erpsync
--FILE--
<?php
$cases = [
    ['vat_rate', '184467440737095516.17'],      // 2^64 + 1 hundredths: wrapped to 1 (0.01 %)
    ['vat_rate', '99999999999999999999'],
    ['vat_rate', '92233720368547758.08'],       // INT64_MAX + 1 hundredths
    ['vat_rate', '92233720368547758.07'],       // INT64_MAX hundredths: fits
    ['vat_rate', '92233720368547759'],          // fits as digits, not once scaled by 100
    ['price_tolerance', '922337203685477.5808'],
    ['price_tolerance', '922337203685477.5807'],
    ['price_tolerance', '0.005'],
];
foreach ($cases as [$k, $v]) {
    try {
        new ErpSync\Matcher\Matcher([$k => $v]);
        echo "$k $v: accepted\n";
    } catch (ErpSync\ValidationException $e) {
        echo "$k $v: ", $e->getField(), " | ", $e->getMessage(), "\n";
    }
}
// a rate that fits still prices as before: 10.00 net at 22 % is 12.20 gross
$m = new ErpSync\Matcher\Matcher(['vat_rate' => '22', 'remote_prices_include_tax' => false, 'prices_include_tax' => true, 'keys' => ['sku']]);
$m->addRemoteJson('[{"id":"1","sku":"A","price":"10.00"}]');
$m->addLocal([['id' => 7, 'sku' => 'A', 'price' => '1.00']]);
$m->run();
foreach ($m->changes() as $c) {
    echo "change: ", implode(' | ', array_slice($c, 0, 4)), "\n";
}
?>
--EXPECT--
vat_rate 184467440737095516.17: vat_rate | matcher option vat_rate is too large
vat_rate 99999999999999999999: vat_rate | matcher option vat_rate is too large
vat_rate 92233720368547758.08: vat_rate | matcher option vat_rate is too large
vat_rate 92233720368547758.07: accepted
vat_rate 92233720368547759: vat_rate | matcher option vat_rate is too large
price_tolerance 922337203685477.5808: price_tolerance | matcher option price_tolerance is too large
price_tolerance 922337203685477.5807: accepted
price_tolerance 0.005: accepted
change: 7 | 1 | price | 12.20
