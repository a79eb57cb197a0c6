--TEST--
One set of JSON rules: Json::decode, Response::json(), the connectors' read path (paginate) and the matcher's scanner agree on 1e999, overlong UTF-8, UTF-8-encoded surrogates, stray bytes >= 0x80 and lone \uD800
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/../http/sim_helpers.inc';
$sim = http_sim();
$c = sitoo_client($sim);
$cases = [
    'valid'          => '{"items":[{"sku":"Kava \u010crna","price":"1e2"}]}',
    '1e999'          => '{"items":[{"sku":"A","price":1e999}]}',
    'overlong /'     => "{\"items\":[{\"sku\":\"A\xC0\xAF\"}]}",
    'UTF-8 surrogate'=> "{\"items\":[{\"sku\":\"A\xED\xA0\x80\"}]}",
    'stray 0xFF'     => "{\"items\":[{\"sku\":\"A\xFF\"}]}",
    'cut 3-byte'     => "{\"items\":[{\"sku\":\"A\xE2\x82\"}]}",
    'lone \uD800'    => '{"items":[{"sku":"A\uD800"}]}',
];
foreach ($cases as $label => $body) {
    $v = [];
    try { $d = ErpSync\Json::decode($body); $v['decode'] = 'ok:' . bin2hex($d['items'][0]['sku']); } catch (ErpSync\ProtocolException $e) { $v['decode'] = 'refused'; }
    sim_fault($sim, ['api' => 'sitoo', 'path' => '/sites.json', 'kind' => 'status', 'status' => 200, 'body_b64' => base64_encode($body), 'count' => 2]);
    try { $d = $c->get('/sites.json')->json(); $v['Response::json'] = 'ok:' . bin2hex($d['items'][0]['sku']); } catch (ErpSync\ProtocolException $e) { $v['Response::json'] = 'refused'; }
    try {
        $sku = null;
        $c->paginate('/sites.json', ['style' => 'offset', 'page_size' => 100, 'items_key' => 'items'], function ($items) use (&$sku) { $sku = $items[0]['sku']; });
        $v['paginate'] = 'ok:' . bin2hex($sku);
    } catch (ErpSync\ProtocolException $e) { $v['paginate'] = 'refused'; }
    $m = new ErpSync\Matcher\Matcher(['remote' => ['items' => 'items', 'sku' => 'sku', 'id' => 'sku', 'price' => 'price']]);
    try { $m->addRemoteJson($body); $m->run(); $v['matcher'] = 'ok:' . bin2hex($m->unmatchedRemote()[0] ?? ''); } catch (ErpSync\ProtocolException $e) { $v['matcher'] = 'refused'; }
    echo str_pad($label, 16), ": ", count(array_unique($v)) === 1 ? 'agree, ' . reset($v) : 'DISAGREE ' . json_encode($v), "\n";
}
?>
--EXPECT--
valid           : agree, ok:4b61766120c48c726e61
1e999           : agree, refused
overlong /      : agree, refused
UTF-8 surrogate : agree, refused
stray 0xFF      : agree, refused
cut 3-byte      : agree, refused
lone \uD800     : agree, ok:41efbfbd
