--TEST--
Sitoo adjustStock with the field f.items renamed (settings.fields): each result counts the items it sent under the renamed field (the count once read the literal "items" and aborted the process on json-c's assertion when the field was renamed)
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'sitoo', 'products' => 3]);
$s = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['fields' => ['f.items' => 'lines']]));
$res = $s->adjustStock(['SKU-001001' => '2', 'SKU-001002' => '-1', 'SKU-001003' => '0.5'], 'wc-over');
foreach ($res as $r) {
    echo $r['externalid'], ": items ", $r['items'], ", ok ", var_export($r['ok'], true), "\n";
}
$tx = array_values(array_filter($sim->requests('sitoo'), fn($q) => $q['path'] === '/sites/1/warehousetransactions.json'));
$body = json_decode($tx[0]['body'], true)[0];
echo "sent under: ", implode(',', array_keys($body)), "\n";
echo "lines: ", count($body['lines']), ", first ", $body['lines'][0]['sku'], " ", $body['lines'][0]['decimalquantity'], "\n";
// Sitoo's own name: the same count, and Sitoo takes it
$s2 = new ErpSync\Connector\Sitoo(sitoo_settings($sim));
$res2 = $s2->adjustStock(['SKU-001001' => '2', 'SKU-001002' => '-1'], 'wc-plain');
echo $res2[0]['externalid'], ": items ", $res2[0]['items'], ", ok ", var_export($res2[0]['ok'], true), "\n";
$sim->stop();
?>
--EXPECT--
wc-over-1: items 3, ok false
sent under: warehouseid,transactiontype,description,externalid,lines
lines: 3, first SKU-001001 2.000
wc-plain-1: items 2, ok true
