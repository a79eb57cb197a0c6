--TEST--
VASCO: partner find/create, order export exactly once (lookup before post, lost reply, re-post), login token reused, no secret in logs
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'vasco', 'partners' => 30, 'products' => 5]);
$log = [];
$v = new ErpSync\Connector\Vasco(vasco_settings($sim, ['log' => function (array $e) use (&$log) { $log[] = json_encode($e); }]));
print_r($v->testConnection()['ok']); echo "\n";

// find: by VAT (client-side index; the API has no VAT filter), by email, by code
$byVat = $v->findCustomer(customer_snapshot(['vat_number' => 'SI 10000005', 'email' => 'nobody@example.si']));
echo "by VAT: ", $byVat['remote_id'], " via ", $byVat['matched_by'], "\n";
$byMail = $v->findCustomer(customer_snapshot(['email' => 'PARTNER7@example.si']));
echo "by email: ", $byMail['remote_id'], " via ", $byMail['matched_by'], "\n";
$byCode = $v->findCustomer(customer_snapshot(['remote_id' => '12']));
echo "by code: ", $byCode['remote_id'], " via ", $byCode['matched_by'], "\n";
var_dump($v->findCustomer(customer_snapshot()));
$created = $v->createCustomer(customer_snapshot());
echo "created partner: ", $created['remote_id'], "\n";
echo "found after create: ", $v->findCustomer(customer_snapshot())['remote_id'] === $created['remote_id'] ? 'same' : 'different', "\n";

$order = order_snapshot();
$ctx = ['customer_remote_id' => $created['remote_id']];
var_dump($v->findOrder($order));
$r1 = $v->exportOrder($order, $ctx);
echo "first export: created=", var_export($r1['created'], true), " remote ", $r1['remote_id'], "\n";
$r2 = $v->exportOrder($order, $ctx);
echo "second export: created=", var_export($r2['created'], true), " remote ", $r2['remote_id'], "\n";
$posts = array_filter($sim->requests('vasco'), fn($q) => $q['method'] === 'POST' && $q['path'] === '/api/v1/FA/narociloKupca');
echo "order POSTs: ", count($posts), "\n";
$lookups = array_filter($sim->requests('vasco'), fn($q) => $q['method'] === 'GET' && ($q['query']['StevilkaLeto'] ?? '') === '1284.2026');
echo "lookups by StevilkaLeto=1284.2026: ", count($lookups), " (findOrder + one per export)\n";

// VASCO processes the order but the reply is lost: the export fails, the next attempt links instead of re-posting
$o2 = order_snapshot(['id' => 1285, 'number' => '1285']);
$sim->fault(['api' => 'vasco', 'method' => 'POST', 'path' => '/api/v1/FA/narociloKupca', 'kind' => 'lost_reply']);
try { $v->exportOrder($o2, $ctx); echo "no error?\n"; } catch (ErpSync\TransportException $e) { echo "lost reply: TransportException ", $e->getKind(), "\n"; }
$f = $v->findOrder($o2);
echo "findOrder after lost reply: ", $f['remote_id'], "\n";
$r3 = $v->exportOrder($o2, $ctx);
echo "retry: created=", var_export($r3['created'], true), "\n";
$st = $sim->state('vasco');
echo "orders in VASCO: ", count($st['orders']), ", logins: ", $st['logins'], "\n";

// every call but the login carried the bearer token
$bad = array_filter($sim->requests('vasco'), fn($q) => $q['path'] !== '/api/v1/Avtentikacija' && !str_starts_with($q['headers']['authorization'] ?? '', 'Bearer '));
echo "calls without Bearer: ", count($bad), "\n";
echo "log: ", count($log) > 5 ? 'entries' : 'empty', ", ", no_secret(implode("\n", $log), [ErpSyncTest\Sim::VASCO_PASSWORD]), "\n";
$tok = json_decode($sim->call('GET', '/_sim/requests?api=vasco')['requests'][0]['body'] ?? '{}', true);
echo "login body fields: ", implode(',', array_keys($tok)), "\n";
?>
--EXPECT--
1
by VAT: 5 via vat_number
by email: 7 via email
by code: 12 via code
NULL
created partner: 32
found after create: same
NULL
first export: created=true remote 1284.2026
second export: created=false remote 1284.2026
order POSTs: 1
lookups by StevilkaLeto=1284.2026: 3 (findOrder + one per export)
lost reply: TransportException reset
findOrder after lost reply: 1285.2026
retry: created=false
orders in VASCO: 2, logins: 1
calls without Bearer: 0
log: entries, no secret
login body fields: username,password,taxNumber,year,returnPastYears
