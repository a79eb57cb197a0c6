--TEST--
SORS: ApiKey auth, default path map, document payload (golden), customer by PIB/email/create, document exported once, paging, errors from the envelope
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'products' => 12, 'customers' => 4]);
$log = [];
$s = new ErpSync\Connector\Sors(sors_settings($sim, ['log' => function ($e) use (&$log) { $log[] = json_encode($e); }]));
$t = $s->testConnection();
echo "test: ", var_export($t['ok'], true), ", databases ", $t['details']['databases'], "\n";
echo "units: ", implode(',', array_column($s->businessUnits(), 'name')), "\n";
echo "groups: ", count($s->productGroups()), "\n";
$sizes = [];
echo "products: ", $s->fetchProducts(function ($items) use (&$sizes) { $sizes[] = count($items); }, 5), " in ", implode('+', $sizes), "\n";
$last = array_values(array_filter($sim->requests('sors'), fn($q) => $q['path'] === '/Shop2026/products'));
echo "query: page ", implode(',', array_map(fn($q) => $q['query']['page'], $last)), ", businessUnit ", $last[0]['query']['businessUnit'], "\n";
echo "stock: ", $s->fetchStock(fn() => true, 100), "\n";
echo "images of product 1: ", count($s->productImages('1')), "\n";

$doc = $s->buildOrderPayload(order_snapshot(['currency' => 'RSD']), ['customer_remote_id' => '2']);
echo golden('sors/invoice.json', $doc), "\n";

$byPib = $s->findCustomer(customer_snapshot(['vat_number' => 'RS 100-000-003', 'email' => 'x@y.rs']));
echo "by PIB: ", $byPib['remote_id'], " ", $byPib['matched_by'], "\n";
$byMail = $s->findCustomer(customer_snapshot(['email' => 'KUPAC4@example.rs']));
echo "by email: ", $byMail['remote_id'], " ", $byMail['matched_by'], "\n";
var_dump($s->findCustomer(customer_snapshot()));
$new = $s->createCustomer(customer_snapshot(['company' => 'Kafeterija DOO', 'vat_number' => '101234567', 'country' => 'RS']));
echo "created: ", $new['remote_id'], "\n";
try { $s->createCustomer(customer_snapshot(['vat_number' => 'PIB-X', 'country' => 'RS'])); } catch (ErpSync\ValidationException $e) { echo "bad PIB: ", $e->getField(), "\n"; }

$r1 = $s->exportOrder(order_snapshot(), ['customer_remote_id' => $new['remote_id']]);
$r2 = $s->exportOrder(order_snapshot(), ['customer_remote_id' => $new['remote_id']]);
echo "export: ", var_export($r1['created'], true), " ", $r1['remote_number'], ", again: ", var_export($r2['created'], true), " ", $r2['remote_number'], "\n";
$posts = array_filter($sim->requests('sors'), fn($q) => $q['method'] === 'POST' && str_starts_with($q['path'], '/Shop2026/documents/'));
echo "document POSTs: ", count($posts), " to ", array_values($posts)[0]['path'], "\n";
try { $s->exportOrder(order_snapshot(['number' => '1300']), ['customer_remote_id' => '999']); } catch (ErpSync\Exception $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
$bad = array_filter($sim->requests('sors'), fn($q) => ($q['headers']['authorization'] ?? '') !== 'ApiKey sors-test-key');
echo "requests without ApiKey: ", count($bad), ", ", no_secret(implode("\n", $log), [ErpSyncTest\Sim::SORS_KEY]), "\n";
$wrong = new ErpSync\Connector\Sors(sors_settings($sim, ['api_key' => 'wrong-key']));
$t = $wrong->testConnection();
echo "wrong key: ", var_export($t['ok'], true), " — ", str_contains($t['message'], 'wrong-key') ? 'LEAK' : 'no key in message', "\n";
$test = new ErpSync\Connector\Sors(sors_settings($sim, ['mode' => 'test']));
$test->businessUnits();
echo "test mode database: ", explode('/', last_request($sim, 'sors')['path'])[1], "\n";
$po = new ErpSync\Connector\Sors(sors_settings($sim, ['paths' => ['business_units' => '{database}/units']]));
try { $po->businessUnits(); } catch (ErpSync\Exception $e) { echo "overridden path used: ", last_request($sim, 'sors')['path'], "\n"; }
$ex = new ErpSync\Connector\Sors(sors_settings($sim, ['extra_fields' => ['note' => 'customer_note', 'reference' => '=WEB', 'contact' => 'billing.phone']]));
$d = json_decode($ex->buildOrderPayload(order_snapshot(), ['customer_remote_id' => '2']), true);
echo "extra fields: ", json_encode([$d['note'], $d['reference'], $d['contact']]), "\n";
?>
--EXPECT--
test: true, databases 3
units: Centrala,Prodavnica Novi Sad
groups: 2
products: 12 in 5+5+2
query: page 1,2,3, businessUnit 1
stock: 12
images of product 1: 1
golden sors/invoice.json: identical
by PIB: 3 vat_number
by email: 4 email
NULL
created: 5
bad PIB: vat_number
export: true INV-00001, again: false INV-00001
document POSTs: 1 to /Shop2026/documents/invoice
ErpSync\HttpException: SORS: POST /sors/Shop2026/documents/invoice answered HTTP 422 (Unprocessable Entity): Unknown customer 999
requests without ApiKey: 0, no secret
wrong key: false — no key in message
test mode database: Demo2
overridden path used: /Shop2026/units
extra fields: ["Please ring twice","WEB","+38640111222"]
