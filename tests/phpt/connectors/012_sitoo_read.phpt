--TEST--
Sitoo reads: sites for the picker, products by status with variants (kind) and since a time, every page of categories and manufacturers (no duplicate creates past one page), vouchers looked up before they are created (a lost reply makes no second voucher), the rate-limit allowance before a job
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/fixtures.inc';
$sim = ErpSyncTest\Sim::start();
$sim->seed(['api' => 'sitoo', 'products' => 40, 'inactive_every' => 5, 'variant_groups' => 3, 'seed' => 2]);
$s = new ErpSync\Connector\Sitoo(sitoo_settings($sim, ['voucher_types' => ['percent' => 100, 'fixed_cart' => 200]]));

$sites = $s->sites();
echo "sites: ", count($sites), ", eshopid ", $sites[0]['eshopid'], "\n";

$count = function (string $status, ?int $since = null) use ($s) {
    $kinds = [];
    $pages = 0;
    $n = $s->fetchProducts(function (array $items, int $page) use (&$kinds, &$pages) {
        $pages++;
        foreach ($items as $p) {
            $kinds[$p['kind']] = ($kinds[$p['kind']] ?? 0) + 1;
        }
    }, $status, $since, 7);
    ksort($kinds);
    return "$n in $pages pages " . json_encode($kinds);
};
foreach (['all', 'active', 'active_pos', 'active_webshop', 'inactive', 'inactive_pos', 'inactive_webshop'] as $st) {
    echo str_pad($st, 17), $count($st), "\n";
}
echo "changed since an hour ahead: ", $count('all', time() + 3600), "\n";
$q = array_values(array_filter($sim->requests('sitoo'), fn($r) => $r['method'] === 'GET' && str_contains($r['path'], '/products.json')));
echo "includeinactive sent: ", implode(',', array_unique(array_map(fn($r) => $r['query']['includeinactive'] ?? '-', $q))), "\n";
try {
    $s->fetchProducts(fn() => null, 'visible');
} catch (ErpSync\ValidationException $e) {
    echo "bad status: ", $e->getField(), "\n";
}

// 15 categories: matched again, nothing created twice (the list has more than one default page of 10).
$cats = [];
for ($i = 1; $i <= 15; $i++) {
    $cats[] = ['id' => $i, 'name' => "Cat $i", 'parent_id' => $i > 12 ? 1 : 0];
}
$first = $s->syncCategories($cats);
$posts = fn() => count(array_filter($sim->requests('sitoo'), fn($r) => $r['method'] === 'POST' && str_contains($r['path'], '/categories.json')));
$before = $posts();
$again = $s->syncCategories($cats);
echo "categories: ", count($s->categories()), " in Sitoo, created again: ", $posts() - $before, ", same ids: ", var_export($first == $again, true), "\n";
$names = array_map(fn($i) => "Brand $i", range(1, 14));
$m1 = $s->syncManufacturers($names);
$m2 = $s->syncManufacturers($names);
echo "manufacturers: ", count($s->manufacturers()), " in Sitoo, same ids: ", var_export($m1 == $m2, true), "\n";

// Vouchers: the second push finds the first; a lost reply is found on the retry.
$coupon = ['id' => 9, 'code' => 'ZIMA10', 'discount_type' => 'percent', 'amount' => '10', 'description' => 'Winter'];
$v1 = $s->pushVoucher($coupon);
$v2 = $s->pushVoucher($coupon);
echo "voucher: created ", var_export($v1['created'], true), ", again created ", var_export($v2['created'], true), ", same id ", var_export($v1['remote_id'] === $v2['remote_id'], true), "\n";
$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/vouchers.json', 'kind' => 'lost_reply']);
$coupon2 = ['id' => 10, 'code' => 'POLETJE5', 'discount_type' => 'fixed_cart', 'amount' => '5', 'description' => 'Summer'];
try {
    $s->pushVoucher($coupon2);
} catch (ErpSync\TransportException $e) {
    echo "lost reply: ", $e->getKind(), "\n";
}
$v3 = $s->pushVoucher($coupon2);
echo "after the lost reply: created ", var_export($v3['created'], true), ", vouchers in Sitoo: ", count($s->vouchers()), "\n";
// The allowance before a job: what Sitoo says is left, and 0 once it is spent (a 429), so a job can decline to start.
echo "no allowance said: ", json_encode($s->allowance()), "\n";
$sim->config(['api' => 'sitoo', 'allowance' => 3, 'allowance_reset' => 40]);
echo "allowance: ", json_encode($s->allowance()), "\n";
$s->sites();
$s->sites();
echo "spent: ", json_encode($s->allowance()), "\n";
$sim->config(['api' => 'sitoo', 'allowance' => null]);
?>
--EXPECT--
sites: 1, eshopid 1
all              49 in 7 pages {"parent":3,"single":40,"variant":6}
active           45 in 7 pages {"parent":3,"single":36,"variant":6}
active_pos       45 in 7 pages {"parent":3,"single":36,"variant":6}
active_webshop   41 in 7 pages {"parent":3,"single":32,"variant":6}
inactive         4 in 4 pages {"single":4}
inactive_pos     4 in 4 pages {"single":4}
inactive_webshop 8 in 6 pages {"single":8}
changed since an hour ahead: 0 in 0 pages []
includeinactive sent: true,false
bad status: status
categories: 15 in Sitoo, created again: 0, same ids: true
manufacturers: 14 in Sitoo, same ids: true
voucher: created true, again created false, same id true
lost reply: reset
after the lost reply: created false, vouchers in Sitoo: 2
no allowance said: {"remaining":null,"reset":null}
allowance: {"remaining":2,"reset":40}
spent: {"remaining":0,"reset":40}
