--TEST--
SORS customers: only a Serbian PIB is checked as a PIB (9 digits, RS prefix or a customer in Serbia); a foreign VAT number is never refused, not looked up as a PIB, and the customer is sent without PIB (said back as vat_not_sent)
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'customers' => 2]);
$s = new ErpSync\Connector\Sors(sors_settings($sim));
$cases = [
    'German company, DE prefix' => ['vat_number' => 'DE 123 456 789', 'country' => 'DE', 'company' => 'Kaffee GmbH', 'email' => 'einkauf@kaffee.de'],
    'Slovenian company, no prefix' => ['vat_number' => '12345678', 'country' => 'SI', 'company' => 'Kava d.o.o.', 'email' => 'nabava@kava.si'],
    'foreign prefix, Serbian address' => ['vat_number' => 'HR12345678901', 'country' => 'RS', 'company' => 'Kafa Hrvatska', 'email' => 'kafa@kafa.hr'],
    'Serbian PIB with RS prefix' => ['vat_number' => 'RS101234567', 'country' => 'RS', 'company' => 'Kafa DOO', 'email' => 'kafa@kafa.rs'],
    'Serbian PIB, no country given' => ['vat_number' => '102345678', 'country' => '', 'company' => 'Čaj DOO', 'email' => 'caj@caj.rs'],
    'Austrian ATU number' => ['vat_number' => 'ATU12345678', 'country' => 'AT', 'company' => 'Kaffee Wien', 'email' => 'wien@kaffee.at'],
    'Swiss CHE number' => ['vat_number' => 'CHE-123.456.789 MWST', 'country' => 'CH', 'company' => 'Kaffee Zürich', 'email' => 'zh@kaffee.ch'],
];
foreach ($cases as $label => $c) {
    $p = json_decode($s->buildCustomerPayload(customer_snapshot($c)), true);
    $r = $s->createCustomer(customer_snapshot($c));
    printf("%-32s pib \"%s\", vat_not_sent %s\n", $label, $p['pib'], json_encode($r['vat_not_sent'] ?? null));
}
foreach (['RS 12-34' => ['vat_number' => 'RS 12-34', 'country' => 'RS'], '1234567890 in RS' => ['vat_number' => '1234567890', 'country' => 'RS'], 'letters in RS' => ['vat_number' => 'PIB-X', 'country' => 'RS']] as $label => $c) {
    try { $s->createCustomer(customer_snapshot($c)); echo "$label: NOT REFUSED\n"; }
    catch (ErpSync\ValidationException $e) { echo "$label: refused, ", $e->getField(), ": ", $e->getMessage(), "\n"; }
}
// lookups: a foreign number is never sent as ?pib=, the customer is found by email instead
$before = count($sim->requests('sors'));
$f = $s->findCustomer(customer_snapshot(['vat_number' => 'DE123456789', 'country' => 'DE', 'email' => 'EINKAUF@kaffee.de']));
$q = array_map(fn($r) => $r['query'], array_slice($sim->requests('sors'), $before));
echo "foreign lookup: ", $f['matched_by'], ", queries ", json_encode($q), "\n";
$before = count($sim->requests('sors'));
$f = $s->findCustomer(customer_snapshot(['vat_number' => 'RS 101-234-567', 'country' => 'RS', 'email' => 'other@kafa.rs']));
$q = array_map(fn($r) => $r['query'], array_slice($sim->requests('sors'), $before));
echo "Serbian lookup: ", $f['matched_by'], ", queries ", json_encode($q), "\n";
?>
--EXPECT--
German company, DE prefix        pib "", vat_not_sent "DE 123 456 789"
Slovenian company, no prefix     pib "", vat_not_sent "12345678"
foreign prefix, Serbian address  pib "", vat_not_sent "HR12345678901"
Serbian PIB with RS prefix       pib "101234567", vat_not_sent null
Serbian PIB, no country given    pib "102345678", vat_not_sent null
Austrian ATU number              pib "", vat_not_sent "ATU12345678"
Swiss CHE number                 pib "", vat_not_sent "CHE-123.456.789 MWST"
RS 12-34: refused, vat_number: customer maja@example.si: "RS 12-34" is not a Serbian PIB (9 digits, optionally with the RS prefix)
1234567890 in RS: refused, vat_number: customer maja@example.si: "1234567890" is not a Serbian PIB (9 digits, optionally with the RS prefix)
letters in RS: refused, vat_number: customer maja@example.si: "PIB-X" is not a Serbian PIB (9 digits, optionally with the RS prefix)
foreign lookup: email, queries [{"email":"einkauf@kaffee.de"}]
Serbian lookup: vat_number, queries [{"pib":"101234567"}]
