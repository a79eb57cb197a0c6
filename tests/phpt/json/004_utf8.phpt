--TEST--
ErpSync\Json: strict UTF-8 on decode (path + offset) and on encode (path in message and field)
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Json;
$bad = [
    'lone continuation' => "\x80",
    'bad lead byte'     => "\xff",
    'truncated 2-byte'  => "\xc3",
    'truncated 3-byte'  => "\xe2\x82",
    'overlong slash'    => "\xc0\xaf",
    'overlong 3-byte'   => "\xe0\x80\xaf",
    'UTF-16 surrogate'  => "\xed\xa0\x80",
    'above U+10FFFF'    => "\xf4\x90\x80\x80",
    'latin1 e-acute'    => "caf\xe9",
];
foreach ($bad as $what => $bytes) {
    $json = '{"order":{"items":[{"sku":"A1"},{"name":"ok ' . $bytes . '"}]}}';
    $at = strpos($json, $bytes) + ($what === 'latin1 e-acute' ? 3 : 0); // the first bad byte
    try {
        Json::decode($json);
        echo "$what: decoded!\n";
    } catch (ErpSync\ProtocolException $e) {
        $ok = $e->getMessage() === "invalid UTF-8 at \$.order.items[1].name (byte offset $at)";
        echo "$what: ", $e->getJsonPath(), $ok ? '' : ' MESSAGE: ' . $e->getMessage(), "\n";
    }
    try {
        Json::encode(['order' => ['items' => [['sku' => 'A1'], ['name' => 'ok ' . $bytes]]]]);
        echo "$what: encoded!\n";
    } catch (ErpSync\ValidationException $e) {
        echo "  encode: ", $e->getField(), ' | ', $e->getMessage(), "\n";
    }
}
// bad bytes in a member name
try {
    Json::encode(['a' => ["k\xff" => 1]]);
} catch (ErpSync\ValidationException $e) {
    echo $e->getMessage(), "\n";
}
// valid UTF-8 of every length passes both ways unchanged (written raw, not \u-escaped)
$s = "A \u{e9} \u{20ac} \u{1F600} \u{10FFFF}";
$j = Json::encode(['s' => $s]);
var_dump($j === '{"s":"' . $s . '"}', Json::decode($j)['s'] === $s);
// \u escapes are decoded, surrogate pairs included
var_dump(Json::decode('"\u00e9\u20ac\ud83d\ude00"') === "\u{e9}\u{20ac}\u{1F600}");
?>
--EXPECT--
lone continuation: $.order.items[1].name
  encode: order.items[1].name | invalid UTF-8 in string (byte 3) at $.order.items[1].name
bad lead byte: $.order.items[1].name
  encode: order.items[1].name | invalid UTF-8 in string (byte 3) at $.order.items[1].name
truncated 2-byte: $.order.items[1].name
  encode: order.items[1].name | invalid UTF-8 in string (byte 3) at $.order.items[1].name
truncated 3-byte: $.order.items[1].name
  encode: order.items[1].name | invalid UTF-8 in string (byte 3) at $.order.items[1].name
overlong slash: $.order.items[1].name
  encode: order.items[1].name | invalid UTF-8 in string (byte 3) at $.order.items[1].name
overlong 3-byte: $.order.items[1].name
  encode: order.items[1].name | invalid UTF-8 in string (byte 3) at $.order.items[1].name
UTF-16 surrogate: $.order.items[1].name
  encode: order.items[1].name | invalid UTF-8 in string (byte 3) at $.order.items[1].name
above U+10FFFF: $.order.items[1].name
  encode: order.items[1].name | invalid UTF-8 in string (byte 3) at $.order.items[1].name
latin1 e-acute: $.order.items[1].name
  encode: order.items[1].name | invalid UTF-8 in string (byte 6) at $.order.items[1].name
invalid UTF-8 in member name (byte 1) at $.a["k\xff"]
bool(true)
bool(true)
bool(true)
