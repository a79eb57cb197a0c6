--TEST--
Http\Client reuses connections: keep-alive across sequential calls and batches (one connection for sequential calls)
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$c = sitoo_client($sim);
for ($i = 0; $i < 5; $i++) {
    $r = $c->get('/sites.json');
}
echo "status ", $r->status, ", connections after 5 sequential calls: ", $c->connectionCount(), "\n";
$res = $c->requestMany(array_fill(0, 12, ['path' => '/sites.json']), 3);
echo "ok: ", count(array_filter($res, fn($r) => $r instanceof ErpSync\Http\Response && $r->status === 200)), "\n";
echo "connections after 12 more with 3 in flight: ", $c->connectionCount() <= 4 ? "at most 4" : $c->connectionCount(), "\n";
for ($i = 0; $i < 3; $i++) {
    $c->get('/sites.json');
}
echo "no new connection afterwards: ", var_export($c->connectionCount() <= 4, true), "\n";
$other = sitoo_client($sim);
$other->get('/sites.json');
echo "another client has its own: ", $other->connectionCount(), "\n";
?>
--EXPECT--
status 200, connections after 5 sequential calls: 1
ok: 12
connections after 12 more with 3 in flight: at most 4
no new connection afterwards: true
another client has its own: 1
