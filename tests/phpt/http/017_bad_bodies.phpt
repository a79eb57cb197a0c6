--TEST--
Http\Client: malformed JSON, HTML page, truncated reply and wrong content type are told apart
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$c = sitoo_client($sim, ['retry' => ['max_attempts' => 1]]);
$f = fn($kind, $extra = []) => sim_fault($sim, ['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites.json', 'kind' => $kind, 'count' => 1] + $extra);

$f('malformed');
$r = $c->get('/sites.json');
try { $r->json(); echo "decoded\n"; } catch (ErpSync\ProtocolException $e) { echo "malformed: ProtocolException at ", $e->getJsonPath(), "\n"; }

$f('html');
$r = $c->get('/sites.json');
try { $r->json(); } catch (ErpSync\ProtocolException $e) { echo "html: ", $e->getMessage(), "\n"; }

$f('html', ['status' => 502]);
try { $c->get('/sites.json'); } catch (ErpSync\HttpException $e) { echo "html 502: ", $e->getStatus(), " excerpt starts with <: ", var_export(ltrim($e->getBodyExcerpt())[0] === '<', true), "\n"; }

$f('truncated');
try { $c->get('/sites.json'); echo "truncated accepted\n"; } catch (ErpSync\TransportException $e) { echo "truncated: ", $e->getKind(), "\n"; }

$f('wrong_content_type');
$r = $c->get('/sites.json');
echo "wrong content type: ", $r->header('Content-Type'), ", still decodes: ", var_export(is_array($r->json()), true), "\n";
echo "objects: ", get_class($r->json(false)), "\n";
echo "header() is case-insensitive: ", var_export($r->header('CONTENT-TYPE') === $r->headers['content-type'], true), ", missing: ", var_export($r->header('X-Nope'), true), "\n";

// paginate expects JSON: a broken page is a ProtocolException too
$f('malformed');
try { $c->paginate('/sites.json', ['style' => 'offset', 'page_size' => 10], fn() => true); } catch (ErpSync\ProtocolException $e) { echo "paginate malformed: ", $e->getJsonPath(), "\n"; }
?>
--EXPECTF--
malformed: ProtocolException at $%S
html: The reply is an HTML/XML page, not JSON
html 502: 502 excerpt starts with <: true
truncated: reset
wrong content type: text/plain%S, still decodes: true
objects: stdClass
header() is case-insensitive: true, missing: NULL
paginate malformed: $.items[2]
