--TEST--
Http\Client: a successful reply asking for a long wait (Retry-After, X-Rate-Limit-Remaining 0 + Reset) holds later requests only as long as they may wait; beyond that they end at once with RateLimitedException and the seconds (bounded, also for inf/1e308)
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$c = sitoo_client($sim, ['timeout_ms' => 2000, 'retry' => ['max_attempts' => 2, 'base_delay_ms' => 10, 'max_total_delay_ms' => 1000]]);
$f = ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => 'retry_after_ok', 'count' => 1];
foreach ([
    ['retry_after' => 5],
    ['retry_after' => 'inf'],
    ['retry_after' => '1e308'],
    ['retry_after' => 'nan'],
    ['reset' => 3],
    ['reset' => (string) (time() + 86400 * 365)],
] as $h) {
    $c = sitoo_client($sim, ['timeout_ms' => 2000, 'retry' => ['max_attempts' => 2, 'base_delay_ms' => 10, 'max_total_delay_ms' => 1000]]);
    sim_fault($sim, $f + $h);
    $first = $c->get('/sites.json')->status;
    $before = count(sim_requests($sim, 'sitoo'));
    $t = microtime(true);
    try {
        $c->get('/sites.json');
        echo json_encode($h), ": second request sent after ", round(microtime(true) - $t, 1), " s\n";
    } catch (ErpSync\RateLimitedException $e) {
        $dt = microtime(true) - $t;
        $ra = $e->getRetryAfter();
        echo json_encode($h), ": first $first, then RateLimitedException at once: ", var_export($dt < 0.5, true),
            ", retry after within (1 s, 1 day]: ", var_export($ra > 1 && $ra <= 86400, true),
            ", not sent: ", var_export(count(sim_requests($sim, 'sitoo')) === $before, true),
            ", says why: ", var_export(str_contains($e->getMessage(), 'max_total_delay_ms'), true), "\n";
    }
}
// a wait the request may afford is still honoured
$c = sitoo_client($sim, ['retry' => ['max_attempts' => 2, 'base_delay_ms' => 10, 'max_total_delay_ms' => 5000]]);
sim_fault($sim, $f + ['retry_after' => 1]);
$c->get('/sites.json');
$t = microtime(true);
echo "Retry-After 1 within max_total_delay_ms 5000: ", $c->get('/sites.json')->status, ", waited: ", var_export(microtime(true) - $t >= 0.9, true), "\n";
?>
--EXPECTF--
{"retry_after":5}: first 200, then RateLimitedException at once: true, retry after within (1 s, 1 day]: true, not sent: true, says why: true
{"retry_after":"inf"}: first 200, then RateLimitedException at once: true, retry after within (1 s, 1 day]: true, not sent: true, says why: true
{"retry_after":"1e308"}: first 200, then RateLimitedException at once: true, retry after within (1 s, 1 day]: true, not sent: true, says why: true
{"retry_after":"nan"}: first 200, then RateLimitedException at once: true, retry after within (1 s, 1 day]: true, not sent: true, says why: true
{"reset":3}: first 200, then RateLimitedException at once: true, retry after within (1 s, 1 day]: true, not sent: true, says why: true
{"reset":"%d"}: first 200, then RateLimitedException at once: true, retry after within (1 s, 1 day]: true, not sent: true, says why: true
Retry-After 1 within max_total_delay_ms 5000: 200, waited: true
