--TEST--
Login auth: every secret the login request carries (password and other secret-named credentials) is a literal secret of the client, so a login reply that echoes the request leaves no trace of it in the request log
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$log = [];
$c = new ErpSync\Http\Client(['base_url' => $sim->url('vasco'), 'auth' => ['type' => 'login', 'path' => '/api/v1/Avtentikacija',
    'credentials' => SIM_VASCO_LOGIN + ['apiSecret' => 'Extra-secret-42']],
    'log' => function (array $e) use (&$log) { $log[] = $e; }]);
sim_fault($sim, ['api' => 'vasco', 'method' => 'POST', 'path' => '/api/v1/Avtentikacija', 'kind' => 'echo_secrets', 'count' => 1]);
echo "status: ", $c->get('/api/v1/SkupniSifranti/partner', ['query' => ['Sifra' => '1']])->status, "\n";
$login = $log[0];
echo "login logged, reply echoed: ", var_export(str_contains($login['response_body'], 'echo'), true), "\n";
$all = json_encode($log);
foreach (['password' => ErpSyncTest\Sim::VASCO_PASSWORD, 'apiSecret' => 'Extra-secret-42'] as $n => $s) {
    echo "$n in the log: ", var_export(str_contains($all, $s), true), "\n";
}
?>
--EXPECT--
status: 200
login logged, reply echoed: true
password in the log: false
apiSecret in the log: false
