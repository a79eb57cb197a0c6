--TEST--
ErpSync\Json::encode(): deterministic output (byte-identical, key order kept, "/" and UTF-8 unescaped, no spaces; PRETTY)
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Json;
$order = ['z' => 1, 'a' => ['y' => 'http://shop.example/p/1', 'b' => "\u{e5}\u{e4}\u{f6}"], 'm' => [3, 1, 2], '5' => 'five', 'ctl' => "\t\"\\\x01"];
$one = Json::encode($order);
$two = Json::encode(unserialize(serialize($order)));
var_dump($one === $two, md5($one) === md5(Json::encode($order)));
echo $one, "\n";
// same bytes as json_encode with the matching flags
var_dump($one === json_encode($order, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
// key order is insertion order, not sorted
echo Json::encode(['b' => 1, 'a' => 2, 'c' => 3]), "\n";
// decode keeps the order of the text
echo implode(',', array_keys(Json::decode('{"zeta":1,"alpha":2,"mid":3}'))), "\n";
echo Json::encode(Json::decode('{"zeta":1,"alpha":2,"mid":{"q":1,"b":2}}')), "\n";
// PRETTY: indented, still deterministic, and decodes to the same value
$p = Json::encode($order, Json::PRETTY);
echo $p, "\n";
var_dump($p === Json::encode($order, Json::PRETTY), Json::decode($p) === Json::decode($one));
?>
--EXPECT--
bool(true)
bool(true)
{"z":1,"a":{"y":"http://shop.example/p/1","b":"åäö"},"m":[3,1,2],"5":"five","ctl":"\t\"\\\u0001"}
bool(true)
{"b":1,"a":2,"c":3}
zeta,alpha,mid
{"zeta":1,"alpha":2,"mid":{"q":1,"b":2}}
{
  "z": 1,
  "a": {
    "y": "http://shop.example/p/1",
    "b": "åäö"
  },
  "m": [
    3,
    1,
    2
  ],
  "5": "five",
  "ctl": "\t\"\\\u0001"
}
bool(true)
bool(true)
