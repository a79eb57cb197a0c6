--TEST--
ErpSync\Json::money()/decimal(): Sitoo string formats, half away from zero in decimal arithmetic, clear errors
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Json;
$cases = [
    // value, money, decimal(3)
    [0, '0.00', '0.000'], [5, '5.00', '5.000'], [-5, '-5.00', '-5.000'], [PHP_INT_MAX, '9223372036854775807.00', '9223372036854775807.000'],
    ['123.5', '123.50', '123.500'], ['0.125', '0.13', '0.125'], ['2.675', '2.68', '2.675'], ['1.005', '1.01', '1.005'],
    ['-0.125', '-0.13', '-0.125'], ['-2.675', '-2.68', '-2.675'], ['0.124999', '0.12', '0.125'], ['0.0049', '0.00', '0.005'],
    ['-0.004', '0.00', '-0.004'], ['-0.0004', '0.00', '0.000'], ['9.995', '10.00', '9.995'], ['99.9995', '100.00', '100.000'],
    ['-99.9995', '-100.00', '-100.000'], ['5.0005', '5.00', '5.001'], ['1e3', '1000.00', '1000.000'], ['1.5E-2', '0.02', '0.015'],
    ['  42 ', '42.00', '42.000'], ['+7', '7.00', '7.000'], ['.5', '0.50', '0.500'], ['5.', '5.00', '5.000'], ['007.10', '7.10', '7.100'],
    ['12345678901234567890.125', '12345678901234567890.13', '12345678901234567890.125'],
    // floats go through their shortest text, so the decimal digits you see are the ones rounded
    [2.675, '2.68', '2.675'], [1.005, '1.01', '1.005'], [0.125, '0.13', '0.125'], [0.1 + 0.2, '0.30', '0.300'],
    [-1.5, '-1.50', '-1.500'], [1e-7, '0.00', '0.000'], [123456.789, '123456.79', '123456.789'],
];
$bad = 0;
foreach ($cases as [$in, $money, $dec]) {
    $m = Json::money($in);
    $d = Json::decimal($in);
    if ($m !== $money || $d !== $dec) {
        echo 'WRONG ', var_export($in, true), ": money $m (want $money), decimal $d (want $dec)\n";
        $bad++;
    }
}
echo count($cases) - $bad, ' of ', count($cases), " right\n";
// the float rounding error PHP's own round()/number_format() hit is absent
var_dump(number_format(1.005, 2), Json::money(1.005));
// other numbers of places
var_dump(Json::decimal('2.5', 0), Json::decimal('-2.5', 0), Json::decimal('0.5', 0), Json::decimal('1.23456789', 6), Json::decimal(1, 10));
// bad input: ValidationException naming the field and the value
foreach (['abc', '', '1,50', '12abc', '0x1A', '1e', '--1', '1.2.3', 'NaN', 'INF', ' ', '€12'] as $v) {
    try {
        Json::money($v);
        echo "accepted '$v'\n";
    } catch (ErpSync\ValidationException $e) {
        echo $e->getField(), ': ', $e->getMessage(), "\n";
    }
}
foreach ([NAN, INF, -INF] as $v) {
    try {
        Json::decimal($v);
    } catch (ErpSync\ValidationException $e) {
        echo $e->getMessage(), "\n";
    }
}
try { Json::decimal('1', 31); } catch (ErpSync\ValidationException $e) { echo $e->getField(), ': ', $e->getMessage(), "\n"; }
try { Json::decimal('1', -1); } catch (ErpSync\ValidationException $e) { echo $e->getMessage(), "\n"; }
try { Json::money(str_repeat('9', 200)); } catch (ErpSync\ValidationException $e) { echo $e->getMessage(), "\n"; }
foreach ([[], null, true, new stdClass] as $v) {
    try { Json::money($v); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
}
?>
--EXPECT--
33 of 33 right
string(4) "1.01"
string(4) "1.01"
string(1) "3"
string(2) "-3"
string(1) "1"
string(8) "1.234568"
string(12) "1.0000000000"
value: money(): "abc" is not a number (not a number)
value: money(): "" is not a number (not a number)
value: money(): "1,50" is not a number (not a number)
value: money(): "12abc" is not a number (not a number)
value: money(): "0x1A" is not a number (not a number)
value: money(): "1e" is not a number (not a number)
value: money(): "--1" is not a number (not a number)
value: money(): "1.2.3" is not a number (not a number)
value: money(): "NaN" is not a number (not a number)
value: money(): "INF" is not a number (not a number)
value: money(): " " is not a number (not a number)
value: money(): "€12" is not a number (not a number)
decimal(): NaN is not an amount
decimal(): INF is not an amount
decimal(): INF is not an amount
places: decimal(): places must be between 0 and 30, got 31
decimal(): places must be between 0 and 30, got -1
money(): "999999999999999999999999999999999999999999999999999999999999999..." is not a number (too many digits)
ErpSync\Json::money(): Argument #1 ($value) must be of type int|float|string, array given
ErpSync\Json::money(): Argument #1 ($value) must be of type int|float|string, null given
ErpSync\Json::money(): Argument #1 ($value) must be of type int|float|string, bool given
ErpSync\Json::money(): Argument #1 ($value) must be of type int|float|string, stdClass given
