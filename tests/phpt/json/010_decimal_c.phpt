--TEST--
erpsync_decimal.c (zval-free helper for connectors): add/sub/mul/div/round/cmp/format, exact and half away from zero
--EXTENSIONS--
erpsync
--SKIPIF--
<?php
if (!trim((string) shell_exec('command -v cc 2>/dev/null'))) die('skip no C compiler');
?>
--FILE--
<?php
$root = dirname(__DIR__, 3);
$bin = sys_get_temp_dir() . '/erpsync-dcalc-' . getmypid();
$cmd = sprintf('cc -std=c99 -Wall -Wextra -Werror -I%s %s %s %s $(pkg-config --cflags --libs json-c) -lm -o %s 2>&1',
    escapeshellarg("$root/ext/json"), escapeshellarg("$root/ext/json/erpsync_decimal.c"),
    escapeshellarg("$root/ext/json/erpsync_json_decimal.c"), escapeshellarg("$root/tests/c/decimal_calc.c"),
    escapeshellarg($bin));
$msg = shell_exec($cmd);
if (!is_file($bin)) { echo "compile failed: $msg\n"; exit; }

function calc(string $bin, array $lines): array {
    $p = proc_open([$bin], [['pipe', 'r'], ['pipe', 'w']], $pipes);
    fwrite($pipes[0], implode("\n", $lines) . "\n");
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    proc_close($p);
    return explode("\n", rtrim($out, "\n"));
}

// fixed cases: VAT/net/gross style arithmetic and rounding edges
$fixed = [
    'add 0.1 0.2' => '0.3', 'sub 1 1.005' => '-0.005', 'mul 19.99 3' => '59.97', 'mul 1.1 1.1' => '1.21',
    'mul -0.5 0.5' => '-0.25', 'mul 100.00 0.25' => '25.0000', 'div 10 3 2' => '3.33', 'div 2 3 2' => '0.67',
    'div -2 3 2' => '-0.67', 'div 1 8 2' => '0.13', 'div -1 8 2' => '-0.13', 'div 125 1.25 0' => '100',
    'div 1e3 7 5' => '142.85714', 'div 1 0 2' => 'ERR division by zero', 'round 2.675 2' => '2.68',
    'round -0.125 2' => '-0.13', 'round 9.995 2' => '10.00', 'round 0.0049 2' => '0.00', 'round -0.004 2' => '0.00',
    'cmp 1.50 1.5' => '0', 'cmp -1 0' => '-1', 'cmp 0.001 -5' => '1', 'cmp -0 0' => '0',
    'fmt 12.3 2' => '12.30', 'fmt -0.001 2' => '0.00', 'fmt 5 3' => '5.000',
    'add 99999999999999999999.99 0.01' => '100000000000000000000.00', 'sub 0.01 100' => '-99.99',
    // gross 125.00 at 25 % VAT: net = gross / 1.25, vat = gross - net
    'div 125.00 1.25 2' => '100.00', 'sub 125.00 100.00' => '25.00',
    'add abc 1' => 'ERR not a number', 'add 1,5 1' => 'ERR not a number',
    // json-c values -> exact decimals -> API strings (erpsync_json_decimal.c)
    'jdec 12.30 2' => '"12.30"', 'jdec 2.675 2' => '"2.68"', 'jdec "2.675" 2' => '"2.68"', 'jdec 1.005 2' => '"1.01"',
    'jdec 9007199254740993 0' => '"9007199254740993"', 'jdec 18446744073709551615 2' => '"18446744073709551615.00"',
    'jdec -0.125 2' => '"-0.13"', 'jdec 5 3' => '"5.000"', 'jdec 1e2 2' => '"100.00"', 'jdec "abc" 2' => 'ERR not a number',
    'jdec true 2' => 'ERR not a number', 'jdec null 2' => 'ERR not a number', 'jdec [1] 2' => 'ERR not a number',
];
$got = calc($bin, array_keys($fixed));
$i = 0; $bad = 0;
foreach ($fixed as $line => $want) {
    if ($got[$i] !== $want) { echo "WRONG $line: {$got[$i]} (want $want)\n"; $bad++; }
    $i++;
}
echo count($fixed) - $bad, ' of ', count($fixed), " fixed cases right\n";

// property check against exact PHP integer arithmetic on cents
mt_srand(20261123);
$lines = []; $want = [];
$str = fn(int $c) => ($c < 0 ? '-' : '') . intdiv(abs($c), 100) . '.' . sprintf('%02d', abs($c) % 100);
for ($k = 0; $k < 600; $k++) {
    $a = mt_rand(-10000000, 10000000); $b = mt_rand(-10000000, 10000000);
    switch ($k % 4) {
        case 0: $lines[] = 'add ' . $str($a) . ' ' . $str($b); $want[] = $str($a + $b); break;
        case 1: $lines[] = 'sub ' . $str($a) . ' ' . $str($b); $want[] = $str($a - $b); break;
        case 2: // product of two 2-decimal numbers has 4 decimals: compare by value
            $p = $a * $b; // fits: < 1e14
            $lines[] = 'mul ' . $str($a) . ' ' . $str($b);
            $want[] = ($p < 0 ? '-' : '') . intdiv(abs($p), 10000) . '.' . sprintf('%04d', abs($p) % 10000);
            break;
        case 3: // a / b to 2 places, half away from zero: round(a*100/b)
            if ($b === 0) { $b = 7; }
            $num = abs($a) * 100; $den = abs($b);
            $q = intdiv($num, $den); if (2 * ($num % $den) >= $den) { $q++; }
            if (($a < 0) !== ($b < 0) && $q !== 0) { $q = -$q; }
            $lines[] = 'div ' . $str($a) . ' ' . $str($b) . ' 2'; $want[] = $str($q);
            break;
    }
}
$got = calc($bin, $lines);
$bad = 0;
foreach ($lines as $j => $line) {
    $w = $want[$j] === '-0.00' ? '0.00' : $want[$j];
    if ($got[$j] !== $w && $bad++ < 5) {
        echo "WRONG $line: {$got[$j]} (want $w)\n";
    }
}
echo count($lines) - $bad, ' of ', count($lines), " random cases right\n";
@unlink($bin);
?>
--EXPECT--
45 of 45 fixed cases right
600 of 600 random cases right
