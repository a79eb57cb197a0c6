--TEST--
Http\Client on the simulator's /test routes: one server-side connection, JWT exp honoured, 95 items paged in every style, json body, byte cap
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$base = $sim->url('test');

// connection reuse seen from the server: 10 calls, one accepted connection
$c = new ErpSync\Http\Client(['base_url' => $base]);
$before = $sim->connections()['accepted'];
for ($i = 0; $i < 10; $i++) $c->get('/echo', ['query' => ['i' => $i]]);
// (the control call that asks opens one connection of its own)
echo "server accepted for 10 calls: ", $sim->connections()['accepted'] - $before - 1, ", client counted ", $c->connectionCount(), "\n";

// request json goes out as JSON; the echo comes back decoded
$r = $c->post('/echo', ['json' => ['name' => "Čevlji €", 'qty' => 2, 'price' => 12.5, 'tags' => []], 'headers' => ['X-Trace' => 't-1']]);
$e = $r->json();
echo "echo: ", $e['method'], " ", $e['body'], " trace ", $e['headers']['x-trace'] ?? $e['headers']['X-Trace'] ?? '?', "\n";
echo "content-type sent: ", $e['headers']['content-type'] ?? $e['headers']['Content-Type'] ?? '?', "\n";

// every paging style over the 95-item list, 20 a page
foreach (['offset', 'segment', 'block', 'page'] as $style) {
    $sizes = []; $ids = [];
    $n = $c->paginate("/pages/$style", ['style' => $style, 'page_size' => 20], function (array $items, int $page) use (&$sizes, &$ids) {
        $sizes[] = count($items);
        foreach ($items as $it) $ids[] = $it['id'];
    });
    echo "$style: $n items, pages ", implode('+', $sizes), ", ids 1..95 in order: ", var_export($ids === range(1, 95), true), "\n";
}

// JWT exp: the simulator issues 3-second tokens; the client renews before exp, never sends an expired one
$sim->config(['api' => 'test', 'token_lifetime' => 3]);
$l = new ErpSync\Http\Client(['base_url' => $base,
    'auth' => ['type' => 'login', 'path' => '/login', 'credentials' => ['username' => 'u', 'password' => 'test-pass']]]);
$l->get('/protected');
$r = $l->get('/protected');
echo "2 calls: logins ", $r->json()['logins'], "\n";
usleep(3200000);
$r = $l->get('/protected');
echo "after exp: logins ", $r->json()['logins'], ", attempts ", $r->attempts, "\n";
$status = array_map(fn($q) => $q['path'], $sim->requests('test'));
echo "no 401 needed: ", var_export(!in_array(401, array_column($sim->requests('test'), 'status'), true), true), "\n";

// wrong password on login: 401 reported as a login failure
$bad = new ErpSync\Http\Client(['base_url' => $base,
    'auth' => ['type' => 'login', 'path' => '/login', 'credentials' => ['username' => 'u', 'password' => 'Not-The-Pass']]]);
try { $bad->get('/protected'); } catch (ErpSync\HttpException $e) { echo $e->getMessage(), "\n"; }

// byte cap exactly
$capped = new ErpSync\Http\Client(['base_url' => $base, 'max_response_bytes' => 4096]);
echo "4096 bytes: ", strlen($capped->get('/bytes/4096')->body), "\n";
try { $capped->get('/bytes/4097'); } catch (ErpSync\ProtocolException $e) { echo "4097 bytes: refused\n"; }
?>
--EXPECT--
server accepted for 10 calls: 1, client counted 1
echo: POST {"name":"Čevlji €","qty":2,"price":12.5,"tags":[]} trace t-1
content-type sent: application/json
offset: 95 items, pages 20+20+20+20+15, ids 1..95 in order: true
segment: 95 items, pages 20+20+20+20+15, ids 1..95 in order: true
block: 95 items, pages 20+20+20+20+15, ids 1..95 in order: true
page: 95 items, pages 20+20+20+20+15, ids 1..95 in order: true
2 calls: logins 1
after exp: logins 2, attempts 1
no 401 needed: true
Login was refused (HTTP 401): check the user name, password and other credentials
4096 bytes: 4096
4097 bytes: refused
