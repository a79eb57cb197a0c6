--TEST--
Http\Client and connectors: a path (request, login path, settings.paths override) that leaves the configured origin is refused before anything is sent; the credentials never reach the other host
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
require __DIR__ . '/../connectors/fixtures.inc';
$sim = http_sim();
$other = http_sim(); // stands for another host: it must never see a request
$otherPort = parse_url($other->base(), PHP_URL_PORT);
$c = sitoo_client($sim);
foreach ([
    $other->url('sitoo') . '/sites.json',                      // absolute URL on another origin
    '//127.0.0.1:' . $otherPort . '/sitoo/sites.json',         // network-path reference
    '\\\\127.0.0.1:' . $otherPort . '/x',                      // backslashes
    'https://127.0.0.1:' . parse_url($sim->base(), PHP_URL_PORT) . '/x', // same host, other scheme
    'javascript:alert(1)',                                     // another scheme
    "sites.json\r\nX-Injected: 1",                             // control characters
    'sites.json HTTP/1.0',                                     // a space: curl's parser refuses the URL (and a request line would split)
] as $p) {
    try { $c->get($p); echo "sent: ", json_encode($p), "\n"; }
    catch (ErpSync\ValidationException $e) { echo $e->getField(), ": refused (", str_contains($e->getMessage(), 'stay on the configured server') ? 'names the rule' : $e->getMessage(), ")\n"; }
}
// what stays on the origin still works: a relative path, an absolute URL on the same origin, "@host" as a path segment
echo "relative: ", $c->get('/sites.json')->status, "\n";
echo "same origin absolute: ", $c->get($sim->url('sitoo') . '/sites.json')->status, "\n";
try { $c->get('@127.0.0.1:' . $otherPort . '/x'); } catch (ErpSync\HttpException $e) { echo "@host as a path: HTTP ", $e->getStatus(), " from the configured server\n"; }

// login auth: the credentials go only to the configured origin
try {
    $l = new ErpSync\Http\Client(['base_url' => $sim->url('vasco'), 'auth' => ['type' => 'login',
        'path' => $other->url('vasco') . '/api/v1/Avtentikacija', 'credentials' => SIM_VASCO_LOGIN]]);
    $l->get('/api/v1/FA/narociloKupca');
    echo "login sent\n";
} catch (ErpSync\ValidationException $e) { echo "login path: ", $e->getField(), " refused\n"; }

// connectors: a paths override that is an absolute URL (VASCO login, SORS databases)
try {
    $v = new ErpSync\Connector\Vasco(vasco_settings($sim, ['paths' => ['login' => $other->url('vasco') . '/api/v1/Avtentikacija']]));
    echo "VASCO: ", json_encode($v->testConnection()), "\n";
} catch (ErpSync\ValidationException $e) { echo "VASCO ", $e->getField(), ": ", get_class($e), "\n"; }
try {
    $s = new ErpSync\Connector\Sors(sors_settings($sim, ['paths' => ['databases' => 'http://127.0.0.1:' . $otherPort . '/sors/databases']]));
    echo "SORS: ", json_encode($s->testConnection()), "\n";
} catch (ErpSync\ValidationException $e) { echo "SORS ", $e->getField(), ": ", get_class($e), "\n"; }

$seen = array_merge(sim_requests($other, 'sitoo'), sim_requests($other, 'vasco'), sim_requests($other, 'sors'));
echo "requests at the other host: ", count($seen), "\n";
$leak = false;
foreach ($seen as $r) { $leak = $leak || str_contains(json_encode($r), ErpSyncTest\Sim::VASCO_PASSWORD) || str_contains(json_encode($r), ErpSyncTest\Sim::SORS_KEY); }
echo "credentials at the other host: ", var_export($leak, true), "\n";
$injected = false;
foreach (sim_requests($sim, 'sitoo') as $r) { $injected = $injected || sim_header($r, 'X-Injected') !== null; }
echo "header injected: ", var_export($injected, true), "\n";
?>
--EXPECT--
path: refused (names the rule)
path: refused (names the rule)
path: refused (names the rule)
path: refused (names the rule)
path: refused (names the rule)
path: refused (names the rule)
path: refused (names the rule)
relative: 200
same origin absolute: 200
@host as a path: HTTP 404 from the configured server
login path: auth.path refused
VASCO settings.paths.login: ErpSync\ValidationException
SORS settings.paths.databases: ErpSync\ValidationException
requests at the other host: 0
credentials at the other host: false
header injected: false
