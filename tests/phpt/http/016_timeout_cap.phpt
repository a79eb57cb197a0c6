--TEST--
Http\Client: a hanging server -> TransportException kind timeout; a reply over max_response_bytes is cut off with a clear error
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$c = sitoo_client($sim, ['timeout_ms' => 300, 'retry' => ['max_attempts' => 1]]);
sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'hang', 'ms' => 3000, 'count' => 1]);
$t = microtime(true);
try { $c->get('/sites.json'); echo "no timeout\n"; } catch (ErpSync\TransportException $e) {
    echo $e->getKind(), ": ", preg_replace('~:\d+~', ':PORT', $e->getMessage()), "\n";
}
$dt = microtime(true) - $t;
echo "gave up after ~300 ms: ", var_export($dt >= 0.28 && $dt < 1.5, true), "\n";
// per-request timeout overrides the client's
sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'latency', 'ms' => 500, 'count' => 1]);
$r = $c->get('/sites.json', ['timeout_ms' => 3000]);
echo "longer per-request timeout: ", $r->status, "\n";

sim_ctl($sim, 'POST', '/_sim/seed', ['api' => 'sitoo', 'products' => 300, 'seed' => 1]);
$small = sitoo_client($sim, ['max_response_bytes' => 2000]);
try { $small->get('/sites/1/products.json', ['query' => ['num' => 300]]); echo "no error\n"; } catch (ErpSync\Exception $e) {
    echo get_class($e), ": ", preg_replace('~:\d+~', ':PORT', $e->getMessage()), "\n";
}
$big = sitoo_client($sim);
echo "without the cap: ", strlen($big->get('/sites/1/products.json', ['query' => ['num' => 300]])->body) > 2000 ? "whole reply" : "short", "\n";
ini_set('erpsync.max_response_bytes', '1000');
$ini = sitoo_client($sim);
try { $ini->get('/sites/1/products.json', ['query' => ['num' => 300]]); echo "INI cap ignored\n"; } catch (ErpSync\ProtocolException $e) { echo "INI default cap applies\n"; }
?>
--EXPECT--
timeout: 127.0.0.1:PORT did not answer within 300 ms (timeout)
gave up after ~300 ms: true
longer per-request timeout: 200
ErpSync\ProtocolException: The reply from 127.0.0.1:PORT is larger than the limit of 2000 bytes (erpsync.max_response_bytes / max_response_bytes); the transfer was stopped
without the cap: whole reply
INI default cap applies
