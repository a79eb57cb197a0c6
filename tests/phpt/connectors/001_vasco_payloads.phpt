--TEST--
VASCO: order, partner and article payloads are exact (golden files), deterministic, and the dashboard spelling is one setting away
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$base = ['base_url' => 'http://127.0.0.1:9/vasco', 'username' => 'u', 'password' => 'p', 'tax_number' => '1',
    'payment_methods' => ['bacs' => 3], 'shipping_article' => 'DOSTAVA'];
$v = new ErpSync\Connector\Vasco($base);
$a = $v->buildOrderPayload(order_snapshot(), ['customer_remote_id' => '10482']);
$b = $v->buildOrderPayload(order_snapshot(), ['customer_remote_id' => '10482']);
echo "deterministic: ", var_export($a === $b, true), "\n";
echo golden('vasco/order.json', $a), "\n";
$p = json_decode($a, true);
echo "lines: ", count($p['postavke']), " (2 items + shipping)\n";
echo "discount of line 1: ", $p['postavke'][0]['rabat1'], ", VAT codes: ", implode(',', array_column($p['postavke'], 'stopnjaDdv')), "\n";
echo "payment code: ", $p['dodatnaPolja'][0]['naziv'], '=', $p['dodatnaPolja'][0]['vrednost'], "\n";

$d = new ErpSync\Connector\Vasco($base + ['line_fields' => 'dashboard', 'extra_fields_shape' => 'object']);
echo golden('vasco/order-dashboard.json', $d->buildOrderPayload(order_snapshot(), ['customer_remote_id' => '10482'])), "\n";

$o = new ErpSync\Connector\Vasco($base + ['fields' => ['line.sku' => 'artikel', 'order.partner' => 'kupec'],
    'extra_fields' => ['NAROCILO_STEVILKA' => 'number', 'EMAIL' => 'billing.email', 'KANAL' => '=SPLET']]);
$p = json_decode($o->buildOrderPayload(order_snapshot(), ['customer_remote_id' => '7']), true);
echo "overrides: ", isset($p['kupec'], $p['postavke'][0]['artikel']) ? 'applied' : 'missing', ", extras ", json_encode($p['dodatnaPolja']), "\n";

// names cut on a character boundary: 40 for names, 30 for addresses
$c = customer_snapshot(['company' => 'Čebelarstvo Žužemberk in okolica d.o.o. – podružnica', 'vat_number' => 'SI 12-345-678',
    'address_1' => 'Šmartinska cesta 152 (vhod z dvorišča)']);
$pp = json_decode($v->buildCustomerPayload($c), true);
echo "partner name ", mb_strlen($pp['naziv']) <= 40 ? "within 40" : "too long", " chars, address ", mb_strlen($pp['naslov']), " chars, vat ", $pp['davcna'], ", ident ", $pp['ident'], "\n";
echo golden('vasco/partner.json', $v->buildCustomerPayload($c)), "\n";
$prod = ['id' => 55, 'sku' => 'ART-000055', 'ean' => '3830000000558', 'name' => 'Mlinček za kavo', 'regular_price' => '24.40',
    'prices_include_tax' => true, 'tax_rate_percent' => '22'];
echo golden('vasco/article.json', $v->buildProductPayload($prod)), "\n";
echo "net price from gross 24.40 at 22 %: ", json_decode($v->buildProductPayload($prod), true)['prodajnaCena'], "\n";
?>
--EXPECT--
deterministic: true
golden vasco/order.json: identical
lines: 3 (2 items + shipping)
discount of line 1: 10, VAT codes: 0,1,0
payment code: SIFRA_PLACILA=3
golden vasco/order-dashboard.json: identical
overrides: applied, extras [{"naziv":"NAROCILO_STEVILKA","vrednost":"1284"},{"naziv":"EMAIL","vrednost":"maja@example.si"},{"naziv":"KANAL","vrednost":"SPLET"}]
partner name within 40 chars, address 30 chars, vat 12345678, ident SI12345678
golden vasco/partner.json: identical
golden vasco/article.json: identical
net price from gross 24.40 at 22 %: 20
