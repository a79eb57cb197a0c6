--TEST--
erpsync: INI settings are validated when set
--EXTENSIONS--
erpsync
--FILE--
<?php
var_dump(ini_set('erpsync.timeout_ms', '1500'), ini_get('erpsync.timeout_ms'));
var_dump(ini_set('erpsync.timeout_ms', '-1'), ini_get('erpsync.timeout_ms'));
var_dump(ini_set('erpsync.connect_timeout_ms', 'abc'));
var_dump(ini_set('erpsync.ca_file', '/nonexistent/ca.pem'), ini_get('erpsync.ca_file'));
var_dump(ErpSync\info()['timeout_ms']);
?>
--EXPECTF--
string(5) "30000"
string(4) "1500"

Warning: ini_set(): erpsync.timeout_ms must be a whole number from 0 to 3600000, "-1" given in %s on line %d
bool(false)
string(4) "1500"

Warning: ini_set(): erpsync.connect_timeout_ms must be a whole number from 0 to 3600000, "abc" given in %s on line %d
bool(false)

Warning: ini_set(): erpsync.ca_file: "/nonexistent/ca.pem" is not a readable file in %s on line %d
bool(false)
string(0) ""
int(1500)
