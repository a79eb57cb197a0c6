--TEST--
Http\Client retries transient failures with backoff: 503 and connection reset; POST only when marked idempotent
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$log = [];
$c = sitoo_client($sim, ['retry' => ['max_attempts' => 4, 'base_delay_ms' => 100, 'max_delay_ms' => 1000],
    'log' => function ($e) use (&$log) { $log[] = $e; }]);
$count = fn() => count(sim_requests($sim, 'sitoo'));

sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'status', 'status' => 503, 'count' => 2]);
$t = microtime(true);
$r = $c->get('/sites.json');
$dt = microtime(true) - $t;
echo "503 x2: status ", $r->status, ", attempts ", $r->attempts, "\n";
// backoff 100 ms then 200 ms, each with 50-100 % jitter: at least 150 ms
echo "backed off: ", var_export($dt >= 0.15, true), ", duration counted: ", var_export($r->duration >= 0.15, true), "\n";
echo "log: ", implode(' ', array_map(fn($e) => $e['attempt'] . ':' . $e['status'] . ($e['will_retry'] ? 'R' : ''), $log)), "\n";

sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'reset', 'count' => 1]);
$r = $c->get('/sites.json');
echo "reset x1: status ", $r->status, ", attempts ", $r->attempts, "\n";

sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'status', 'status' => 503, 'count' => 10]);
try { $c->get('/sites.json'); } catch (ErpSync\HttpException $e) {
    echo "503 forever: ", get_class($e), " ", $e->getStatus(), " retryable ", var_export($e->isRetryable(), true), "\n";
}
sim_reset($sim);

// 400 is not retried
sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'status', 'status' => 400, 'count' => 1, 'body' => '{"error":"bad","password":"Leak-Pass-1"}']);
try { $c->get('/sites.json'); } catch (ErpSync\HttpException $e) {
    echo "400: attempts ", $count(), ", retryable ", var_export($e->isRetryable(), true), ", excerpt ", $e->getBodyExcerpt(), "\n";
}
sim_reset($sim);

// POST: not retried unless idempotent
sim_fault($sim, ['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites', 'kind' => 'status', 'status' => 503, 'count' => 1]);
try { $c->post('/sites/1/products.json', ['json' => ['sku' => 'A']]); echo "POST went through\n"; } catch (ErpSync\HttpException $e) {
    echo "POST 503: ", $e->getStatus(), ", requests seen ", $count(), "\n";
}
sim_reset($sim);
sim_fault($sim, ['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites', 'kind' => 'status', 'status' => 503, 'count' => 1]);
$r = $c->post('/sites/1/products.json', ['json' => ['sku' => 'A'], 'idempotent' => true, 'accept_any_status' => true]);
echo "idempotent POST: attempts ", $r->attempts, ", requests seen ", $count(), "\n";

// accept_any_status returns the final non-2xx reply
sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'status', 'status' => 404, 'count' => 1, 'body' => '{"error":"gone"}']);
$r = $c->get('/sites.json', ['accept_any_status' => true]);
echo "accept_any_status: ", $r->status, " ", $r->body, "\n";
?>
--EXPECT--
503 x2: status 200, attempts 3
backed off: true, duration counted: true
log: 1:503R 2:503R 3:200
reset x1: status 200, attempts 2
503 forever: ErpSync\HttpException 503 retryable true
400: attempts 1, retryable false, excerpt {"error":"bad","password":"[redacted]"}
POST 503: 503, requests seen 1
idempotent POST: attempts 2, requests seen 2
accept_any_status: 404 {"error":"gone"}
