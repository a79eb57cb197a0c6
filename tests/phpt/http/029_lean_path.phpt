--TEST--
Http\Client lean path (single GET/HEAD on a kept connection, erpsync_http_lean.c) reads every framing as libcurl's path does: chunked with extension and trailer, HTTP/1.0 to the end of the connection, a 103 first, gzip / deflate / raw deflate, a kept connection the server closed, two different Content-Length; same request headers (basic auth, user agent)
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$opts = ['retry' => ['max_attempts' => 1], 'timeout_ms' => 5000];
$lean = sitoo_client($sim, $opts);
$curl = sitoo_client($sim, $opts + ['lean' => false]);
$f = ['api' => 'sitoo', 'path' => '/sites.json', 'count' => 1];

function outcome(ErpSync\Http\Client $c, string $method = 'GET'): string
{
    try {
        $r = $c->request($method, '/sites.json');
        return sprintf('%d %s %s ct=%s', $r->status, md5($r->body), strlen($r->body), $r->header('content-type') ?? '-');
    } catch (ErpSync\Exception $e) {
        return get_class($e) . ($e instanceof ErpSync\TransportException ? ' ' . $e->getKind() : '');
    }
}

$plain = outcome($curl);
echo "plain: same ", var_export(outcome($lean) === $plain, true), "\n";
foreach (['chunked', 'http10', 'early_hints', 'gzip', 'deflate', 'deflate_raw', 'double_length'] as $as) {
    $got = [];
    foreach (['curl' => $curl, 'lean' => $lean] as $who => $c) {
        sim_fault($sim, $f + ['kind' => 'framing', 'as' => $as]);
        $got[$who] = outcome($c);
    }
    if ('double_length' === $as) { // refused on both paths (libcurl: cut short; lean: an unreadable reply)
        echo "$as: refused by both: ", var_export(str_starts_with($got['lean'], 'ErpSync\\TransportException') && str_starts_with($got['curl'], 'ErpSync\\TransportException'), true), "\n";
        continue;
    }
    $ok = $got['lean'] === $plain;
    echo "$as: ", $ok ? 'as expected' : 'DIFFERS', ', same as libcurl: ', var_export($got['lean'] === $got['curl'], true),
        $ok ? '' : ' ' . json_encode($got), "\n";
}
// chunks of one byte: every state boundary falls inside a read
sim_fault($sim, $f + ['kind' => 'framing', 'as' => 'chunked', 'size' => 1]);
echo "chunked by single bytes: ", var_export(outcome($lean) === $plain, true), "\n";

// a kept connection the server closes without notice: the next GET goes once more on a new connection
$fresh = sitoo_client($sim, $opts);
$fresh->get('/sites.json');
sim_fault($sim, $f + ['kind' => 'framing', 'as' => 'idle_close', 'ms' => 50]);
echo "before idle close: ", outcome($fresh) === $plain ? 'ok' : 'FAIL', "\n";
usleep(200000);
$before = count(sim_requests($sim, 'sitoo'));
echo "after idle close: ", outcome($fresh) === $plain ? 'ok' : 'FAIL', ", sent once: ",
    var_export(count(sim_requests($sim, 'sitoo')) === $before + 1, true), ", connections: ", $fresh->connectionCount(), "\n";
// closed while the next request was on its way: the server read nothing, the client sends it again
sim_fault($sim, $f + ['kind' => 'framing', 'as' => 'idle_close', 'ms' => 300]);
$fresh->get('/sites.json');
echo "closed under a request: ", outcome($fresh) === $plain ? 'ok' : 'FAIL', "\n";

// a kept connection's wait follows each request's own timeout (plain HTTP: the socket's receive timeout)
$kept = sitoo_client($sim, $opts);
$kept->get('/sites.json');
sim_fault($sim, $f + ['kind' => 'hang', 'ms' => 3000]);
$t = microtime(true);
try { $kept->get('/sites.json', ['timeout_ms' => 300]); echo "hang: answered\n"; }
catch (ErpSync\TransportException $e) { $dt = microtime(true) - $t; echo "hang on a kept connection: ", $e->getKind(), " after ~300 ms: ", var_export($dt >= 0.28 && $dt < 1.0, true), "\n"; }
echo "then a long wait is allowed again: ", $kept->get('/sites.json')->status, "\n";

// HEAD: the headers only
$h = $lean->request('HEAD', '/sites.json');
echo "HEAD: ", $h->status, " body '", $h->body, "' length header ", var_export($h->header('content-length') === (string) strlen($lean->get('/sites.json')->body), true), "\n";

// the request headers the server sees are libcurl's (Accept-Encoding apart)
sim_reset($sim);
$lean->get('/sites.json');
$curl->get('/sites.json');
[$a, $b] = sim_requests($sim, 'sitoo');
foreach (['authorization', 'user-agent', 'accept', 'host'] as $name) {
    echo "$name: same ", var_export(sim_header($a, $name) !== null && sim_header($a, $name) === sim_header($b, $name), true), "\n";
}
echo "lean path taken (its own Accept-Encoding): ", var_export(sim_header($a, 'accept-encoding') === 'gzip, deflate' && sim_header($b, 'accept-encoding') !== 'gzip, deflate', true), "\n";
echo "no Expect, asks for gzip: ", var_export(sim_header($a, 'expect') === null && str_contains((string) sim_header($a, 'accept-encoding'), 'gzip'), true), "\n";

// lean must be a boolean
try { new ErpSync\Http\Client(['base_url' => 'http://127.0.0.1:1', 'lean' => 'no']); }
catch (ErpSync\ValidationException $e) { echo "option: ", $e->getMessage(), "\n"; }
?>
--EXPECT--
plain: same true
chunked: as expected, same as libcurl: true
http10: as expected, same as libcurl: true
early_hints: as expected, same as libcurl: true
gzip: as expected, same as libcurl: true
deflate: as expected, same as libcurl: true
deflate_raw: as expected, same as libcurl: true
double_length: refused by both: true
chunked by single bytes: true
before idle close: ok
after idle close: ok, sent once: true, connections: 2
closed under a request: ok
hang on a kept connection: timeout after ~300 ms: true
then a long wait is allowed again: 200
HEAD: 200 body '' length header true
authorization: same true
user-agent: same true
accept: same true
host: same true
lean path taken (its own Accept-Encoding): true
no Expect, asks for gzip: true
option: lean must be a boolean, string given
