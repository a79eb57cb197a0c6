--TEST--
Http\Client::paginate: start/num+totalcount (Sitoo), Segment (VASCO products), BlockIndex (VASCO orders), page/pageSize (SORS)
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
sim_ctl($sim, 'POST', '/_sim/seed', ['api' => 'sitoo', 'products' => 25, 'seed' => 1]);
sim_ctl($sim, 'POST', '/_sim/seed', ['api' => 'vasco', 'products' => 25, 'orders' => 23, 'seed' => 1]);
sim_ctl($sim, 'POST', '/_sim/seed', ['api' => 'sors', 'products' => 25, 'seed' => 1]);

$pages = function (string $api, string $param) use ($sim) {
    $out = [];
    foreach (sim_requests($sim, $api) as $r) {
        parse_str(is_array($r['query'] ?? null) ? http_build_query($r['query']) : (string) ($r['query'] ?? parse_url($r['path'], PHP_URL_QUERY)), $q);
        if (isset($q[$param])) $out[] = $q[$param];
    }
    return implode(',', $out);
};

$sitoo = sitoo_client($sim);
$sizes = [];
$n = $sitoo->paginate('/sites/1/products.json', ['style' => 'offset', 'page_size' => 10],
    function (array $items, int $page) use (&$sizes) { $sizes[$page] = count($items); });
echo "sitoo: $n items, pages ", json_encode($sizes), ", start=", $pages('sitoo', 'start'), "\n";

$vasco = new ErpSync\Http\Client(['base_url' => $sim->url('vasco'),
    'auth' => ['type' => 'login', 'path' => '/api/v1/Avtentikacija', 'credentials' => SIM_VASCO_LOGIN]]);
$sizes = [];
$n = $vasco->paginate('/api/v1/FASifranti/artikel', ['style' => 'segment', 'page_size' => 10],
    function (array $items, int $page) use (&$sizes) { $sizes[$page] = count($items); });
echo "vasco products: $n items, pages ", json_encode($sizes), ", Segment=", $pages('vasco', 'Segment'), "\n";

$sizes = [];
$n = $vasco->paginate('/api/v1/FA/narociloKupca', ['style' => 'block', 'page_size' => 10],
    function (array $items, int $page) use (&$sizes) { $sizes[$page] = count($items); }, ['query' => ['VrniPostavke' => 1]]);
echo "vasco orders: $n items, pages ", json_encode($sizes), ", BlockIndex=", $pages('vasco', 'BlockIndex'), "\n";

$sors = new ErpSync\Http\Client(['base_url' => $sim->url('sors'), 'auth' => ['type' => 'apikey', 'key' => SIM_SORS_KEY]]);
$sizes = [];
$n = $sors->paginate('/Demo2/products', ['style' => 'page', 'page_size' => 10],
    function (array $items, int $page) use (&$sizes) { $sizes[$page] = count($items); });
echo "sors: $n items, pages ", json_encode($sizes), ", page=", $pages('sors', 'page'), "\n";

// the callback can stop early; max_pages caps the walk; parameter names are configurable
$seen = 0;
$n = $sitoo->paginate('/sites/1/products.json', ['style' => 'offset', 'page_size' => 10], function ($items) use (&$seen) { $seen++; return false; });
echo "stopped by callback: $n items, $seen page\n";
$n = $sitoo->paginate('/sites/1/products.json', ['style' => 'offset', 'page_size' => 5, 'max_pages' => 2], fn() => true);
echo "max_pages 2: $n items\n";
// items under a configured key that does not exist: a ProtocolException naming it
try { $sitoo->paginate('/sites/1/products.json', ['style' => 'offset', 'page_size' => 5, 'items_key' => 'rows'], fn() => true); }
catch (ErpSync\ProtocolException $e) { echo $e->getMessage(), "\n"; }
// an exception thrown by the callback comes through unchanged
try { $sitoo->paginate('/sites/1/products.json', ['style' => 'offset', 'page_size' => 5], function () { throw new LogicException('stop here'); }); }
catch (LogicException $e) { echo "callback exception: ", $e->getMessage(), "\n"; }
?>
--EXPECT--
sitoo: 25 items, pages {"1":10,"2":10,"3":5}, start=0,10,20
vasco products: 25 items, pages {"1":10,"2":10,"3":5}, Segment=1,2,3
vasco orders: 23 items, pages {"1":10,"2":10,"3":3}, BlockIndex=0,1,2
sors: 25 items, pages {"1":10,"2":10,"3":5}, page=1,2,3
stopped by callback: 10 items, 1 page
max_pages 2: 10 items
page 1: the reply has no list of items (looked for rows)
callback exception: stop here
