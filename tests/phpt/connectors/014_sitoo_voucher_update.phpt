--TEST--
Sitoo updateVoucher: PUT sites/{siteid}/vouchers/{voucherid}.json (updateVoucher in the OpenAPI description) with a voucher-write body (golden, valid against the schema; reply true valid), a coupon without expiry clears dateend with null, a lost reply is retried (the same PUT twice is harmless), a voucherid that is not one and an unmapped coupon type are refused before anything is sent
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
$sim->seed(['api' => 'sitoo']);
$s = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['voucher_types' => ['percent' => 100, 'fixed_cart' => 200]]));
$made = $s->pushVoucher(['code' => 'KAVA10', 'discount_type' => 'percent', 'amount' => '10', 'description' => 'Coffee', 'usage_limit' => 0,
    'date_expires' => '2027-01-31T00:00:00+00:00']);
$id = $made['remote_id'];
$before = count($sim->requests('sitoo'));
var_dump($s->updateVoucher($id, ['code' => 'KAVA15', 'discount_type' => 'percent', 'amount' => '15', 'description' => 'Coffee, more',
    'usage_limit' => 100, 'date_expires' => '2027-02-28T00:00:00+00:00']));
$s->updateVoucher($id, ['code' => 'KAVA15', 'discount_type' => 'fixed_cart', 'amount' => '5.5', 'description' => '', 'usage_limit' => 0, 'date_expires' => '']);
$puts = array_slice($sim->requests('sitoo'), $before);
foreach ($puts as $r) {
    $e = $spec->checkRequest($r['path'], $r['method'], json_decode($r['body'], true));
    echo $r['method'], ' ', preg_replace('~\d{4,}~', 'N', $r['path']), ': ', $e ? 'INVALID ' . implode('; ', $e) : 'request valid', "\n";
}
echo golden('sitoo/voucher-update.json', $puts[0]['body']), "\n";
echo "no expiry: ", $puts[1]['body'], "\n";
echo "reply true valid: ", $spec->checkResponse("/sites/1/vouchers/$id.json", 'PUT', 200, true) ? 'no' : 'yes', "\n";
$v = array_values(array_filter($sim->state('sitoo')['vouchers'], fn($v) => (string) $v['voucherid'] === $id))[0];
echo "in Sitoo: ", $v['vouchercode'], ' type ', $v['vouchertype'], ' money_m ', $v['money_m'], ' dateend ', var_export($v['dateend'], true), "\n";

$sim->fault(['api' => 'sitoo', 'method' => 'PUT', 'path' => "/sites/1/vouchers/$id.json", 'kind' => 'lost_reply']);
$before = count($sim->requests('sitoo'));
var_dump($s->updateVoucher($id, ['code' => 'KAVA15', 'discount_type' => 'fixed_cart', 'amount' => '6', 'description' => '', 'usage_limit' => 0, 'date_expires' => '']));
echo "after a lost reply: ", count(array_slice($sim->requests('sitoo'), $before)), " PUTs, one voucher: ", count($sim->state('sitoo')['vouchers']), "\n";
foreach ([['12a', 'percent'], ['', 'percent'], [$id, 'fixed_product']] as [$vid, $type]) {
    $before = count($sim->requests('sitoo'));
    try {
        $s->updateVoucher($vid, ['code' => 'X', 'discount_type' => $type, 'amount' => '1']);
        echo "sent?\n";
    } catch (ErpSync\ValidationException $e) {
        echo "refused: ", $e->getField(), ", requests sent: ", count($sim->requests('sitoo')) - $before, "\n";
    }
}
try {
    $s->updateVoucher('999999', ['code' => 'X', 'discount_type' => 'percent', 'amount' => '1']);
} catch (ErpSync\Exception $e) {
    echo "unknown voucher: ", get_class($e), "\n";
}
?>
--EXPECT--
bool(true)
PUT /sites/1/vouchers/N.json: request valid
PUT /sites/1/vouchers/N.json: request valid
golden sitoo/voucher-update.json: identical
no expiry: {"vouchertype":200,"vouchername":"KAVA15","vouchercode":"KAVA15","vouchercomment":"","money_m":"5.50","dateend":null}
reply true valid: yes
in Sitoo: KAVA15 type 200 money_m 5.50 dateend NULL
bool(true)
after a lost reply: 2 PUTs, one voucher: 1
refused: voucherid, requests sent: 0
refused: voucherid, requests sent: 0
refused: settings.voucher_types.fixed_product, requests sent: 0
unknown voucher: ErpSync\HttpException
