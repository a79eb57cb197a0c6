--TEST--
Json::decode: PHP's parser (fast path) and the json-c path give the same value or the same error on every case
--EXTENSIONS--
erpsync
--FILE--
<?php
// Corpus: edge cases + seeded random mutations of real-looking replies; one line per case with a hash of the outcome.
$cases = ['[[1]]', '-0', '-0.0', '1e999', '[1e999]', '-1e999', '{"a":1,"a":2}', '{"a":1,"b":{"a":2,"a":3}}', '"\u0000"', '{"\u0000a":1}', "\"a\x01b\"", '-01', "{'a':1}", '"\ud800"', '"\ud83d\ude00"', "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616', '9007199254740993', '[9007199254740993, -9007199254740993, 9007199254740992]', '12.30', '1E2', '{"1":1,"01":2,"-0":3}', '', ' ', 'null', 'true', '[]', '{}', '{"":1}', '[1,]', "[1]\0", '123abc', '"é"', '1.7976931348623157e308', '4.9e-324', '1e-400', '[[[[1]]]]', '{"a":[{"b":[1]}]}', '99999999999999999999999999', '{"a":99999999999999999999,"a":1}', '[1] x', "\xEF\xBB\xBF[1]", '[NaN]', '[Infinity]', '{"a":1}}', '"\/\b\f\n\r\t\"\\\\"', '[0.1, 1.0, -2.5e-3, 1e+2]'];
mt_srand(20261201);
$base = json_encode(['result' => [['sifra' => 10001, 'naziv' => 'Žaga d.o.o.', 'davcna' => 'SI12345678', 'limit' => 12.5, 'ident' => 9007199254740993, 'x' => null, 'y' => [true, false], 'e' => 'a"b\\c'], ['sifra' => 10002, 'naziv' => 'Café 😀', 'davcna' => '', 'limit' => -0.01]]], JSON_UNESCAPED_UNICODE);
$alphabet = ['"', '\\', '{', '}', '[', ']', ',', ':', '0', '9', '-', '.', 'e', 'u', "\x00", "\x01", "\xC3", "\xA9", "\xED", "\xF0", ' ', 'n', 't', '\\u0000', '\\ud800', '1e999', '99999999999999999999'];
for ($i = 0; $i < 400; $i++) {
    $t = $base;
    for ($k = mt_rand(1, 3); $k > 0; $k--) {
        $p = mt_rand(0, strlen($t));
        $ins = $alphabet[mt_rand(0, count($alphabet) - 1)];
        $t = mt_rand(0, 1) ? substr($t, 0, $p) . $ins . substr($t, $p) : substr($t, 0, $p) . $ins . substr($t, $p + 1);
    }
    $cases[] = $t;
}
$flagsets = [0, ErpSync\Json::BIGINT_AS_STRING, ErpSync\Json::INT53_AS_STRING, ErpSync\Json::BIGINT_AS_STRING | ErpSync\Json::INT53_AS_STRING];
// Json::decode() with OBJECT_AS_OBJECT always takes the json-c path; without it, PHP's parser when it gives the
// same value. Both must agree on every case: the same value, or the same exception and message.
function to_arrays($v)
{
    if (is_object($v)) {
        $v = (array) $v;
    }
    if (is_array($v)) {
        foreach ($v as $k => $x) {
            $v[$k] = to_arrays($x);
        }
    }
    return $v;
}
function outcome(callable $f): array
{
    try {
        return ['ok', $f()];
    } catch (Throwable $e) {
        return ['err', get_class($e), $e->getMessage()];
    }
}
$mismatch = 0;
$accepted = 0;
$refused  = 0;
foreach ($cases as $n => $c) {
    foreach ($flagsets as $f) {
        foreach ([1, 2, 3, 512] as $d) {
            $fast = outcome(fn() => ErpSync\Json::decode($c, $f, $d));
            $slow = outcome(fn() => to_arrays(ErpSync\Json::decode($c, $f | ErpSync\Json::OBJECT_AS_OBJECT, $d)));
            if ($fast !== $slow && !('ok' === $fast[0] && 'ok' === $slow[0] && serialize($fast[1]) === serialize($slow[1]))) {
                $mismatch++;
                echo "case $n flags $f depth $d: ", json_encode(substr($c, 0, 80)), "\n  fast ", var_export($fast, true), "\n  slow ", var_export($slow, true), "\n";
            }
            'ok' === $fast[0] ? $accepted++ : $refused++;
        }
    }
}
echo 'cases ', count($cases), ", mismatches $mismatch, ", $accepted > 500 ? 'many' : 'few', ' accepted, ', $refused > 500 ? 'many' : 'few', " refused\n";
// The fast path does not change what Response::json() and json_decode() agree on.
var_dump(ErpSync\Json::decode('{"a":[1,2.5,"x",null,true]}') === json_decode('{"a":[1,2.5,"x",null,true]}', true));
?>
--EXPECT--
cases 454, mismatches 0, many accepted, many refused
bool(true)
