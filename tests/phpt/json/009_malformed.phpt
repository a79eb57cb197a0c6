--TEST--
ErpSync\Json::decode(): malformed and truncated JSON, NaN/Infinity: ProtocolException with path and byte offset
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Json;
$cases = [
    '',
    "  \n ",
    '{"items":[{"sku":"A1"},{"sku":',
    '{"items":[{"sku":"A1"},{"sku":"B2"',
    '{"items":[{"sku":"A1"},{"sku":"B2"}',
    '{"items":[{"sku":"A1"},{"sku":x}]}',
    '{"items":[{"sku":"A1"},{"sku" "B2"}]}',
    '{"items":[1,2,]}',
    '{"a":1,}',
    '{"a":tru}',
    '{"a":"unterminated',
    '{"a":"bad \q escape"}',
    '[1] [2]',
    "[1]\0",
    "{\"a\":[\"x\0y\"]}",
    '{"price":NaN}',
    '{"rows":[{"total":Infinity}]}',
    '[-Infinity]',
    '{"n":1e999}',
    '01',
    '1.5e',
    '-',
    '{"a":/* no */1}',
    '<html><body>502 Bad Gateway</body></html>',
];
foreach ($cases as $json) {
    try {
        $r = Json::decode($json);
        echo json_encode($json), ' => decoded ', json_encode($r), "\n";
    } catch (ErpSync\ProtocolException $e) {
        echo json_encode($json), ' => ', $e->getMessage(), ' [', $e->getJsonPath(), "]\n";
    }
}
// the exception is an ErpSync\Exception and a RuntimeException
try { Json::decode('{'); } catch (RuntimeException $e) { var_dump($e instanceof ErpSync\Exception); }
?>
--EXPECT--
"" => empty JSON text [$]
"  \n " => empty JSON text [$]
"{\"items\":[{\"sku\":\"A1\"},{\"sku\":" => malformed JSON at $.items[1].sku (byte offset 30): unexpected end of JSON text [$.items[1].sku]
"{\"items\":[{\"sku\":\"A1\"},{\"sku\":\"B2\"" => malformed JSON at $.items[1].sku (byte offset 34): unexpected end of JSON text [$.items[1].sku]
"{\"items\":[{\"sku\":\"A1\"},{\"sku\":\"B2\"}" => malformed JSON at $.items[1] (byte offset 35): unexpected end of JSON text [$.items[1]]
"{\"items\":[{\"sku\":\"A1\"},{\"sku\":x}]}" => malformed JSON at $.items[1].sku (byte offset 30): unexpected character [$.items[1].sku]
"{\"items\":[{\"sku\":\"A1\"},{\"sku\" \"B2\"}]}" => malformed JSON at $.items[1].sku (byte offset 30): expected : after member name [$.items[1].sku]
"{\"items\":[1,2,]}" => malformed JSON at $.items[2] (byte offset 14): unexpected character [$.items[2]]
"{\"a\":1,}" => malformed JSON at $ (byte offset 7): unexpected character [$]
"{\"a\":tru}" => malformed JSON at $.a (byte offset 8): invalid literal (expected true or false) [$.a]
"{\"a\":\"unterminated" => malformed JSON at $.a (byte offset 18): unexpected end of JSON text [$.a]
"{\"a\":\"bad \\q escape\"}" => malformed JSON at $.a (byte offset 11): invalid string [$.a]
"[1] [2]" => malformed JSON at $ (byte offset 4): unexpected character [$]
"[1]\u0000" => malformed JSON at $ (byte offset 3): NUL byte [$]
"{\"a\":[\"x\u0000y\"]}" => malformed JSON at $.a[0] (byte offset 8): NUL byte [$.a[0]]
"{\"price\":NaN}" => NaN is not a valid JSON number at $.price [$.price]
"{\"rows\":[{\"total\":Infinity}]}" => Infinity is not a valid JSON number at $.rows[0].total [$.rows[0].total]
"[-Infinity]" => Infinity is not a valid JSON number at $[0] [$[0]]
"{\"n\":1e999}" => number 1e999 is out of range at $.n [$.n]
"01" => malformed JSON at $ (byte offset 2): invalid number [$]
"1.5e" => malformed JSON at $ (byte offset 4): invalid number [$]
"-" => malformed JSON at $ (byte offset 1): invalid number [$]
"{\"a\":\/* no *\/1}" => malformed JSON at $.a (byte offset 5): unexpected character [$.a]
"<html><body>502 Bad Gateway<\/body><\/html>" => malformed JSON at $ (byte offset 0): unexpected character [$]
bool(true)
