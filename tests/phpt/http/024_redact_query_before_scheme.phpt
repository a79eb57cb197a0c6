--TEST--
Http\Client request log: a header value or URL whose first "://" comes after the first "?" (e.g. "?u=http://x") is redacted without reading past its end (ASan: SEGV in memchr before the fix; run under scripts/test-phpt-asan.sh)
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$log = [];
$c = sitoo_client($sim, [
    'headers' => ['X-Ref' => '?u=http://x', 'X-Back' => '?a=1&token=Tok-secret-1&next=https://h', 'X-Plain' => 'http://u:Pw-secret-2@h/p?x=1'],
    'log' => function (array $e) use (&$log) { $log[] = $e; },
]);
$c->get('/sites.json', ['query' => ['ret' => '?u=http://x', 'access_token' => 'Acc-secret-3']]);
$h = $log[0]['request_headers'];
foreach (['X-Ref', 'X-Back', 'X-Plain'] as $n) {
    preg_match('/^' . $n . ': (.*)$/mi', $h, $m);
    echo $n, ": ", $m[1] ?? '(missing)', "\n";
}
echo "url: ", $log[0]['url'], "\n";
$all = json_encode($log);
echo "secrets in the log: ", implode(',', array_filter(['Tok-secret-1', 'Pw-secret-2', 'Acc-secret-3', SIM_SITOO_PASS], fn($s) => str_contains($all, $s))) ?: 'none', "\n";
?>
--EXPECTF--
X-Ref: ?u=http://x
X-Back: ?a=1&token=[redacted]&next=https://h
X-Plain: http://[redacted]@h/p?x=1
url: http://127.0.0.1:%d/sitoo/v2/accounts/%s/sites.json?ret=%3Fu%3Dhttp%3A%2F%2Fx&access_token=[redacted]
secrets in the log: none
