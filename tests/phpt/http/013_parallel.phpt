--TEST--
Http\Client::requestMany: results in input order under the same keys, one failure does not lose the others, concurrency cap
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$c = sitoo_client($sim, ['retry' => ['max_attempts' => 1]]);
// every request is slowed down by 300 ms; one of them fails with 500
sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'latency', 'ms' => 300, 'count' => 8]);
sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites/404', 'kind' => 'status', 'status' => 500, 'count' => 1]);
$reqs = [];
foreach (['a', 'b', 'c', 'd'] as $k) $reqs[$k] = ['path' => '/sites.json', 'query' => ['k' => $k]];
$reqs['bad'] = ['path' => '/sites/404/products.json'];
foreach (['e', 'f', 'g', 'h'] as $k) $reqs[$k] = ['path' => '/sites.json', 'query' => ['k' => $k]];
$t = microtime(true);
$res = $c->requestMany($reqs, 4);
$dt = microtime(true) - $t;
foreach ($res as $k => $r) {
    echo $k, ": ", $r instanceof ErpSync\Http\Response ? $r->status . ' k=' . (parse_url($r->url, PHP_URL_QUERY) ?? '') : get_class($r) . ' ' . $r->getStatus(), "\n";
}
// 8 slow calls, 4 at a time: about 2 rounds of 300 ms (not 8 x 300 ms, not 1 round)
echo "parallel: ", var_export($dt >= 0.55 && $dt < 2.0, true), "\n";
echo "empty batch: ", var_export($c->requestMany([]), true), "\n";
?>
--EXPECT--
a: 200 k=k=a
b: 200 k=k=b
c: 200 k=k=c
d: 200 k=k=d
bad: ErpSync\HttpException 500
e: 200 k=k=e
f: 200 k=k=f
g: 200 k=k=g
h: 200 k=k=h
parallel: true
empty batch: array (
)
