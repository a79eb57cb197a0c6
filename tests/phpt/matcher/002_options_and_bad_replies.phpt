--TEST--
Matcher: invalid options name the option; malformed reply bodies give a ProtocolException with the JSON path; VASCO extra-field EAN lookup; GTIN forms
--EXTENSIONS--
erpsync
--FILE--
<?php
foreach ([
    ['bogus' => 1], ['keys' => ['sku', 'sku']], ['keys' => ['barcode']], ['own' => ['stock' => 'both']],
    ['stock_mode' => 'relative'], ['vat_rate' => 'twenty'], ['case_fold' => 'yes'], ['remote' => ['sku' => 5]],
] as $bad) {
    try { new ErpSync\Matcher\Matcher($bad); echo "accepted\n"; }
    catch (ErpSync\ValidationException $e) { echo $e->getField(), "\n"; }
}
$m = new ErpSync\Matcher\Matcher(['remote' => ['items' => 'items', 'sku' => 'sku']]);
foreach ([
    '{"items": [{"sku": "A"}, {"sku": "B",}]}',
    "{\"items\": [{\"sku\": \"A\"}, {\"sku\": \"B\x01\"}]}",
    '{"items": [{"sku": "A"}',
    '{"totalcount": 3}',
    '[{"sku": "A"}]',
    '<html>Bad gateway</html>',
    '{"items": [{"sku": "A"}]} trailing',
] as $body) {
    try { echo $m->addRemoteJson($body), " added\n"; }
    catch (ErpSync\ProtocolException $e) { echo $e->getJsonPath(), " | ", $e->getMessage(), "\n"; }
}
// VASCO: the EAN lives in dodatnaPolja [{naziv, vrednost}]; bare array replies; escaped strings decoded
$v = new ErpSync\Matcher\Matcher(['remote' => ['id' => 'sifra', 'sku' => 'sifra', 'stock' => 'zaloga', 'name' => 'naziv',
    'ean_list' => ['field' => 'dodatnaPolja', 'name' => 'naziv', 'value' => 'vrednost', 'match' => 'EAN']],
    'keys' => ['ean'], 'own' => ['name' => 'remote']]);
echo $v->addRemoteJson('[{"sifra":"A1","naziv":"Kava \u010crna","zaloga":5,"dodatnaPolja":[{"naziv":"PROSTO_C9","vrednost":"3"},{"naziv":"EAN","vrednost":"3830000000017"}]},'
    . '{"sifra":"A2","naziv":"Čaj","zaloga":"2.500","dodatnaPolja":[{"naziv":"EAN","vrednost":"036000291452"}]}]'), " VASCO items\n";
$v->addLocal([
    ['id' => 1, 'ean' => '03830000000017', 'stock' => '5', 'name' => 'Kava'],   // GTIN-14 form of the same EAN-13
    ['id' => 2, 'ean' => '0036000291452', 'stock' => '1', 'name' => 'Čaj'],     // EAN-13 form of a UPC-A (GTIN-12)
]);
print_r($v->run());
foreach ($v->changes() as $c) { echo implode(' | ', array_slice($c, 0, 4)), "\n"; }
try { $v->addLocal([['id' => 3, 'stock' => 'five']]); } catch (ErpSync\ValidationException $e) { echo $e->getSubject(), " / ", $e->getField(), "\n"; }
try { $v->addLocal([['sku' => 'x']]); } catch (ErpSync\ValidationException $e) { echo "no id: ", $e->getField(), "\n"; }
try { $v->changes(-1); } catch (ValueError $e) { echo "bad window\n"; }
?>
--EXPECT--
bogus
keys
keys
own.stock
stock_mode
vat_rate
case_fold
remote.sku
$.items[1] | catalogue reply: expected a string at $.items[1] (byte offset 37)
$.items[1] | catalogue reply: control character in a string at $.items[1] (byte offset 35)
$.items[0] | catalogue reply: expected ',' or ']' at $.items[0] (byte offset 23)
$ | catalogue reply: no list of items (looked for items)
$ | catalogue reply: no list of items (looked for items)
$ | catalogue reply: the reply is neither a JSON array nor an object at $ (byte offset 0)
$ | catalogue reply: text after the JSON value at $ (byte offset 26)
2 VASCO items
Array
(
    [remote] => 2
    [local] => 2
    [matched] => 2
    [changes] => 2
    [unchanged_skipped] => 0
    [unmatched_local] => 0
    [unmatched_remote] => 0
    [duplicates] => 0
    [invalid] => 0
)
1 | A1 | name | Kava Črna
2 | A2 | stock | 2.5
product 3 / stock
no id: id
bad window
