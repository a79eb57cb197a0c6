<?php
/**
 * Self-test of the simulator (no erpsync extension involved): keep-alive, concurrency, every fault kind,
 * seeding at scale and one round trip per API. Last line: "N passed, N failed".
 */

declare(strict_types=1);

require __DIR__ . '/sim.inc.php';

$passed = 0;
$failed = 0;
function check(string $what, bool $ok, string $detail = ''): void
{
    global $passed, $failed;
    $ok ? $passed++ : $failed++;
    echo ($ok ? 'ok   ' : 'FAIL ') . $what . ($detail !== '' ? " ($detail)" : '') . "\n";
}

/** A raw HTTP/1.1 client on one socket, so keep-alive and faults are seen as they are. */
function raw(string $base, string $method, string $path, array $headers = [], string $body = '', $sock = null, float $timeout = 5.0): array
{
    $u = parse_url($base);
    $sock ??= stream_socket_client("tcp://{$u['host']}:{$u['port']}", $e, $es, 5);
    stream_set_timeout($sock, (int) ceil($timeout));
    $h = "$method $path HTTP/1.1\r\nHost: {$u['host']}\r\nContent-Length: " . strlen($body) . "\r\n";
    foreach ($headers as $k => $v) {
        $h .= "$k: $v\r\n";
    }
    fwrite($sock, $h . "\r\n" . $body);
    $resp = '';
    $len = null;
    $t0 = microtime(true);
    while (!feof($sock) && microtime(true) - $t0 < $timeout) {
        $chunk = fread($sock, 65536);
        if ($chunk === '' || $chunk === false) {
            $meta = stream_get_meta_data($sock);
            if ($meta['timed_out'] || $meta['eof']) {
                break;
            }
            continue;
        }
        $resp .= $chunk;
        if ($len === null && ($p = strpos($resp, "\r\n\r\n")) !== false && preg_match('~Content-Length: (\d+)~i', substr($resp, 0, $p), $m)) {
            $len = $p + 4 + (int) $m[1];
        }
        if ($len !== null && strlen($resp) >= $len) {
            break;
        }
    }
    preg_match('~^HTTP/1\.1 (\d+)~', $resp, $m);
    $p = strpos($resp, "\r\n\r\n");
    return ['status' => (int) ($m[1] ?? 0), 'body' => $p === false ? '' : substr($resp, $p + 4), 'raw' => $resp, 'sock' => $sock,
        'time' => microtime(true) - $t0];
}

$sim = ErpSyncTest\Sim::start();
$base = $sim->base();
$basic = ['Authorization' => 'Basic ' . base64_encode('sitoo-user:sitoo-pass')];

// keep-alive: three requests on one connection
$before = $sim->connections()['accepted'];
$r = raw($base, 'GET', '/test/echo');
$r2 = raw($base, 'GET', '/test/echo', [], '', $r['sock']);
$r3 = raw($base, 'POST', '/test/echo', ['Content-Type' => 'application/json'], '{"a":1}', $r['sock']);
$after = $sim->connections()['accepted'];
check('keep-alive: three requests on one connection', $r3['status'] === 200 && $after - $before === 2, 'connections ' . ($after - $before - 1));
check('echo reflects the body', (json_decode($r3['body'], true)['body'] ?? '') === '{"a":1}');

// concurrency: a hang on one connection does not block another
$sim->fault(['api' => 'test', 'path' => '/echo', 'kind' => 'hang', 'ms' => 6000]);
$u = parse_url($base);
$hung = stream_socket_client("tcp://{$u['host']}:{$u['port']}");
fwrite($hung, "GET /test/echo HTTP/1.1\r\nHost: x\r\n\r\n");
usleep(100000);
$t = microtime(true);
$other = raw($base, 'GET', '/test/status/204');
// the other request must end well before the 6 s hang would let it (a loaded machine takes a while, not 6 s)
check('a hanging request does not block others', $other['status'] === 204 && microtime(true) - $t < 4.0, round(microtime(true) - $t, 3) . 's');
fclose($hung);

// fault kinds
$sim->fault(['api' => 'test', 'path' => '/echo', 'kind' => 'status', 'status' => 503, 'count' => 2]);
check('status fault (1/2)', raw($base, 'GET', '/test/echo')['status'] === 503);
check('status fault (2/2)', raw($base, 'GET', '/test/echo')['status'] === 503);
check('status fault used up', raw($base, 'GET', '/test/echo')['status'] === 200);
$sim->fault(['api' => 'test', 'path' => '/echo', 'kind' => 'status', 'status' => 503, 'skip' => 1]);
check('skip: the first matching request goes through', raw($base, 'GET', '/test/echo')['status'] === 200);
check('skip: then the fault', raw($base, 'GET', '/test/echo')['status'] === 503);
check('skip: fault used up', raw($base, 'GET', '/test/echo')['status'] === 200);
$sim->fault(['api' => 'test', 'kind' => 'rate_limit', 'retry_after' => 2, 'reset' => 7]);
$r = raw($base, 'GET', '/test/echo');
check('rate_limit fault: 429 with Retry-After and X-Rate-Limit-*', $r['status'] === 429 && str_contains($r['raw'], 'Retry-After: 2') && str_contains($r['raw'], 'X-Rate-Limit-Reset: 7'));
$sim->fault(['api' => 'test', 'kind' => 'latency', 'ms' => 300]);
$r = raw($base, 'GET', '/test/echo');
check('latency fault', $r['status'] === 200 && $r['time'] >= 0.28, round($r['time'], 3) . 's');
$sim->fault(['api' => 'test', 'kind' => 'reset']);
$r = raw($base, 'GET', '/test/echo');
check('reset fault: no complete reply', $r['status'] === 0 || !str_contains($r['raw'], "\r\n\r\n"));
$sim->fault(['api' => 'test', 'kind' => 'malformed']);
$r = raw($base, 'GET', '/test/echo');
check('malformed fault', $r['status'] === 200 && json_decode($r['body']) === null);
$sim->fault(['api' => 'test', 'kind' => 'truncated']);
$r = raw($base, 'GET', '/test/echo', [], '', null, 2.0);
preg_match('~Content-Length: (\d+)~', $r['raw'], $m);
check('truncated fault: fewer bytes than Content-Length', isset($m[1]) && strlen($r['body']) < (int) $m[1]);
$sim->fault(['api' => 'test', 'kind' => 'html', 'status' => 502]);
$r = raw($base, 'GET', '/test/echo');
check('html fault', $r['status'] === 502 && str_contains($r['raw'], 'text/html'));
$sim->fault(['api' => 'test', 'kind' => 'wrong_content_type']);
$r = raw($base, 'GET', '/test/echo');
check('wrong_content_type fault', $r['status'] === 200 && str_contains($r['raw'], 'Content-Type: text/plain') && json_decode($r['body']) !== null);
// hostile faults (issue 14)
$sim->fault(['api' => 'test', 'kind' => 'redirect']);
$r = raw($base, 'GET', '/test/echo');
check('redirect fault: 302 to another host', $r['status'] === 302 && str_contains($r['raw'], 'Location: http://other-host.invalid/'));
$sim->fault(['api' => 'test', 'kind' => 'gzip_bomb', 'mb' => 8]);
$r = raw($base, 'GET', '/test/echo');
$inflated = @gzdecode($r['body']);
check('gzip_bomb fault: a small gzip body that inflates to 8 MiB', $r['status'] === 200 && str_contains($r['raw'], 'Content-Encoding: gzip')
    && strlen($r['body']) < 65536 && is_string($inflated) && strlen($inflated) === 8 << 20, strlen($r['body']) . ' bytes');
$sim->fault(['api' => 'test', 'kind' => 'slow_body', 'ms' => 20]);
$r = raw($base, 'GET', '/test/echo', [], '', null, 20.0);
check('slow_body fault: one byte per 20 ms', $r['status'] === 200 && $r['time'] >= 0.02 * (strlen($r['body']) - 1) && json_decode($r['body']) !== null,
    strlen($r['body']) . ' bytes in ' . round($r['time'], 1) . 's');
$sim->fault(['api' => 'test', 'kind' => 'retry_after_ok', 'retry_after' => 'inf', 'reset' => '1e308']);
$r = raw($base, 'GET', '/test/echo');
check('retry_after_ok fault: a success that asks for a wait', $r['status'] === 200 && str_contains($r['raw'], 'Retry-After: inf')
    && str_contains($r['raw'], 'X-Rate-Limit-Reset: 1e308'));
$sim->fault(['api' => 'vasco', 'kind' => 'crlf_token']);
$r = raw($base, 'POST', '/vasco/api/v1/Avtentikacija', ['Content-Type' => 'application/json'], json_encode(['username' => ErpSyncTest\Sim::VASCO_USER,
    'password' => ErpSyncTest\Sim::VASCO_PASSWORD, 'taxNumber' => ErpSyncTest\Sim::VASCO_TAX_NUMBER]));
check('crlf_token fault: the token carries CR/LF and a header line', $r['status'] === 200 && str_ends_with((string) (json_decode($r['body'], true)['apiKey'] ?? ''), "\r\nX-Injected: yes"));
$sim->fault(['api' => 'test', 'kind' => 'html_error']);
$r = raw($base, 'GET', '/test/echo');
check('html_error fault: HTML in the error message', $r['status'] === 400 && str_contains((string) (json_decode($r['body'], true)['message'] ?? ''), '<a href="https://evil.example/">'));
$sim->fault(['api' => 'test', 'kind' => 'echo_secrets']);
$r = raw($base, 'POST', '/test/echo', ['Authorization' => 'Bearer tok-echo-1', 'Content-Type' => 'application/json'], '{"consumer_secret":"cs_echo"}');
$e = json_decode($r['body'], true)['echo'] ?? [];
check('echo_secrets fault: the reply echoes headers and body', ($e['headers']['authorization'] ?? '') === 'Bearer tok-echo-1' && ($e['body'] ?? '') === '{"consumer_secret":"cs_echo"}');
$sim->fault(['api' => 'logistos', 'kind' => 'lost_reply']);
$r = raw($base, 'POST', '/logistos/integration/woo_commerce_orders', ['Content-Type' => 'application/json'], '{"id":7,"line_items":[]}');
check('lost_reply: no reply, but processed', $r['status'] === 0 && count($sim->state('logistos')['orders']) === 1);
$sim->fault(['api' => 'test', 'kind' => 'hang', 'ms' => 400]);
$r = raw($base, 'GET', '/test/echo', [], '', null, 2.0);
check('hang fault: closed without a reply', $r['status'] === 0 && $r['time'] >= 0.35);

// seeding at scale
$t = microtime(true);
$s = $sim->seed(['api' => 'sitoo', 'products' => 100000, 'seed' => 2]);
$secs = microtime(true) - $t;
// what is checked is the seed, not its speed (the time is printed; docs/simulator.md has the figure on a quiet machine)
check('seed 100,000 Sitoo products', ($s['products'] ?? 0) >= 100000, round($secs, 2) . 's');
$r = raw($base, 'GET', '/sitoo/v2/accounts/10020/sites/1/products.json?start=99990&num=50', $basic);
$j = json_decode($r['body'], true);
check('Sitoo envelope over the seeded catalogue', $j['totalcount'] === 100000 && count($j['items']) === 10);

// one round trip per API
$r = raw($base, 'POST', '/vasco/api/v1/Avtentikacija', ['Content-Type' => 'application/json'], json_encode(['username' => 'vasco', 'password' => 'vasco-pass', 'taxNumber' => '12345678']));
$tok = json_decode($r['body'], true)['apiKey'] ?? '';
$r = raw($base, 'GET', '/vasco/api/v1/SkupniSifranti/partner?Sifra=1', ['Authorization' => "Bearer $tok"]);
check('VASCO: login and partner lookup', (json_decode($r['body'], true)[0]['sifra'] ?? 0) === 1);
check('VASCO: 401 without token', raw($base, 'GET', '/vasco/api/v1/SkupniSifranti/partner')['status'] === 401);
$r = raw($base, 'GET', '/sors/databases', ['Authorization' => 'ApiKey sors-test-key']);
check('SORS: databases in the envelope', (json_decode($r['body'], true)['success'] ?? false) === true);
$r = raw($base, 'POST', '/sitoo/v2/accounts/10020/sites/1/products.json', $basic + ['Content-Type' => 'application/json'],
    json_encode([['sku' => 'OK-1'], ['sku' => 'BAD,SKU'], ['sku' => 'OK-1']]));
$codes = array_column(json_decode($r['body'], true) ?? [], 'statuscode');
check('Sitoo: batch add reports each item', $codes === [200, 400, 400], implode(',', $codes));
$r = raw($base, 'POST', '/logistos/integration/integrate_woo_commerce', ['Content-Type' => 'application/json'],
    json_encode(['store_url' => 'https://s.example', 'consumer_key' => 'ck_x', 'consumer_secret' => 'cs_y']));
check('Logistos: handshake', $r['status'] === 200);
check('requests are recorded', count($sim->requests('sitoo')) >= 2);
$sim->reset();
check('reset forgets state and requests', $sim->requests() === [] && $sim->state('logistos')['orders'] === []);

$sim->stop();
echo "$passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
