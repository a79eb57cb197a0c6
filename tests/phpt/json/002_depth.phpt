--TEST--
ErpSync\Json: nesting depth limits on decode (ProtocolException) and encode (ValidationException) name the path
--EXTENSIONS--
erpsync
--FILE--
<?php
use ErpSync\Json;
function show(callable $f) {
    try {
        echo json_encode($f()), "\n";
    } catch (ErpSync\ProtocolException $e) {
        echo 'Protocol: ', $e->getMessage(), ' [', $e->getJsonPath(), "]\n";
    } catch (ErpSync\ValidationException $e) {
        echo 'Validation: ', $e->getMessage(), ' [', $e->getField(), "]\n";
    } catch (ValueError $e) {
        echo 'ValueError: ', $e->getMessage(), "\n";
    }
}
// depth counts arrays/objects, like json_decode: [[1]] needs 2
show(fn() => Json::decode('[[1]]', 0, 2));
show(fn() => Json::decode('[[1]]', 0, 1));
show(fn() => Json::decode('[[]]', 0, 1));
show(fn() => Json::decode('{"items":[{"sku":"a"},{"dims":{"w":1}}]}', 0, 3));
show(fn() => Json::decode('{"items":[{"sku":"a"},{"dims":{"w":1}}]}', 0, 4));
show(fn() => Json::decode('"scalar"', 0, 1));
// same limit as json_encode (json_decode needs one more: it rejects nesting == depth)
var_dump(json_encode([[1]], 0, 1), json_encode([[1]], 0, 2));
// deeper than the default (512): json-c's own limit fires, with the byte offset
$deep = str_repeat('[', 600) . str_repeat(']', 600);
show(function () use ($deep) { return Json::decode($deep); });
var_dump(count(Json::decode($deep, 0, 600)));
// encode
show(fn() => Json::encode([[1]], 0, 2));
show(fn() => Json::encode([[1]], 0, 1));
show(fn() => Json::encode(['order' => ['line_items' => [['meta' => ['k' => 'v']]]]], 0, 3));
// a self-referencing array stops at the depth limit instead of recursing forever
$a = ['x' => 1];
$a['self'] = &$a;
show(fn() => strlen(Json::encode($a, 0, 4)));
// bad arguments
show(fn() => Json::decode('[]', 0, 0));
show(fn() => Json::encode([], 0, 100000));
show(fn() => Json::decode('[]', 1 << 20));
?>
--EXPECTF--
[[1]]
Protocol: JSON nesting is deeper than the limit of 1 at $[0] [$[0]]
Protocol: JSON nesting is deeper than the limit of 1 at $[0] [$[0]]
Protocol: JSON nesting is deeper than the limit of 3 at $.items[1].dims [$.items[1].dims]
{"items":[{"sku":"a"},{"dims":{"w":1}}]}
"scalar"
bool(false)
string(5) "[[1]]"
Protocol: JSON nesting is deeper than the limit of 512 at $[0][0]%s(byte offset %d) [$[0][0]%s]
int(1)
"[[1]]"
Validation: value nests deeper than the limit of 1 at $[0] [[0]]
Validation: value nests deeper than the limit of 3 at $.order.line_items[0] [order.line_items[0]]
Validation: value nests deeper than the limit of 4 at $.self.self.self.self [self.self.self.self]
ValueError: ErpSync\Json::decode(): Argument #3 ($depth) must be between 1 and 10000
ValueError: ErpSync\Json::encode(): Argument #3 ($depth) must be between 1 and 10000
ValueError: ErpSync\Json::decode(): Argument #2 ($flags) contains unknown flags (1048576)
