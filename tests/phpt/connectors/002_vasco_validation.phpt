--TEST--
VASCO: invalid snapshots and settings raise ValidationException naming the order and the field; nothing is sent
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$v = new ErpSync\Connector\Vasco(vasco_settings($sim));
$cases = [
    'missing SKU' => fn() => order_snapshot(['line_items' => [0 => ['sku' => '']]]),
    'zero quantity' => fn() => order_snapshot(['line_items' => [1 => ['quantity' => '0']]]),
    'negative quantity' => fn() => order_snapshot(['line_items' => [1 => ['quantity' => '-1']]]),
    'unknown VAT rate' => fn() => order_snapshot(['line_items' => [1 => ['tax_rate_percent' => '7']]]),
    'unmapped payment method' => fn() => order_snapshot(['payment_method' => 'stripe']),
    'bad email' => fn() => order_snapshot(['billing' => ['email' => 'maja(at)example.si']]),
    'non-numeric order number' => fn() => order_snapshot(['number' => 'WEB-1284']),
    'no line items' => fn() => array_replace(order_snapshot(), ['line_items' => []]),
];
foreach ($cases as $what => $make) {
    try {
        $v->exportOrder($make(), ['customer_remote_id' => '1']);
        echo "$what: sent!\n";
    } catch (ErpSync\ValidationException $e) {
        echo "$what: ", $e->getSubject(), " / ", $e->getField(), "\n";
    }
}
try { $v->exportOrder(order_snapshot()); } catch (ErpSync\ValidationException $e) { echo "no partner: ", $e->getField(), "\n"; }
try { $v->buildOrderPayload(['number' => '1', 'line_items' => [['sku' => "\xC3\x28"]]]); } catch (ErpSync\ValidationException $e) { echo "invalid UTF-8: ", $e->getField(), "\n"; }
echo "requests that reached VASCO: ", count($sim->requests('vasco')), "\n";

$settings = [
    'no base URL' => ['base_url' => ''],
    'bad mode' => ['mode' => 'staging'],
    'bad line_fields' => ['line_fields' => 'other'],
    'unknown field override' => ['fields' => ['line.skew' => 'x']],
    'bad payment map' => ['payment_methods' => ['bacs' => ['x']]],
];
foreach ($settings as $what => $bad) {
    try { new ErpSync\Connector\Vasco(array_merge(vasco_settings($sim), $bad)); echo "$what: accepted!\n"; }
    catch (ErpSync\ValidationException $e) { echo "$what: ", $e->getField(), "\n"; }
}
try { new ErpSync\Connector\Vasco(['base_url' => $sim->url('vasco'), 'username' => 'u', 'tax_number' => '1']); }
catch (ErpSync\ValidationException $e) { echo "missing password: ", $e->getField(), " — ", $e->getMessage(), "\n"; }
?>
--EXPECT--
missing SKU: order 1284 / line_items[0].sku
zero quantity: order 1284 / line_items[1].quantity
negative quantity: order 1284 / line_items[1].quantity
unknown VAT rate: order 1284 / line_items[1].tax_rate_percent
unmapped payment method: order 1284 / payment_method
bad email: order 1284 / billing.email
non-numeric order number: order WEB-1284 / number
no line items: order 1284 / line_items
no partner: customer_remote_id
invalid UTF-8: line_items[0].sku
requests that reached VASCO: 0
no base URL: settings.base_url
bad mode: settings.mode
bad line_fields: settings.line_fields
unknown field override: settings.fields.line.skew
bad payment map: settings.payment_methods.bacs
missing password: settings.password — VASCO settings: password is required for the production instance
