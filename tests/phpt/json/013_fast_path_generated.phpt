--TEST--
Json::decode: the fast path gives the json-c path's value (and json_decode's) on generated documents of every shape, and the same outcome on their mutations
--EXTENSIONS--
erpsync
--FILE--
<?php
// Random trees written by json_encode with random options (escaped or raw UTF-8 and slashes, pretty or compact), big
// integers spliced in as literals, then each text cut and mutated at random places. Every value and every error must
// be the json-c path's (OBJECT_AS_OBJECT always takes it); with flags 0 the value must also be json_decode's.
mt_srand(20261202);
$names = ['sifra', 'naziv', 'email', 'id', 'price', '0', '7', '-1', '01', '-0', '', 'é', "a\"b", 'a/b', "tab\t", '😀', '9223372036854775808', '1.5', ' 1', str_repeat('k', 65), str_repeat('ž', 40)];
for ($i = 0; $i < 300; $i++) {
    $names[] = 'name' . $i; // more distinct names than the fast path remembers (256)
}
$pieces = ['a', 'Ž', 'é', '€', '😀', '"', '\\', '/', "\n", "\t", "\x1f", ' ', '0', 'u', "\u{7f}", "\u{ffff}", "\u{10ffff}", "\u{1da00}", "\u{2d800}", "\u{2dfff}", "\u{10dc00}"];
function rstring(array $pieces): string
{
    $s = '';
    for ($n = mt_rand(0, 3) === 0 ? mt_rand(0, 40) : mt_rand(0, 9); $n > 0; $n--) {
        $s .= $pieces[mt_rand(0, count($pieces) - 1)];
    }
    return $s;
}
function rvalue(int $depth, array $names, array $pieces)
{
    $k = mt_rand(0, $depth > 4 ? 5 : 8);
    switch ($k) {
        case 0: return null;
        case 1: return (bool) mt_rand(0, 1);
        case 2: return [mt_rand(), -mt_rand(), PHP_INT_MAX, PHP_INT_MIN, 9007199254740992, 9007199254740993, -9007199254740993, 0][mt_rand(0, 7)];
        case 3: return [0.5, -0.0, 1e-300, 1.7976931348623157e308, 4.9e-324, mt_rand() / 7, -mt_rand() * 1e10, 1e22, 0.1][mt_rand(0, 8)];
        case 4: return '__BIG' . mt_rand(0, 3) . '__';
        case 5: return rstring($pieces);
        case 6: case 7:
            $a = [];
            for ($n = mt_rand(0, 6); $n > 0; $n--) {
                $a[] = rvalue($depth + 1, $names, $pieces);
            }
            return $a;
        default:
            $o = new stdClass();
            for ($n = mt_rand(0, 8); $n > 0; $n--) {
                $o->{$names[mt_rand(0, count($names) - 1)]} = rvalue($depth + 1, $names, $pieces);
            }
            return $o;
    }
}
$bigs = ['"__BIG0__"' => '9223372036854775808', '"__BIG1__"' => '-9223372036854775809', '"__BIG2__"' => '123456789012345678901234567890', '"__BIG3__"' => '-0'];
$options = [0, JSON_UNESCAPED_UNICODE, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE, JSON_PRETTY_PRINT, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE];
$docs = [];
for ($i = 0; $i < 700; $i++) {
    $docs[] = strtr(json_encode(rvalue(0, $names, $pieces), $options[mt_rand(0, count($options) - 1)] | JSON_PRESERVE_ZERO_FRACTION), $bigs);
}
// special bytes at every offset of a string, across the 8-byte steps of the scanner
foreach (['\\ud836\\ude00', '\\ud8b7\\udfff', '"', '\\"', '\\\\', '\\u00e9', '\\ud83d\\ude00', "\xC3\xA9", "\xF0\x9F\x98\x80", "\x01", "\xC3", "\xED\xA0\x80", '\\u0000', '\\ud800', '\\x'] as $special) {
    for ($at = 0; $at < 20; $at++) {
        $docs[] = '["' . str_repeat('a', $at) . $special . str_repeat('b', 19 - $at) . '"]';
        $docs[] = '{"' . str_repeat('a', $at) . $special . '":1}';
    }
}
$texts = $docs;
foreach ($docs as $d) {
    $texts[] = substr($d, 0, mt_rand(0, strlen($d)));        // cut anywhere
    $p = mt_rand(0, strlen($d));
    $texts[] = substr($d, 0, $p) . ['"', ',', '}', ']', '[', '{', ':', '0', '-', "\x00", "\xFF", ' ', '.', 'e', '\\'][mt_rand(0, 14)] . substr($d, $p);
}
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
$flagsets = [0, ErpSync\Json::BIGINT_AS_STRING, ErpSync\Json::INT53_AS_STRING];
$mismatch = $vsphp = $accepted = $refused = $notfast = 0;
foreach ($texts as $n => $t) {
    foreach ($flagsets as $f) {
        $depth = mt_rand(0, 4) === 0 ? mt_rand(1, 4) : 512;
        $before = ErpSync\info()['json_decodes_fast'];
        $fast = outcome(fn() => ErpSync\Json::decode($t, $f, $depth));
        $took_fast = ErpSync\info()['json_decodes_fast'] === $before + 1;
        // every generated document (strict JSON, no "\u0000", no name twice) is the fast path's at full depth
        if ($n < 700 && 512 === $depth && !str_contains($t, '\u0000') && !$took_fast) {
            if (++$notfast <= 5) {
                echo "text $n flags $f: not on the fast path: ", json_encode(substr($t, 0, 120)), "\n";
            }
        }
        $slow = outcome(fn() => to_arrays(ErpSync\Json::decode($t, $f | ErpSync\Json::OBJECT_AS_OBJECT, $depth)));
        if ($fast !== $slow && !('ok' === $fast[0] && 'ok' === $slow[0] && serialize($fast[1]) === serialize($slow[1]))) {
            if (++$mismatch <= 5) {
                echo "text $n flags $f depth $depth: ", json_encode(substr($t, 0, 120)), "\n  fast ", var_export($fast, true), "\n  slow ", var_export($slow, true), "\n";
            }
        }
        // Where both read the text, the value is json_decode's. (Known differences, erpsync_json.h: json_decode refuses
        // raw control characters and reads 1e999 as INF; json-c cuts a member name at "\u0000".)
        $php = outcome(fn() => json_decode($t, true, 512, JSON_THROW_ON_ERROR));
        if (0 === $f && 512 === $depth && 'ok' === $php[0] && 'ok' === $fast[0] && !str_contains($t, '\u0000') && serialize($fast[1]) !== serialize($php[1])) {
            if (++$vsphp <= 5) {
                echo "text $n: json_decode differs: ", json_encode(substr($t, 0, 120)), "\n";
            }
        }
        'ok' === $fast[0] ? $accepted++ : $refused++;
    }
}
printf("texts %s, mismatches %d, differ from json_decode %d, generated not on the fast path %d, accepted %s, refused %s\n",
    count($texts) > 2000 ? 'many' : 'few', $mismatch, $vsphp, $notfast, $accepted > 2000 ? 'many' : 'few', $refused > 1000 ? 'many' : 'few');
?>
--EXPECT--
texts many, mismatches 0, differ from json_decode 0, generated not on the fast path 0, accepted many, refused many
