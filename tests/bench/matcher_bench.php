<?php
/**
 * Matcher benchmark: tests/bench/run matcher --items N [--rounds R] [--keep]
 *
 * 1. generates (in its own process) a back-office catalogue of N items as Sitoo-style reply pages of 5,000
 *    and a shop of N products in chunks of 10,000, 5 % of them changed, under .work/bench/; each shop chunk
 *    is kept in the form each side gets it from the shop's SQL read: packed rows (one string, what
 *    LocalCatalog's GROUP_CONCAT read gives) for the C engine, an array of rows (what $wpdb gives, stored
 *    serialized) for the PHP reference;
 * 2. runs R rounds (default 5); in each round the C engine and the PHP reference each run in a fresh process
 *    over the same files, who goes first alternating: read each page, index it, read each shop chunk, add it
 *    (addLocalPacked / addLocal), match and diff, read every change in chunks of 10,000;
 * 3. prints each side's wall time and peak resident memory (VmHWM of /proc/self/status: what the process
 *    really took, json-c/malloc memory included, which memory_get_peak_usage() cannot see) per round, checks
 *    that both found the same changes every round, and ends with the line (medians over the rounds; speedup
 *    min = the worst round's ratio)
 *    matcher N=<n> native=<s>s php=<s>s speedup=<x> speedup_min=<x> native_cpu=<s>s php_cpu=<s>s cpu_speedup=<x>
 *            cpu_speedup_min=<x> native_peak=<MB>MB php_peak=<MB>MB rounds=<R> load=<1 5 15>
 *    (cpu: the worker's user + system CPU time, getrusage: on a machine shared with other work the wall time of
 *    each process depends on what else runs at that moment, its CPU time much less)
 */

declare(strict_types=1);

$opt = getopt('', ['items:', 'worker:', 'dir:', 'keep', 'gen', 'rounds:', 'array']);
$root = dirname(__DIR__, 2);

function vmhwm_mb(): float
{
    preg_match('~VmHWM:\s+(\d+) kB~', (string) file_get_contents('/proc/self/status'), $m);
    return ((int) ($m[1] ?? 0)) / 1024;
}

if (isset($opt['gen'])) {
    require __DIR__ . '/generate.php';
    $dir = $opt['dir'];
    $n = (int) $opt['items'];
    $p = $c = 0;
    (new ErpSyncBench\Generate(42))->catalogue($n, 0.05, 5000, 10000, false,
        function (string $page) use ($dir, &$p) { file_put_contents(sprintf('%s/page-%05d.json', $dir, $p++), $page); },
        function (array $chunk) use ($dir, &$c) {
            file_put_contents(sprintf('%s/chunk-%05d.ser', $dir, $c), serialize($chunk));
            file_put_contents(sprintf('%s/chunk-%05d.packed', $dir, $c++), ErpSyncBench\Generate::pack($chunk));
        });
    exit(0);
}

if (isset($opt['worker'])) {
    require __DIR__ . '/generate.php';
    $dir = $opt['dir'];
    $cpu = function (): float { $r = getrusage(); return $r['ru_utime.tv_sec'] + $r['ru_utime.tv_usec'] / 1e6 + $r['ru_stime.tv_sec'] + $r['ru_stime.tv_usec'] / 1e6; };
    $c0 = $cpu();
    $t = hrtime(true);
    if ($opt['worker'] === 'native') {
        $m = new ErpSync\Matcher\Matcher(ErpSyncBench\Generate::OPTIONS);
    } else {
        require __DIR__ . '/PhpMatcher.php';
        $m = new ErpSyncBench\PhpMatcher(ErpSyncBench\Generate::OPTIONS);
    }
    foreach (glob("$dir/page-*.json") as $f) {
        $m->addRemoteJson(file_get_contents($f));
    }
    if ($opt['worker'] === 'native' && !isset($opt['array'])) {
        foreach (glob("$dir/chunk-*.packed") as $f) {
            $m->addLocalPacked(file_get_contents($f), ErpSyncBench\Generate::PACKED);
        }
    } else {
        foreach (glob("$dir/chunk-*.ser") as $f) {
            $m->addLocal(unserialize(file_get_contents($f)));
        }
    }
    $counts = $m->run();
    $sum = 0;
    for ($o = 0; ($ch = $m->changes($o, 10000)) !== []; $o += 10000) {
        foreach ($ch as $row) {
            $sum = ($sum + crc32(implode('|', $row))) % 1000000007;
        }
    }
    $secs = (hrtime(true) - $t) / 1e9;
    echo json_encode(['seconds' => $secs, 'cpu' => $cpu() - $c0, 'peak_mb' => vmhwm_mb(), 'counts' => $counts, 'checksum' => $sum]), "\n";
    exit(0);
}

$n = (int) ($opt['items'] ?? 100000);
if ($n < 1) {
    fwrite(STDERR, "--items must be a positive number\n");
    exit(2);
}
$dir = "$root/.work/bench/matcher-$n";
@mkdir($dir, 0777, true);
array_map('unlink', glob("$dir/*") ?: []);
$php = PHP_BINARY;
$so = "$root/modules/erpsync.so";
$t = microtime(true);
passthru(sprintf('%s -d memory_limit=-1 %s --gen --items=%d --dir=%s', $php, escapeshellarg(__FILE__), $n, escapeshellarg($dir)), $rc);
if ($rc !== 0) {
    exit(1);
}
$bytes = array_sum(array_map('filesize', glob("$dir/page-*.json")));
printf("generated %d items: %d reply pages (%.1f MB of JSON), %d shop chunks, in %.1fs\n", $n, count(glob("$dir/page-*.json")),
    $bytes / 1048576, count(glob("$dir/chunk-*.ser")), microtime(true) - $t);
$rounds = max(1, (int) ($opt['rounds'] ?? 5));
$t = $p = $peak = $cp = $pc = [];
$same = true;
$median = function (array $v): float { sort($v); $c = count($v); return $c % 2 ? $v[intdiv($c, 2)] : ($v[$c / 2 - 1] + $v[$c / 2]) / 2; };
for ($r = 0; $r < $rounds; $r++) {
    $res = [];
    foreach ($r % 2 ? ['php', 'native'] : ['native', 'php'] as $w) {
        $out = shell_exec(sprintf('%s -d memory_limit=-1 -d extension=%s %s --worker=%s --dir=%s', $php, escapeshellarg($so),
            escapeshellarg(__FILE__), $w, escapeshellarg($dir)));
        $res[$w] = json_decode(trim((string) $out), true);
        if (!is_array($res[$w])) {
            fwrite(STDERR, "$w worker failed: $out\n");
            exit(1);
        }
        printf("round %d %-6s %7.3fs (cpu %6.3fs)  peak %7.1f MB  matched %d  changes %d  unmatched %d/%d\n", $r + 1, $w, $res[$w]['seconds'], $res[$w]['cpu'], $res[$w]['peak_mb'],
            $res[$w]['counts']['matched'], $res[$w]['counts']['changes'], $res[$w]['counts']['unmatched_local'], $res[$w]['counts']['unmatched_remote']);
        $t[$w][] = $res[$w]['seconds'];
        $cp[$w][] = $res[$w]['cpu'];
        $peak[$w][] = $res[$w]['peak_mb'];
    }
    $p[] = $res['php']['seconds'] / max($res['native']['seconds'], 1e-9);
    $pc[] = $res['php']['cpu'] / max($res['native']['cpu'], 1e-9);
    $same = $same && $res['native']['counts'] === $res['php']['counts'] && $res['native']['checksum'] === $res['php']['checksum'];
}
echo "same results: ", $same ? 'yes' : 'NO', "\n";
if (!isset($opt['keep'])) {
    array_map('unlink', glob("$dir/*") ?: []);
    @rmdir($dir);
}
printf("matcher N=%d native=%.3fs php=%.3fs speedup=%.1f speedup_min=%.1f native_cpu=%.3fs php_cpu=%.3fs cpu_speedup=%.1f cpu_speedup_min=%.1f native_peak=%.0fMB php_peak=%.0fMB rounds=%d load=%s\n", $n,
    $median($t['native']), $median($t['php']), $median($t['php']) / max($median($t['native']), 1e-9), min($p),
    $median($cp['native']), $median($cp['php']), $median($cp['php']) / max($median($cp['native']), 1e-9), min($pc), $median($peak['native']),
    $median($peak['php']), $rounds, implode(' ', array_map(fn($x) => sprintf('%.2f', $x), sys_getloadavg())));
exit($same ? 0 : 1);
