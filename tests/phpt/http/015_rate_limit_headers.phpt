--TEST--
Http\Client honours Retry-After (seconds and HTTP date) and X-Rate-Limit-Remaining/Reset; RateLimitedException when 429 persists
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$c = sitoo_client($sim, ['retry' => ['max_attempts' => 3, 'base_delay_ms' => 10, 'max_total_delay_ms' => 5000]]);
$f = ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'rate_limit', 'count' => 1];

$t = microtime(true);
sim_fault($sim, $f + ['retry_after' => 1]);
$r = $c->get('/sites.json');
$dt = microtime(true) - $t;
echo "Retry-After: 1 -> ", $r->status, " after ", $r->attempts, " attempts, waited ~1 s: ", var_export($dt >= 0.95 && $dt < 3, true), "\n";

$t = microtime(true);
sim_fault($sim, $f + ['retry_after' => gmdate('D, d M Y H:i:s', time() + 2) . ' GMT']);
$r = $c->get('/sites.json');
$dt = microtime(true) - $t;
echo "Retry-After: <date> -> ", $r->status, ", waited until the date: ", var_export($dt >= 0.9 && $dt < 3.5, true), "\n";

$t = microtime(true);
sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'status', 'status' => 429, 'count' => 1,
    'headers' => ['X-Rate-Limit-Remaining' => '0', 'X-Rate-Limit-Reset' => '1']]);
$r = $c->get('/sites.json');
$dt = microtime(true) - $t;
echo "X-Rate-Limit-Reset: 1 -> ", $r->status, ", waited: ", var_export($dt >= 0.95 && $dt < 3, true), "\n";

$t = microtime(true);
sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'status', 'status' => 429, 'count' => 1,
    'headers' => ['X-Rate-Limit-Remaining' => '0', 'X-Rate-Limit-Reset' => (string) (time() + 2)]]);
$r = $c->get('/sites.json');
$dt = microtime(true) - $t;
echo "X-Rate-Limit-Reset: <epoch> -> ", $r->status, ", waited: ", var_export($dt >= 0.9 && $dt < 3.5, true), "\n";

// a successful reply with Remaining 0 holds the next request until the reset
sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'status', 'status' => 200, 'count' => 1,
    'body' => '{"totalcount":0,"items":[]}', 'headers' => ['X-Rate-Limit-Remaining' => '0', 'X-Rate-Limit-Reset' => '1']]);
$c->get('/sites.json');
$t = microtime(true);
$c->get('/sites.json');
echo "next call held after Remaining 0: ", var_export(microtime(true) - $t >= 0.9, true), "\n";

// 429 that does not go away: RateLimitedException with the wait
sim_fault($sim, $f + ['retry_after' => 30, 'count' => 5]);
$t = microtime(true);
try { $c->get('/sites.json'); } catch (ErpSync\RateLimitedException $e) {
    echo get_class($e), " status ", $e->getStatus(), ", retry after ", $e->getRetryAfter(), ", gave up at once: ", var_export(microtime(true) - $t < 1, true), "\n";
}
?>
--EXPECT--
Retry-After: 1 -> 200 after 2 attempts, waited ~1 s: true
Retry-After: <date> -> 200, waited until the date: true
X-Rate-Limit-Reset: 1 -> 200, waited: true
X-Rate-Limit-Reset: <epoch> -> 200, waited: true
next call held after Remaining 0: true
ErpSync\RateLimitedException status 429, retry after 30, gave up at once: true
