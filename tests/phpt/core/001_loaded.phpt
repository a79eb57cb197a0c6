--TEST--
erpsync: extension loads, reports its version and library versions
--EXTENSIONS--
erpsync
--FILE--
<?php
var_dump(extension_loaded('erpsync'));
var_dump(ErpSync\version() === phpversion('erpsync'));
$i = ErpSync\info();
var_dump(preg_match('/^\d+\.\d+\.\d+/', $i['curl_linked']) === 1);
var_dump(version_compare($i['curl_linked'], '7.68.0', '>='));
var_dump(version_compare($i['json_c_linked'], '0.15', '>='));
var_dump($i['timeout_ms'] === (int) ini_get('erpsync.timeout_ms'));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
