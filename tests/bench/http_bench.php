<?php
/*
 * HTTP and JSON benchmark: ErpSync\Http\Client against PHP's own curl in the same process, interleaved rounds,
 * medians. Started by tests/bench/run http, which starts nginx (static files) and delay_server.php first.
 *
 *   php -d extension=modules/erpsync.so tests/bench/http_bench.php NGINX_PORT DELAY_PORT DOCROOT [rounds=9]
 *
 * http-seq:      N sequential keep-alive GETs of a 1 KB JSON file; erpsync Client::get() vs curl_exec() on one
 *                reused handle.
 * http-parallel: 200 GETs to the delaying server (20 ms each), 20 in flight; Client::requestMany() vs a
 *                curl_multi loop that refills a free slot as soon as a transfer ends.
 * json:          60 decodes of a 200 KB reply (a VASCO-like partner list); Response::json() vs json_decode(, true).
 */
[, $nport, $dport, $docroot] = $argv;
$rounds = (int) ($argv[4] ?? 9);
$seqN   = 2000;
$parN   = 200;
$conc   = 20;
$base   = "http://127.0.0.1:$nport";
$dbase  = "http://127.0.0.1:$dport";

function median(array $a): float
{
    sort($a);
    $n = count($a);
    return $n % 2 ? $a[intdiv($n, 2)] : ($a[$n / 2 - 1] + $a[$n / 2]) / 2;
}

$client = new ErpSync\Http\Client(['base_url' => $base, 'timeout_ms' => 10000]);
$ch     = curl_init();
curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT_MS => 10000]);

// CPU time of this process (user + system), µs: steadier than wall time on a shared machine
function cpu_us(): float
{
    $r = getrusage();
    return $r['ru_utime.tv_sec'] * 1e6 + $r['ru_utime.tv_usec'] + $r['ru_stime.tv_sec'] * 1e6 + $r['ru_stime.tv_usec'];
}

$seqCpu = [];
$seq = static function (string $who) use ($client, $ch, $base, $seqN, &$seqCpu): float {
    $c0 = cpu_us();
    $t = hrtime(true);
    if ('erpsync' === $who) {
        for ($i = 0; $i < $seqN; $i++) {
            $r = $client->get('/small.json');
            if (200 !== $r->status) {
                throw new RuntimeException('erpsync status ' . $r->status);
            }
        }
    } else {
        for ($i = 0; $i < $seqN; $i++) {
            curl_setopt($ch, CURLOPT_URL, $base . '/small.json');
            $body = curl_exec($ch);
            if (false === $body || 200 !== curl_getinfo($ch, CURLINFO_RESPONSE_CODE)) {
                throw new RuntimeException('curl ' . curl_error($ch));
            }
        }
    }
    $rate = $seqN / ((hrtime(true) - $t) / 1e9);
    $seqCpu[$who][] = (cpu_us() - $c0) / $seqN;
    return $rate;
};

$pclient = new ErpSync\Http\Client(['base_url' => $dbase, 'timeout_ms' => 10000]);
$mh      = curl_multi_init();
$par     = static function (string $who) use ($pclient, $mh, $dbase, $parN, $conc): float {
    $t = hrtime(true);
    if ('erpsync' === $who) {
        $reqs = [];
        for ($i = 0; $i < $parN; $i++) {
            $reqs[] = ['method' => 'GET', 'path' => '/d', 'query' => ['i' => $i]];
        }
        foreach ($pclient->requestMany($reqs, $conc) as $r) {
            if (!$r instanceof ErpSync\Http\Response || 200 !== $r->status) {
                throw new RuntimeException('erpsync parallel failed');
            }
        }
    } else {
        static $pool = [];
        $next = 0;
        $running = 0;
        $ok = 0;
        $add = static function () use (&$next, &$running, &$pool, $mh, $dbase) {
            $h = array_pop($pool) ?: curl_init();
            curl_setopt_array($h, [CURLOPT_URL => "$dbase/d?i=$next", CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT_MS => 10000]);
            curl_multi_add_handle($mh, $h);
            $next++;
            $running++;
        };
        while ($next < $parN && $running < $conc) {
            $add();
        }
        do {
            curl_multi_exec($mh, $active);
            while ($info = curl_multi_info_read($mh)) {
                $h = $info['handle'];
                if (CURLE_OK === $info['result'] && 200 === curl_getinfo($h, CURLINFO_RESPONSE_CODE)) {
                    $ok++;
                }
                curl_multi_remove_handle($mh, $h);
                $pool[] = $h;
                $running--;
                if ($next < $parN) {
                    $add();
                }
            }
            if ($running > 0) {
                curl_multi_select($mh, 1.0);
            }
        } while ($running > 0);
        if ($ok !== $parN) {
            throw new RuntimeException("curl_multi: $ok of $parN");
        }
    }
    return $parN / ((hrtime(true) - $t) / 1e9);
};

$big  = file_get_contents("$docroot/partners.json");
$resp = $client->get('/partners.json');
if ($resp->body !== $big) {
    throw new RuntimeException('nginx served another body');
}
$jsonN = 60;
$json  = static function (string $who) use ($resp, $big, $jsonN): float {
    $t = hrtime(true);
    for ($i = 0; $i < $jsonN; $i++) {
        $v = 'erpsync' === $who ? $resp->json() : json_decode($big, true, 512, JSON_THROW_ON_ERROR);
    }
    return $jsonN * strlen($big) / 1048576 / ((hrtime(true) - $t) / 1e9);
};
// Same result both ways, or the comparison means nothing.
if ($resp->json() !== json_decode($big, true)) {
    throw new RuntimeException('Response::json() and json_decode() disagree');
}

$res = [];
for ($r = 0; $r < $rounds; $r++) {
    // Alternate who goes first.
    $order = $r % 2 ? ['curl', 'erpsync'] : ['erpsync', 'curl'];
    foreach ($order as $who) {
        $res['seq'][$who][]  = $seq($who);
        $res['par'][$who][]  = $par($who);
        $res['json'][$who][] = $json($who);
    }
}
$m = static fn($k, $w) => median($res[$k][$w]);
printf("details: rounds=%d seq_n=%d parallel_n=%d concurrency=%d delay=20ms json_bytes=%d connections=%d/%d load=%s\n",
    $rounds, $seqN, $parN, $conc, strlen($big), $client->connectionCount(), $pclient->connectionCount(), implode(' ', sys_getloadavg()));
printf("http-seq erpsync=%.0f curl=%.0f ratio=%.2f cpu_us_per_request=%.1f/%.1f\n", $m('seq', 'erpsync'), $m('seq', 'curl'),
    $m('seq', 'erpsync') / $m('seq', 'curl'), median($seqCpu['erpsync']), median($seqCpu['curl']));
printf("http-parallel erpsync=%.0f curl_multi=%.0f ratio=%.2f sequential_x=%.1f\n", $m('par', 'erpsync'), $m('par', 'curl'), $m('par', 'erpsync') / $m('par', 'curl'), $m('par', 'erpsync') / (1 / 0.020));
printf("json erpsync=%.1f json_decode=%.1f ratio=%.2f\n", $m('json', 'erpsync'), $m('json', 'curl'), $m('json', 'erpsync') / $m('json', 'curl'));
