--TEST--
Http\Client login auth: token from the login reply, cached across requests, re-login once on a 401
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$log = [];
$c = new ErpSync\Http\Client([
    'base_url' => $sim->url('vasco'),
    'auth' => ['type' => 'login', 'path' => '/api/v1/Avtentikacija', 'credentials' => SIM_VASCO_LOGIN],
    'log' => function ($e) use (&$log) { $log[] = $e; },
]);
$paths = fn() => array_map(fn($r) => $r['method'] . ' ' . preg_replace('~\?.*~', '', $r['path']), sim_requests($sim, 'vasco'));
$c->get('/api/v1/FASifranti/artikel', ['query' => ['Segment' => 1, 'SegmentSize' => 2]]);
$c->get('/api/v1/FASifranti/artikel', ['query' => ['Segment' => 2, 'SegmentSize' => 2]]);
$reqs = sim_requests($sim, 'vasco');
echo "logins after 2 calls: ", count(array_filter($reqs, fn($r) => str_contains($r['path'], 'Avtentikacija'))), "\n";
$auth = sim_header(end($reqs), 'Authorization');
echo "bearer sent: ", var_export((bool) preg_match('~^Bearer \S+\.\S+\.\S+$~', $auth), true), "\n";
$token = substr($auth, 7);

// the back-office forgets the token: one 401, then the client logs in again and repeats the call
sim_fault($sim, ['api' => 'vasco', 'method' => 'GET', 'path' => '/api/v1/FASifranti/artikel', 'kind' => 'status', 'status' => 401, 'count' => 1]);
$r = $c->get('/api/v1/FASifranti/artikel', ['query' => ['Segment' => 1, 'SegmentSize' => 2]]);
echo "after 401: status ", $r->status, ", attempts ", $r->attempts, "\n";
$reqs = sim_requests($sim, 'vasco');
echo "logins now: ", count(array_filter($reqs, fn($r) => str_contains($r['path'], 'Avtentikacija'))), "\n";

// a 401 that persists is reported, not looped on
sim_fault($sim, ['api' => 'vasco', 'method' => 'GET', 'path' => '/api/v1/FASifranti/artikel', 'kind' => 'status', 'status' => 401, 'count' => 5]);
try { $c->get('/api/v1/FASifranti/artikel'); } catch (ErpSync\HttpException $e) { echo "persistent 401: ", $e->getStatus(), "\n"; }

// wrong credentials: a clear message without the password
$bad = new ErpSync\Http\Client([
    'base_url' => $sim->url('vasco'),
    'auth' => ['type' => 'login', 'path' => '/api/v1/Avtentikacija', 'credentials' => ['password' => 'Wrong-Pass-123'] + SIM_VASCO_LOGIN],
]);
try { $bad->get('/api/v1/FASifranti/artikel'); } catch (ErpSync\HttpException $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
    var_dump(str_contains($e->getMessage() . $e->getBodyExcerpt(), 'Wrong-Pass-123'));
}
// a configured lifetime: the token is renewed once it is over
$short = new ErpSync\Http\Client([
    'base_url' => $sim->url('vasco'),
    'auth' => ['type' => 'login', 'path' => '/api/v1/Avtentikacija', 'credentials' => SIM_VASCO_LOGIN, 'token_lifetime_s' => 1],
]);
sim_reset($sim);
$short->get('/api/v1/FASifranti/artikel');
$short->get('/api/v1/FASifranti/artikel');
usleep(1100000);
$short->get('/api/v1/FASifranti/artikel');
echo "logins with a 1 s lifetime over 3 calls: ", count(array_filter(sim_requests($sim, 'vasco'), fn($r) => str_contains($r['path'], 'Avtentikacija'))), "\n";
$all = json_encode($log);
var_dump(str_contains($all, $token), str_contains($all, SIM_VASCO_LOGIN['password']));
?>
--EXPECTF--
logins after 2 calls: 1
bearer sent: true
after 401: status 200, attempts 1
logins now: 2
persistent 401: 401
ErpSync\HttpException: Login was refused (HTTP 40%d): check the user name, password and other credentials
bool(false)
logins with a 1 s lifetime over 3 calls: 2
bool(false)
bool(false)
