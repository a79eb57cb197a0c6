--TEST--
Sitoo: variants (whole set, valid against productvariant-write), images with fixed names, category tree parents first, manufacturers, vouchers from coupons, stocktaking committed
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
$s = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['voucher_types' => ['percent' => 100, 'fixed_cart' => 200]]));
$pid = (string) $s->pushProducts([['sku' => 'TEE', 'name' => 'T-shirt', 'regular_price' => '20']])[0]['productid'];
$parent = ['sku' => 'TEE', 'attributes' => [['name' => 'Size', 'options' => ['S', 'M']]]];
$set = $s->setVariants($pid, $parent, [
    ['sku' => 'TEE-S', 'name' => 'T-shirt S', 'regular_price' => '20', 'attributes' => [['name' => 'Size', 'option' => 'S']]],
    ['sku' => 'TEE-M', 'name' => 'T-shirt M', 'regular_price' => '21.5', 'attributes' => [['name' => 'Size', 'option' => 'M']]],
]);
echo "variants: ", implode(',', array_column($set['variants'], 'sku')), "\n";
$keep = $set['variants'][0];
$set2 = $s->setVariants($pid, $parent, [['remote_id' => (string) $keep['productid']] + ['sku' => 'TEE-S', 'name' => 'T-shirt S', 'regular_price' => '19', 'attributes' => [['name' => 'Size', 'option' => 'S']]]]);
echo "after replacing with one: ", implode(',', array_column($set2['variants'], 'sku')), "\n";
try { $s->setVariants($pid, $parent, [['sku' => 'TEE L']]); } catch (ErpSync\ValidationException $e) { echo "bad variant SKU: ", $e->getField(), "\n"; }

$gif = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
$s->uploadImage($pid, 'Majica črna (front).gif', $gif);
$s->uploadImage($pid, 'back.gif', $gif);
$imgs = $s->images($pid);
echo "images: ", implode(', ', array_map(fn($i) => "{$i['resourceid']} {$i['mimetype']} {$i['filesize']}B", $imgs['items'])), "\n";
$s->unlinkImage($pid, 0);
echo "after unlink: ", implode(', ', array_column($s->images($pid)['items'], 'resourceid')), "\n";

$map = $s->syncCategories([['id' => 12, 'name' => 'Beans', 'parent_id' => 11], ['id' => 11, 'name' => 'Coffee', 'parent_id' => 0], ['id' => 13, 'name' => 'Arabica', 'parent_id' => 12]]);
$cats = $sim->state('sitoo')['categories'];
$byId = array_column($cats, null, 'categoryid');
echo "categories: ", count($cats), ", Arabica under ", $byId[$byId[$map[13]]['categoryparentid']]['title'], " under ", $byId[$byId[$byId[$map[13]]['categoryparentid']]['categoryparentid']]['title'], "\n";
$again = $s->syncCategories([['id' => 11, 'name' => 'Coffee', 'parent_id' => 0]]);
echo "again: reused ", $again[11] === $map[11] ? 'yes' : 'no', ", categories ", count($sim->state('sitoo')['categories']), "\n";
try { $s->syncCategories([['id' => 5, 'name' => 'Orphan', 'parent_id' => 99]]); } catch (ErpSync\ValidationException $e) { echo "orphan: ", $e->getField(), "\n"; }

$m = $s->syncManufacturers(['Roaster AB', 'Mill Co', 'Roaster AB']);
$m2 = $s->syncManufacturers(['Roaster AB', 'Kettle Ltd']);
echo "manufacturers: ", count($sim->state('sitoo')['manufacturers']), ", reused ", $m['Roaster AB'] === $m2['Roaster AB'] ? 'yes' : 'no', "\n";

$coupon = ['id' => 7, 'code' => 'KAVA10', 'discount_type' => 'percent', 'amount' => '10', 'usage_limit' => 100, 'date_expires' => '2026-12-31T23:59:59Z', 'description' => 'Coffee week'];
echo "voucher: ", $s->buildVoucherPayload($coupon), "\n";
echo "pushed: ", $s->pushVoucher($coupon)['remote_id'] > 0 ? 'yes' : 'no', "\n";
try { $s->pushVoucher(['discount_type' => 'fixed_product'] + $coupon); } catch (ErpSync\ValidationException $e) { echo "unmapped type: ", $e->getField(), "\n"; }

$sim->seed(['api' => 'sitoo', 'products' => 3]);
$r = $s->stocktake(['TEE-S' => '12', 'SKU-010000' => '0.5']);
$st = $sim->state('sitoo');
echo "stocktake: committed ", var_export($r['committed'], true), ", TEE-S now ", $st['stock'][1]['TEE-S'], ", batch state ", end($st['batches'])['warehousebatchstate'], "\n";

$up = $s->updateProducts([['remote_id' => $pid, 'sku' => 'TEE', 'name' => 'T-shirt (organic)', 'regular_price' => '22'], ['remote_id' => 0, 'sku' => 'X'], ['remote_id' => 99999999, 'sku' => 'GONE']]);
echo "update: ", implode(', ', array_map(fn($r) => $r['ok'] ? 'ok' : $r['error'], $up)), "\n";
$del = $s->deleteProducts([['remote_id' => $set2['variants'][0]['productid']], ['remote_id' => 99999999]]);
echo "delete: ", implode(', ', array_map(fn($r) => $r['ok'] ? 'ok' : $r['error'], $del)), "\n";
echo "warehouses: ", implode(', ', array_column($s->warehouses(), 'name')), "\n";

foreach ($sim->requests('sitoo') as $q) {
    if ($q['body'] !== '' && ($e = $spec->checkRequest($q['path'], $q['method'], json_decode($q['body'], true)))) { echo "INVALID {$q['method']} {$q['path']}: ", $e[0], "\n"; }
}
echo "request bodies checked against the description\n";
?>
--EXPECT--
variants: TEE-S,TEE-M
after replacing with one: TEE-S
bad variant SKU: variants[0].sku
images: Majica--rna--front-.gif image/gif 35B, back.gif image/gif 35B
after unlink: back.gif
categories: 3, Arabica under Beans under Coffee
again: reused yes, categories 3
orphan: parent_id
manufacturers: 3, reused yes
voucher: {"vouchertype":100,"vouchername":"KAVA10","vouchercode":"KAVA10","vouchercomment":"Coffee week","value_x":10,"maxuses":100,"dateend":1798761599}
pushed: yes
unmapped type: settings.voucher_types.fixed_product
stocktake: committed true, TEE-S now 12.000, batch state 20
update: ok, no Sitoo productid (remote_id), product not found
delete: ok, product not found
warehouses: Webshop, Store Stockholm, Supplier (virtual)
request bodies checked against the description
