--TEST--
Http\Client: the request log gets credentials redacted in headers, JSON, form bodies and query strings
--EXTENSIONS--
erpsync
--INI--
erpsync.log_body_bytes=4096
--FILE--
<?php
$s = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
fclose($s);
$secrets = ['S3cr3t-pass', 'K3y-abcdef', 'Tok-999999', 'Cons-key-77', 'Cons-sec-88', 'Acc-tok-11', 'Ref-tok-22', 'Hdr-key-33', 'Cookie-44', 'Basic-pw-55'];
$log = [];
$hook = function (array $e) use (&$log) { $log[] = $e; };
$mk = fn(array $auth) => new ErpSync\Http\Client([
    'base_url' => "http://127.0.0.1:$port",
    'headers' => ['X-Api-Key' => 'Hdr-key-33', 'Cookie' => 'sid=Cookie-44', 'X-Shop' => 'demo'],
    'auth' => $auth, 'retry' => ['max_attempts' => 1], 'log' => $hook,
]);
$clients = [
    $mk(['type' => 'apikey', 'key' => 'K3y-abcdef']),
    $mk(['type' => 'basic', 'username' => 'shop', 'password' => 'Basic-pw-55']),
    $mk(['type' => 'bearer', 'token' => 'Tok-999999']),
];
$json = ['user' => 'shop', 'Password' => 'S3cr3t-pass', 'nested' => ['api_key' => 'K3y-abcdef', 'ApiKey' => 'K3y-abcdef', 'list' => [1, 2]],
    'consumer_key' => 'Cons-key-77', 'consumer_secret' => 'Cons-sec-88', 'access_token' => 'Acc-tok-11', 'refresh_token' => 'Ref-tok-22',
    'authorization' => 'Bearer Tok-999999', 'pass' => 123456, 'token' => null, 'qty' => 3];
foreach ($clients as $c) {
    foreach ([
        ['POST', '/login', ['json' => $json]],
        ['POST', '/form', ['body' => 'user=shop&password=S3cr3t-pass&consumer_secret=Cons-sec-88&qty=2', 'content_type' => 'application/x-www-form-urlencoded']],
        ['GET', '/list?apikey=K3y-abcdef&page=1', ['query' => ['access_token' => 'Acc-tok-11', 'sku' => 'A-1']]],
    ] as [$m, $p, $o]) {
        try { $c->request($m, $p, $o); } catch (ErpSync\TransportException $e) { $msgs[] = $e->getMessage(); }
    }
}
$all = json_encode([$log, $msgs]);
$found = array_filter($secrets, fn($s) => str_contains($all, $s));
echo "secrets found: ", $found ? implode(',', $found) : 'none', "\n";
echo "entries: ", count($log), "\n";
echo $log[0]['request_body'], "\n";
echo $log[1]['request_body'], "\n";
echo $log[2]['url'], "\n";
echo $log[0]['request_headers'];
echo "--\n", $log[5]['request_headers'];
echo "non-secret kept: ", var_export(str_contains($log[0]['request_body'], '"qty":3') && str_contains($log[2]['url'], 'sku=A-1'), true), "\n";
?>
--EXPECTF--
secrets found: none
entries: 9
{"user":"shop","Password":"[redacted]","nested":{"api_key":"[redacted]","ApiKey":"[redacted]","list":[1,2]},"consumer_key":"[redacted]","consumer_secret":"[redacted]","access_token":"[redacted]","refresh_token":"[redacted]","authorization":"[redacted]","pass":"[redacted]","token":"[redacted]","qty":3}
user=shop&password=[redacted]&consumer_secret=[redacted]&qty=2
http://127.0.0.1:%d/list?apikey=[redacted]&page=1&access_token=[redacted]&sku=A-1
X-Api-Key: [redacted]
Cookie: [redacted]
X-Shop: demo
Accept: application/json
Content-Type: application/json
Authorization: [redacted]
--
X-Api-Key: [redacted]
Cookie: [redacted]
X-Shop: demo
Accept: application/json
Authorization: [redacted]
non-secret kept: true
