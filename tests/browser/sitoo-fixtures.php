<?php
/**
 * State for the Sitoo Complete Sync browser test (tests/browser/sitoo-complete-sync.test.mjs), made on the wc_ site
 * against the simulator at $ERPSYNC_SIM_URL:
 *   php sitoo-fixtures.php sitoo-shop   Sitoo enabled; at Sitoo 3 products, 2 variant groups of 1 + 3 variants in 2
 *                                       categories, 1 manufacturer; none of them in the shop; no Sitoo job or link
 * Prints JSON.
 */
$_SERVER['HTTP_HOST'] = '127.0.0.1:' . (getenv('ERPSYNC_WP_PORT') ?: '8089');
$_SERVER['REQUEST_URI'] = '/';
require dirname(__DIR__, 2) . '/.work/wordpress/wp-load.php';
require_once dirname(__DIR__) . '/sim/sim.inc.php';
add_filter('pre_wp_mail', '__return_false');
$url = rtrim((string) getenv('ERPSYNC_SIM_URL'), '/');
$sim = ErpSyncTest\Sim::attach($url);
global $wpdb;
$out = [];
switch ($argv[1] ?? '') {
    case 'sitoo-shop':
        $sim->reset();
        $sim->seed(['api' => 'sitoo', 'products' => 3, 'variant_groups' => 2, 'variants_per_group' => 3,
            'categories' => [['title' => 'Clothes'], ['title' => 'Shirts', 'parent' => 0]], 'manufacturers' => ['Acme']]);
        ErpSync\Plugin\Infra\Settings::put('sitoo', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => "$url/sitoo/v2/accounts/" . ErpSyncTest\Sim::SITOO_ACCOUNT,
            'api_id' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD, 'siteid' => '1', 'warehouse_id' => '1',
            'complete_operations' => [], 'complete_options' => []]);
        $skus = [];
        ErpSync\Plugin\Infra\Connectors::make('sitoo')->fetchProducts(function (array $items) use (&$skus) {
            foreach ($items as $p) {
                $skus[] = $p['sku'];
            }
        });
        foreach ($skus as $sku) {
            foreach (wc_get_products(['sku' => $sku, 'type' => ['simple', 'variable', 'variation'], 'return' => 'ids', 'status' => 'any', 'limit' => -1]) as $old) {
                wp_delete_post($old, true);
            }
        }
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Sync\Schema::runs_table() . " WHERE connector = 'sitoo'");
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE connector = 'sitoo' AND object_type IN ('product', 'category', 'manufacturer', 'voucher')");
        delete_option('erpsync_sitoo_manufacturers_at');
        as_unschedule_all_actions('erpsync_sync_slice', [], 'erpsync');
        $out = ['skus' => $skus];
        break;
    default:
        fwrite(STDERR, "usage: sitoo-fixtures.php sitoo-shop\n");
        exit(2);
}
echo json_encode($out), "\n";
