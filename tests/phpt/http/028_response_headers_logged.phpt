--TEST--
Request log: each attempt carries the reply's headers, redacted — Set-Cookie and secret-named headers masked, a configured secret (here the bearer token) masked wherever it appears, a secret-named query part in a value redacted; ordinary headers kept; the status line left out
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$log = [];
$token = 'Bearer-token-4711-abc';
$c = new ErpSync\Http\Client(['base_url' => $sim->url('test'), 'auth' => ['type' => 'bearer', 'token' => $token],
    'log' => function (array $e) use (&$log) { $log[] = $e; }]);
sim_fault($sim, ['api' => 'test', 'kind' => 'echo_secrets', 'count' => 1]);
$r = $c->get('/echo');
echo "status: ", $r->status, "\n";
$e = $log[0];
echo "has response_headers: ", var_export(is_string($e['response_headers'] ?? null), true), "\n";
$lines = array_values(array_filter(explode("\n", $e['response_headers'])));
$by = [];
foreach ($lines as $l) {
    [$n, $v] = explode(': ', $l, 2);
    $by[strtolower($n)] = $v;
}
echo "status line left out: ", var_export(!preg_grep('/^HTTP\//', $lines), true), "\n";
echo "Content-Type kept: ", $by['content-type'] ?? '(missing)', "\n";
echo "Set-Cookie: ", $by['set-cookie'] ?? '(missing)', "\n";
echo "X-Echo-Auth holds the token? ", var_export(str_contains($by['x-echo-auth'] ?? '', $token), true), "; redacted: ", var_export(str_contains($by['x-echo-auth'] ?? '', '[redacted]'), true), "\n";
echo "X-Next: ", $by['x-next'] ?? '(missing)', "\n";
echo "the cookie value anywhere: ", var_export(str_contains(json_encode($log), 'sess-echo'), true), "\n";
echo "lines end without CR: ", var_export(!str_contains($e['response_headers'], "\r"), true), "\n";

// a request that got no answer has no reply headers
$dead = new ErpSync\Http\Client(['base_url' => 'http://127.0.0.1:1', 'retry' => ['max_attempts' => 1],
    'log' => function (array $e) use (&$log) { $log[] = $e; }]);
try {
    $dead->get('/x');
} catch (ErpSync\Exception $ex) {
}
echo "no answer → response_headers: ", var_export(end($log)['response_headers'], true), "\n";

// a huge header block is cut at a line end, at most 8 KiB
$log = [];
$many = new ErpSync\Http\Client(['base_url' => $sim->url('test'), 'log' => function (array $e) use (&$log) { $log[] = $e; }]);
sim_fault($sim, ['api' => 'test', 'kind' => 'retry_after_ok', 'retry_after' => str_repeat('9', 3000), 'reset' => str_repeat('1', 6000), 'count' => 1]);
$many->get('/echo', ['idempotent' => true]);
$h = $log[0]['response_headers'];
echo "capped: ", var_export(strlen($h) <= 8192 && str_ends_with($h, "\n"), true), "\n";
?>
--EXPECT--
status: 200
has response_headers: true
status line left out: true
Content-Type kept: application/json
Set-Cookie: [redacted]
X-Echo-Auth holds the token? false; redacted: true
X-Next: /next?page=2&token=[redacted]
the cookie value anywhere: false
lines end without CR: true
no answer → response_headers: ''
capped: true
