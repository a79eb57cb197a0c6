--TEST--
Sitoo simulator: every request body sent and every reply received is valid against the Sitoo OpenAPI description
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
require __DIR__ . '/../../sim/sim.inc.php';
require_once __DIR__ . '/../../openapi/OpenApi.php';
$spec = new ErpSyncTest\OpenApi(ErpSyncTest\OpenApi::locate());
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'sitoo', 'products' => 30]);
$replies = [];
$c = new ErpSync\Http\Client(['base_url' => $sim->url('sitoo'),
    'auth' => ['type' => 'basic', 'username' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD],
    'log' => function (array $e) use (&$replies) { $replies[] = $e; }]);
$call = function (string $method, string $path, $json = null) use ($c, $spec) {
    $r = $c->request($method, $path, ($json === null ? [] : ['json' => $json]) + ['accept_any_status' => true]);
    $body = $r->body === '' ? null : $r->json();
    $errors = $spec->checkResponse($path === '/orders.json' ? $path : preg_replace('~\?.*$~', '', $path), $method, $r->status, $body);
    printf("%-6s %-58s %d %s\n", $method, preg_replace('~\d{4,}~', 'N', $path), $r->status, $errors ? 'INVALID: ' . implode('; ', array_slice($errors, 0, 3)) : 'reply valid');
    return $body;
};
$call('GET', '/sites.json');
$call('GET', '/sites/1/products.json?num=5');
$ids = $call('POST', '/sites/1/products.json', [['sku' => 'NEW-1', 'title' => 'New one', 'moneyprice' => '19.90', 'vatid' => 2],
    ['sku' => 'NEW-2', 'title' => 'New two', 'moneyprice' => '5.00']]);
$pid = $ids[0]['return'];
$call('PUT', '/sites/1/products.json', [['productid' => $pid, 'sku' => 'NEW-1', 'title' => 'New one (renamed)']]);
$call('GET', "/sites/1/products/$pid.json");
$call('PUT', "/sites/1/products/$pid/productvariants.json", ['groups' => [['name' => 'Size', 'options' => ['S', 'M']]],
    'variants' => [['productid' => 0, 'sku' => 'NEW-1-S', 'title' => 'S', 'attributes' => ['S'], 'moneyprice' => '19.90', 'active' => true, 'activepos' => true, 'deliverystatus' => '',
        'moneypriceorg' => '0.00', 'moneypricein' => '0.00', 'moneyofferprice' => '0.00', 'barcode' => '', 'friendly' => ''],
                   ['productid' => 0, 'sku' => 'NEW-1-M', 'title' => 'M', 'attributes' => ['M'], 'moneyprice' => '19.90', 'active' => true, 'activepos' => true, 'deliverystatus' => '',
        'moneypriceorg' => '0.00', 'moneypricein' => '0.00', 'moneyofferprice' => '0.00', 'barcode' => '', 'friendly' => '']]]);
$call('POST', "/sites/1/products/$pid/images.json", ['resourceid' => 'img1', 'filedata' => base64_encode("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")]);
$call('GET', "/sites/1/products/$pid/images.json");
$cat = $call('POST', '/sites/1/categories.json', ['title' => 'Coffee']);
$call('POST', '/sites/1/categories.json', ['title' => 'Beans', 'categoryparentid' => $cat]);
$call('GET', '/sites/1/categories.json');
$call('POST', '/sites/1/manufacturers.json', [['name' => 'Roaster AB']]);
$call('GET', '/sites/1/manufacturers.json');
$vid = $call('POST', '/sites/1/vouchers.json', ['vouchertype' => 100, 'vouchername' => 'KAVA10', 'vouchercode' => 'KAVA10']);
$call('GET', '/sites/1/vouchers.json');
$call('PUT', "/sites/1/vouchers/$vid.json", ['vouchertype' => 100, 'vouchername' => 'KAVA15', 'vouchercode' => 'KAVA15', 'value_x' => 15, 'dateend' => null]);
$call('GET', "/sites/1/vouchers/$vid.json");
$call('GET', '/sites/1/warehouses.json');
$call('GET', '/sites/1/warehouses/1/warehouseitems.json?num=5');
$call('POST', '/sites/1/warehousetransactions.json', [['warehouseid' => 1, 'transactiontype' => 10, 'description' => 'sync', 'externalid' => 'wc-stock-1',
    'items' => [['sku' => 'NEW-1', 'decimalquantity' => '3.000', 'moneypricein' => '10.00']]]]);
$call('GET', '/sites/1/warehousetransactions.json');
$b = $call('POST', '/sites/1/warehouses/1/warehousebatches.json', ['transactiontype' => 50, 'comment' => 'count']);
$call('PUT', "/sites/1/warehouses/1/warehousebatches/$b/warehousebatchitems.json", [['sku' => 'NEW-1', 'decimalquantity' => '7.000']]);
$call('PUT', "/sites/1/warehouses/1/warehousebatches/$b.json", ['transactiontype' => 50, 'warehousebatchstate' => 20]);
$oid = $call('POST', '/sites/1/orders.json', ['ordertypeid' => 10, 'externalid' => 'wc-1284', 'email' => 'maja@example.si',
    'namefirst' => 'Maja', 'namelast' => 'Horvat', 'delivery_countryid' => 'SI', 'currencycode' => 'EUR', 'orderstateid' => 0, 'paymentstateid' => 20,
    'orderitems' => [['sku' => 'NEW-1', 'productname' => 'New one', 'quantity' => 2, 'moneyrowprice' => '39.80', 'vatvalue' => 25]],
    'payments' => [['name' => 'Card', 'moneyamount' => '39.80']]]);
$call('GET', '/orders.json?externalid=wc-1284');
$call('GET', '/sites/1/orders.json');
$o = $call('GET', "/sites/1/orders/$oid.json");
$call('POST', "/sites/1/orders/$oid/orderdeliveries.json", ['warehouseid' => 1, 'orderdeliveryref' => 'WC-1284',
    'orderdeliveryitems' => [['orderitemid' => $o['orderitems'][0]['orderitemid'], 'quantity' => 2]]]);
$call('GET', "/sites/1/orders/$oid/orderdeliveries.json");
// a Virtual warehouse (3): totals put and read by SKU, and the connector's own delta (read, add, put)
$call('PUT', '/sites/1/warehouses/3/warehouseitems.json', [['sku' => 'NEW-1', 'decimaltotal' => '4.000']]);
$call('GET', '/sites/1/warehouses/3/warehouseitems.json?sku=NEW-1,NEW-2');
$virtual = new ErpSync\Connector\Sitoo(['base_url' => $sim->url('sitoo'), 'api_id' => ErpSyncTest\Sim::SITOO_USER,
    'password' => ErpSyncTest\Sim::SITOO_PASSWORD, 'siteid' => 1, 'warehouse_id' => 3]);
echo "virtual delta: ", json_encode($virtual->adjustVirtualStock(['NEW-1' => '-1', 'NEW-2' => '2'])), "\n";

// every request body the simulator received, against the operation's request schema
$bad = 0; $n = 0;
foreach ($sim->requests('sitoo') as $r) {
    if ($r['body'] === '') continue;
    $n++;
    $e = $spec->checkRequest($r['path'], $r['method'], json_decode($r['body'], true));
    if ($e) { $bad++; echo "request INVALID: {$r['method']} {$r['path']}: ", implode('; ', array_slice($e, 0, 3)), "\n"; }
}
echo "request bodies checked: $n, invalid: $bad\n";
// and the validator does catch what it should
echo "catches a wrong type: ", $spec->checkRequest('/sites/1/products.json', 'POST', [['sku' => 5]]) ? 'yes' : 'no', "\n";
echo "catches a missing required field: ", $spec->checkResponse('/sites.json', 'GET', 200, ['items' => []]) ? 'yes' : 'no', "\n";
?>
--EXPECT--
GET    /sites.json                                                200 reply valid
GET    /sites/1/products.json?num=5                               200 reply valid
POST   /sites/1/products.json                                     200 reply valid
PUT    /sites/1/products.json                                     200 reply valid
GET    /sites/1/products/N.json                                   200 reply valid
PUT    /sites/1/products/N/productvariants.json                   200 reply valid
POST   /sites/1/products/N/images.json                            200 reply valid
GET    /sites/1/products/N/images.json                            200 reply valid
POST   /sites/1/categories.json                                   200 reply valid
POST   /sites/1/categories.json                                   200 reply valid
GET    /sites/1/categories.json                                   200 reply valid
POST   /sites/1/manufacturers.json                                200 reply valid
GET    /sites/1/manufacturers.json                                200 reply valid
POST   /sites/1/vouchers.json                                     200 reply valid
GET    /sites/1/vouchers.json                                     200 reply valid
PUT    /sites/1/vouchers/N.json                                   200 reply valid
GET    /sites/1/vouchers/N.json                                   200 reply valid
GET    /sites/1/warehouses.json                                   200 reply valid
GET    /sites/1/warehouses/1/warehouseitems.json?num=5            200 reply valid
POST   /sites/1/warehousetransactions.json                        200 reply valid
GET    /sites/1/warehousetransactions.json                        200 reply valid
POST   /sites/1/warehouses/1/warehousebatches.json                200 reply valid
PUT    /sites/1/warehouses/1/warehousebatches/N/warehousebatchitems.json 200 reply valid
PUT    /sites/1/warehouses/1/warehousebatches/N.json              200 reply valid
POST   /sites/1/orders.json                                       200 reply valid
GET    /orders.json?externalid=wc-N                               200 reply valid
GET    /sites/1/orders.json                                       200 reply valid
GET    /sites/1/orders/N.json                                     200 reply valid
POST   /sites/1/orders/N/orderdeliveries.json                     200 reply valid
GET    /sites/1/orders/N/orderdeliveries.json                     200 reply valid
PUT    /sites/1/warehouses/3/warehouseitems.json                  200 reply valid
GET    /sites/1/warehouses/3/warehouseitems.json?sku=NEW-1,NEW-2  200 reply valid
virtual delta: [{"sku":"NEW-1","before":"4.000","after":"3.000","ok":true,"error":""},{"sku":"NEW-2","before":"0.000","after":"2.000","ok":true,"error":""}]
request bodies checked: 17, invalid: 0
catches a wrong type: yes
catches a missing required field: yes