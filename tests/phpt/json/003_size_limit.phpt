--TEST--
ErpSync\Json::decode(): $maxBytes limit, checked before parsing
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Json;
$json = json_encode(['items' => array_fill(0, 100, ['sku' => 'ABC'])]);
$n = strlen($json);
var_dump(count(Json::decode($json, 0, 512, $n)['items']));  // exactly at the limit: fine
var_dump(count(Json::decode($json, 0, 512, 0)['items']));   // 0 = no limit
try {
    Json::decode($json, 0, 512, $n - 1);
} catch (ErpSync\ProtocolException $e) {
    var_dump($e->getMessage() === "JSON text of $n bytes is larger than the limit of " . ($n - 1) . " bytes");
    var_dump($e->getJsonPath());
}
// the size check wins over malformed content: nothing is parsed
try {
    Json::decode(str_repeat('{', 1000), 0, 512, 100);
} catch (ErpSync\ProtocolException $e) {
    echo $e->getMessage(), "\n";
}
try {
    Json::decode('[]', 0, 512, -1);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
int(100)
int(100)
bool(true)
string(1) "$"
JSON text of 1000 bytes is larger than the limit of 100 bytes
ErpSync\Json::decode(): Argument #4 ($maxBytes) must be 0 (no limit) or a positive number of bytes
