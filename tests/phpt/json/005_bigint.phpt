--TEST--
ErpSync\Json: integers beyond 2^53 and beyond 64 bits stay exact (BIGINT_AS_STRING, INT53_AS_STRING, NUMERIC_STRING_AS_NUMBER)
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Json;
$json = '{"p53":9007199254740993,"n53":-9007199254740993,"max":9223372036854775807,"min":-9223372036854775808,'
      . '"u64":18446744073709551615,"over":18446744073709551616,"huge":123456789012345678901234567890,'
      . '"neg":-99999999999999999999,"nested":[{"id":100000000000000000000000001}]}';
// default: int64 values are PHP ints (exact); beyond int64 floats, like json_decode
$d = Json::decode($json);
var_dump($d['p53'] === 9007199254740993, $d['max'] === PHP_INT_MAX, $d['min'] === PHP_INT_MIN);
var_dump(is_float($d['u64']), is_float($d['over']), is_float($d['huge']), $d['neg'] == -1e20);
var_dump($d == json_decode($json, true));
// BIGINT_AS_STRING: beyond int64 as the exact digits
$d = Json::decode($json, Json::BIGINT_AS_STRING);
var_dump($d['p53'], $d['max'], $d['u64'], $d['over'], $d['huge'], $d['neg'], $d['nested'][0]['id']);
// INT53_AS_STRING: also everything a double (or JavaScript) cannot hold exactly
$d = Json::decode('[9007199254740992,9007199254740993,-9007199254740993,-9007199254740992,9223372036854775807,1e300]', Json::INT53_AS_STRING);
var_dump($d);
// round trip: decoded as strings, written back as raw numbers, text unchanged
$out = Json::encode(Json::decode($json, Json::BIGINT_AS_STRING | Json::INT53_AS_STRING), Json::NUMERIC_STRING_AS_NUMBER);
var_dump($out === $json);
// without NUMERIC_STRING_AS_NUMBER the strings stay strings
echo Json::encode(['id' => '9007199254740993']), "\n";
// only strings in JSON number grammar become numbers: SKUs with leading zeros etc. stay strings
echo Json::encode(['a' => '9007199254740993', 'b' => '00123', 'c' => '12.30', 'd' => '-0', 'e' => '1e5', 'f' => '1.', 'g' => '+1', 'h' => ' 1', 'i' => '0x1A', 'j' => ''], Json::NUMERIC_STRING_AS_NUMBER), "\n";
// the value itself round-trips through PHP int when it fits
var_dump(Json::decode(Json::encode(['id' => PHP_INT_MAX]))['id'] === PHP_INT_MAX);
// beyond-64-bit literal together with duplicate member names: refused rather than guessed
try {
    Json::decode('{"a":1,"a":123456789012345678901234567890}', Json::BIGINT_AS_STRING);
} catch (ErpSync\ProtocolException $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(9007199254740993)
int(9223372036854775807)
string(20) "18446744073709551615"
string(20) "18446744073709551616"
string(30) "123456789012345678901234567890"
string(21) "-99999999999999999999"
string(27) "100000000000000000000000001"
array(6) {
  [0]=>
  int(9007199254740992)
  [1]=>
  string(16) "9007199254740993"
  [2]=>
  string(17) "-9007199254740993"
  [3]=>
  int(-9007199254740992)
  [4]=>
  string(19) "9223372036854775807"
  [5]=>
  float(1.0E+300)
}
bool(true)
{"id":"9007199254740993"}
{"a":9007199254740993,"b":"00123","c":12.30,"d":-0,"e":1e5,"f":"1.","g":"+1","h":" 1","i":"0x1A","j":""}
bool(true)
JSON text holds an integer beyond 64 bits together with duplicate member names; refusing to guess
