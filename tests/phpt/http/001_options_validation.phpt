--TEST--
Http\Client: every option is validated (ValidationException naming the option, subject "http client")
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Http\Client;
$cases = [
    'missing base_url' => [],
    'base_url type' => ['base_url' => 5],
    'base_url scheme' => ['base_url' => 'ftp://x'],
    'unknown option' => ['base_url' => 'http://x', 'timeout' => 5],
    'timeout type' => ['base_url' => 'http://x', 'timeout_ms' => '5'],
    'timeout range' => ['base_url' => 'http://x', 'connect_timeout_ms' => 0],
    'verify_tls type' => ['base_url' => 'http://x', 'verify_tls' => 1],
    'headers type' => ['base_url' => 'http://x', 'headers' => 'X-A: 1'],
    'header injection' => ['base_url' => 'http://x', 'headers' => ['X-A' => "1\r\nX-B: 2"]],
    'auth type' => ['base_url' => 'http://x', 'auth' => ['type' => 'oauth']],
    'auth no type' => ['base_url' => 'http://x', 'auth' => ['token' => 'abc']],
    'bearer no token' => ['base_url' => 'http://x', 'auth' => ['type' => 'bearer']],
    'basic bad password' => ['base_url' => 'http://x', 'auth' => ['type' => 'basic', 'username' => 'u', 'password' => 12]],
    'apikey bad header' => ['base_url' => 'http://x', 'auth' => ['type' => 'apikey', 'key' => 'k', 'header' => 'Bad Header']],
    'login no path' => ['base_url' => 'http://x', 'auth' => ['type' => 'login', 'credentials' => []]],
    'login unknown key' => ['base_url' => 'http://x', 'auth' => ['type' => 'login', 'path' => '/l', 'credentials' => [], 'pw' => 1]],
    'retry unknown' => ['base_url' => 'http://x', 'retry' => ['attempts' => 3]],
    'retry type' => ['base_url' => 'http://x', 'retry' => ['max_attempts' => 'three']],
    'rate type' => ['base_url' => 'http://x', 'rate_limit' => ['per_second' => 'fast']],
    'log not callable' => ['base_url' => 'http://x', 'log' => 'no_such_function_xyz'],
];
foreach ($cases as $name => $opts) {
    try {
        new Client($opts);
        echo "$name: accepted\n";
    } catch (ErpSync\ValidationException $e) {
        echo "$name: ", $e->getSubject(), " | ", $e->getField(), " | ", $e->getMessage(), "\n";
    }
}
$c = new Client(['base_url' => 'http://127.0.0.1:9', 'auth' => ['type' => 'apikey', 'key' => 'k-123456']]);
foreach ([
    'query value' => ['query' => ['a' => [1]]],
    'body type' => ['body' => 5],
    'json and body' => ['json' => [], 'body' => ''],
    'unknown request option' => ['jsn' => []],
    'idempotent type' => ['idempotent' => 'yes'],
] as $name => $o) {
    try {
        $c->post('/x', $o);
        echo "$name: sent\n";
    } catch (ErpSync\ValidationException $e) {
        echo "$name: ", $e->getField(), " | ", $e->getMessage(), "\n";
    }
}
try { $c->request('G E T', '/x'); } catch (ErpSync\ValidationException $e) { echo "method: ", $e->getField(), "\n"; }
try { $c->requestMany([['method' => 'GET']]); } catch (ErpSync\ValidationException $e) { echo "many: ", $e->getField(), " | ", $e->getMessage(), "\n"; }
try { $c->paginate('/x', ['style' => 'cursor'], fn() => true); } catch (ErpSync\ValidationException $e) { echo "paginate: ", $e->getField(), "\n"; }
try { $c->paginate('/x', ['page_size' => 0], fn() => true); } catch (ErpSync\ValidationException $e) { echo "paginate: ", $e->getField(), "\n"; }
try { $r = (new ReflectionClass(ErpSync\Http\Response::class))->newInstance(); } catch (Throwable $e) { echo get_class($e), "\n"; }
try { clone $c; } catch (Error $e) { echo "clone: ", $e->getMessage(), "\n"; }
?>
--EXPECT--
missing base_url: http client | base_url | base_url is required
base_url type: http client | base_url | base_url must be a string, int given
base_url scheme: http client | base_url | base_url must be an http:// or https:// URL
unknown option: http client | timeout | unknown option timeout
timeout type: http client | timeout_ms | timeout_ms must be an integer, string given
timeout range: http client | connect_timeout_ms | connect_timeout_ms must be from 1 to 3600000, 0 given
verify_tls type: http client | verify_tls | verify_tls must be a boolean, int given
headers type: http client | headers | headers must be an array, string given
header injection: http client | headers.X-A | headers.X-A contains a line break or NUL byte
auth type: http client | auth.type | auth.type must be bearer, basic, apikey or login
auth no type: http client | auth.type | auth.type is required (bearer, basic, apikey or login)
bearer no token: http client | auth.token | auth.token is required for bearer auth
basic bad password: http client | auth.password | auth.password must be a string, int given
apikey bad header: http client | auth.header | auth.header is not a valid header name
login no path: http client | auth.path | auth.path (the login path) is required for login auth
login unknown key: http client | auth.pw | unknown option auth.pw
retry unknown: http client | retry.attempts | unknown option retry.attempts
retry type: http client | retry.max_attempts | retry.max_attempts must be an integer, string given
rate type: http client | rate_limit.per_second | rate_limit.per_second must be a number, string given
log not callable: http client | log | log must be a callable
query value: request.query.a | request.query.a must be a string or number, array given
body type: request.body | request.body must be a string, int given
json and body: request.body | give either request.json or request.body, not both
unknown request option: request.jsn | unknown option request.jsn
idempotent type: request.idempotent | request.idempotent must be a boolean, string given
method: method
many: requests[0] | requests[0].path is required
paginate: pagination.style
paginate: pagination.page_size
ReflectionException
clone: Trying to clone an uncloneable object of class ErpSync\Http\Client
