--TEST--
Error messages longer than the engine's buffer are cut between UTF-8 characters, never inside one (HttpException with a long non-ASCII path, ValidationException naming a long non-ASCII path)
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$c = sitoo_client($sim, ['retry' => ['max_attempts' => 1]]);
foreach ([0, 1] as $shift) {
    $path = '/' . str_repeat('x', $shift) . str_repeat('č', 700);   // 1400 bytes of 2-byte characters
    try { $c->get($path); } catch (ErpSync\Exception $e) {
        $m = $e->getMessage();
        echo get_class($e), ", shift $shift: ", strlen($m) > 900 ? 'long' : 'short', ", valid UTF-8: ", var_export(mb_check_encoding($m, 'UTF-8'), true), "\n";
    }
    try { $c->get('//' . str_repeat('x', $shift) . str_repeat('€', 400)); } catch (ErpSync\Exception $e) {
        echo get_class($e), ", shift $shift: valid UTF-8: ", var_export(mb_check_encoding($e->getMessage(), 'UTF-8'), true), "\n";
    }
}
?>
--EXPECT--
ErpSync\HttpException, shift 0: long, valid UTF-8: true
ErpSync\ValidationException, shift 0: valid UTF-8: true
ErpSync\HttpException, shift 1: long, valid UTF-8: true
ErpSync\ValidationException, shift 1: valid UTF-8: true
