--TEST--
ErpSync\Json: every PHP type survives encode -> decode, and matches json_decode on plain input
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Json;

$value = [
    'null' => null, 'true' => true, 'false' => false,
    'int' => 42, 'neg' => -7, 'zero' => 0, 'max' => PHP_INT_MAX, 'min' => PHP_INT_MIN,
    'float' => 0.1, 'whole_float' => 1.0, 'neg_float' => -2.5e-8, 'big_float' => 1.5e300,
    'string' => "caf\u{e9} \u{20ac} \u{1F600} \"q\" \\ / \n\t\x01",
    'empty' => '', 'nul' => "a\0b",
    'list' => [1, 'two', [3, [4]]], 'empty_list' => [],
    'map' => ['b' => 1, 'a' => 2, '10' => 'ten'],
    'sparse' => [1 => 'x', 0 => 'y'],
];
$json = Json::encode($value);
$back = Json::decode($json);
var_dump($back === $value);
foreach ($value as $k => $v) {
    if ($back[$k] !== $v) {
        echo "MISMATCH $k: ", var_export($back[$k], true), "\n";
    }
}
// whole float stays float, and the text is what json_encode would give plus ".0"
var_dump(is_float($back['whole_float']));
var_dump(str_contains($json, '"whole_float":1.0,'));
// on input with no big numbers, decode equals PHP's json_decode
$plain = json_encode($value, JSON_PRESERVE_ZERO_FRACTION);
var_dump(Json::decode($plain) === json_decode($plain, true));
// objects
$o = Json::decode('{"a":{"b":[1,{"c":null}]},"d":{}}', Json::OBJECT_AS_OBJECT);
var_dump($o == json_decode('{"a":{"b":[1,{"c":null}]},"d":{}}'));
var_dump($o->a->b[1] instanceof stdClass);
// scalars at the top level
var_dump(Json::decode('123'), Json::decode('"x"'), Json::decode('null'), Json::decode(' true '), Json::decode('-0.5'));
// stdClass, JsonSerializable, backed enum, object with private props
enum Suit: string { case Hearts = 'H'; }
class Card implements JsonSerializable { function jsonSerialize(): mixed { return ['suit' => Suit::Hearts]; } }
class P { public $pub = 1; protected $prot = 2; private $priv = 3; }
echo Json::encode([new stdClass, new Card, new P, (object)['x' => [1]]]), "\n";
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(123)
string(1) "x"
NULL
bool(true)
float(-0.5)
[{},{"suit":"H"},{"pub":1},{"x":[1]}]
