--TEST--
Http\Client against the simulator's hostile faults: a redirect to another host is not followed, a gzip bomb (32 MiB inflated) stops at max_response_bytes, a 1 byte/s body ends at the timeout, HTML in an error message stays text in the exception
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$other = http_sim();
$c = sitoo_client($sim, ['timeout_ms' => 1500, 'max_response_bytes' => 1 << 20, 'retry' => ['max_attempts' => 1]]);
$f = ['api' => 'sitoo', 'path' => '/sites.json', 'count' => 1];

sim_fault($sim, $f + ['kind' => 'redirect', 'location' => $other->url('sitoo') . '/sites.json']);
try { $r = $c->get('/sites.json'); echo "redirect: status ", $r->status, "\n"; }
catch (ErpSync\HttpException $e) { echo "redirect: HttpException ", $e->getStatus(), ", not followed: ", var_export(count(sim_requests($other, 'sitoo')) === 0, true), "\n"; }

// the simulator deflates the bomb when the request comes: a generous timeout (slow under ASan and load)
$big = sitoo_client($sim, ['timeout_ms' => 30000, 'max_response_bytes' => 1 << 20, 'retry' => ['max_attempts' => 1]]);
sim_fault($sim, $f + ['kind' => 'gzip_bomb', 'mb' => 32]);
try { $big->get('/sites.json'); echo "gzip bomb: accepted\n"; }
catch (ErpSync\ProtocolException $e) { echo "gzip bomb: ", str_contains($e->getMessage(), 'larger than the limit of 1048576 bytes') ? 'stopped at the limit' : $e->getMessage(), "\n"; }

sim_fault($sim, $f + ['kind' => 'slow_body', 'ms' => 1000]);
$t = microtime(true);
try { $c->get('/sites.json'); echo "slow body: accepted\n"; }
catch (ErpSync\TransportException $e) { $dt = microtime(true) - $t; echo "slow body: ", $e->getKind(), " after ~1.5 s: ", var_export($dt >= 1.3 && $dt < 4, true), "\n"; }

sim_fault($sim, $f + ['kind' => 'html_error', 'status' => 400]);
try { $c->get('/sites.json'); } catch (ErpSync\HttpException $e) {
    echo "html error: ", $e->getStatus(), ", excerpt is the text as sent (for the caller to escape): ", var_export(str_contains($e->getBodyExcerpt(), '<a href'), true), "\n";
}
?>
--EXPECT--
redirect: HttpException 302, not followed: true
gzip bomb: stopped at the limit
slow body: timeout after ~1.5 s: true
html error: 400, excerpt is the text as sent (for the caller to escape): true
