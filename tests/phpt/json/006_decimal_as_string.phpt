--TEST--
ErpSync\Json: DECIMAL_AS_STRING gives the exact original text of numbers with a fraction or exponent
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Json;
$json = '{"price":12.30,"vat":0.25,"qty":5.000,"tiny":1.5E-7,"exp":1e2,"neg":-0.10,"long":0.1000000000000000055511151231257827,"int":7}';
$d = Json::decode($json, Json::DECIMAL_AS_STRING);
var_dump($d);
// without the flag: floats (the trailing zero is gone)
$f = Json::decode($json);
var_dump($f['price'], $f['qty'], $f['long'] === 0.1);
// both flags together
var_dump(Json::decode('[1.10, 123456789012345678901234567890, 3]', Json::DECIMAL_AS_STRING | Json::BIGINT_AS_STRING));
// re-encoding a decoded tree keeps the text when the decimals are written back as numbers
var_dump(Json::encode($d, Json::NUMERIC_STRING_AS_NUMBER) === $json);
// floats from PHP are written in their shortest exact form (serialize_precision -1), ".0" kept
echo Json::encode([0.1, 0.1 + 0.2, 1/3, 100.0, -0.0, 1e22, 5e-324]), "\n";
?>
--EXPECT--
array(8) {
  ["price"]=>
  string(5) "12.30"
  ["vat"]=>
  string(4) "0.25"
  ["qty"]=>
  string(5) "5.000"
  ["tiny"]=>
  string(6) "1.5E-7"
  ["exp"]=>
  string(3) "1e2"
  ["neg"]=>
  string(5) "-0.10"
  ["long"]=>
  string(36) "0.1000000000000000055511151231257827"
  ["int"]=>
  int(7)
}
float(12.3)
float(5)
bool(true)
array(3) {
  [0]=>
  string(4) "1.10"
  [1]=>
  string(30) "123456789012345678901234567890"
  [2]=>
  int(3)
}
bool(true)
[0.1,0.30000000000000004,0.3333333333333333,100.0,-0.0,1.0E+22,5.0E-324]
