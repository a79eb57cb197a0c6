--TEST--
erpsync_decimal.c: one limit for every value (at most 120 digits and 120 decimals): a product whose scale would pass it is out of range, and every result formats into ERPSYNC_DEC_BUF_LEN
--EXTENSIONS--
erpsync
--SKIPIF--
<?php
if (!trim((string) shell_exec('command -v cc 2>/dev/null'))) die('skip no C compiler');
?>
--FILE--
<?php
$root = dirname(__DIR__, 3);
$bin = sys_get_temp_dir() . '/erpsync-dcalc2-' . getmypid();
$cmd = sprintf('cc -std=c99 -Wall -Wextra -Werror -I%s %s %s %s $(pkg-config --cflags --libs json-c) -lm -o %s 2>&1',
    escapeshellarg("$root/ext/json"), escapeshellarg("$root/ext/json/erpsync_decimal.c"),
    escapeshellarg("$root/ext/json/erpsync_json_decimal.c"), escapeshellarg("$root/tests/c/decimal_calc.c"),
    escapeshellarg($bin));
$msg = shell_exec($cmd);
if (!is_file($bin)) { echo "compile failed: $msg\n"; exit; }
$tiny = '0.' . str_repeat('0', 99) . '1';   // 1e-100: 100 decimals, within the limit
$lines = [
    "mul $tiny $tiny",                 // 1e-200: scale 200
    "mul 1e-120 1e-120",               // scale 240
    "mul 1e-60 1e-60",                 // scale 120: the limit itself
    "mul 1e-60 1e-61",                 // 121
    "mul 0.50 0.20",                   // 0.1000: ordinary
    "mul {$tiny}000 1000",             // trailing zeros trimmed back within the limit
];
$p = proc_open([$bin], [['pipe', 'r'], ['pipe', 'w']], $pipes);
fwrite($pipes[0], implode("\n", $lines) . "\n");
fclose($pipes[0]);
$out = explode("\n", rtrim(stream_get_contents($pipes[1]), "\n"));
fclose($pipes[1]);
proc_close($p);
@unlink($bin);
foreach ($lines as $i => $l) {
    $r = $out[$i] ?? '(none)';
    echo substr($l, 0, 4), " #$i: ", strlen($r) > 40 ? strlen($r) . ' chars, ' . (preg_match('/^0\.0+10*$/', $r) ? 'a 1 after zeros' : 'other') : $r, "\n";
}
?>
--EXPECT--
mul  #0: ERR too many digits
mul  #1: ERR too many digits
mul  #2: 122 chars, a 1 after zeros
mul  #3: ERR too many digits
mul  #4: 0.1000
mul  #5: 105 chars, a 1 after zeros
