<?php
/**
 * State for the sync browser tests (tests/browser/sync.test.mjs), made through WordPress/WooCommerce APIs on the
 * wc_ site against the simulator at $ERPSYNC_SIM_URL:
 *   php sync-fixtures.php vasco-shop     VASCO enabled, 4 articles at the simulator, 4 shop products with their EANs
 *                                        (stock 1000), no runs
 *   php sync-fixtures.php debt-customer  SORS enabled, a customer (login + password) linked to a SORS customer with a
 *                                        balance; prints the My Account URL and the balance as the page shows it
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
    case 'vasco-shop':
        $sim->reset();
        $sim->seed(['api' => 'vasco', 'products' => 4, 'seed' => 21]);
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Sync\Schema::runs_table());
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Sync\Schema::plan_table());
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE object_type = 'product'");
        delete_option(ErpSync\Plugin\Sync\SyncSettings::OPTION);
        delete_option('erpsync_sync_last_vasco_stock');
        ErpSync\Plugin\Infra\Settings::put('vasco', ['enabled' => 'yes', 'production_base_url' => "$url/vasco", 'production_username' => 'vasco',
            'production_password' => 'vasco-pass', 'production_tax_number' => '12345678', 'stock_warehouses' => '1,2']);
        $c = ErpSync\Plugin\Infra\Connectors::make('vasco');
        $stock = array_column($c->fetchStock(), null, 'code');
        $items = [];
        $c->fetchProducts(function ($page) use (&$items) { array_push($items, ...$page); });
        $products = [];
        foreach ($items as $i => $a) {
            $ean = array_column($a['dodatnaPolja'], 'vrednost', 'naziv')['EAN'];
            foreach (wc_get_products(['sku' => "BRS-$i", 'return' => 'ids', 'status' => 'any']) as $old) {
                wp_delete_post($old, true);
            }
            $old = wc_get_product_id_by_global_unique_id($ean);
            if ($old) {
                wp_delete_post($old, true);
            }
            $p = new WC_Product_Simple();
            $p->set_name("Sync product $i");
            $p->set_sku("BRS-$i");
            $p->set_regular_price('5.00');
            $p->set_manage_stock(true);
            $p->set_stock_quantity(1000);
            $p->set_global_unique_id($ean);
            $id = $p->save();
            $s = $stock[$a['sifra']];
            $products[] = ['id' => $id, 'total' => (int) $s['total'], 'own' => (string) $s['own'], 'supplier' => (string) $s['supplier'],
                'edit_path' => "post.php?post=$id&action=edit"];
        }
        as_unschedule_all_actions('', [], 'erpsync');
        $out = ['products' => $products];
        break;
    case 'debt-customer':
        $sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'customers' => 2, 'seed' => 22]);
        $customer = $sim->state('sors')['Shop2026']['customers'][0];
        ErpSync\Plugin\Infra\Settings::put('sors', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => "$url/sors", 'api_key' => 'sors-test-key',
            'database' => 'Shop2026', 'business_unit' => '1']);
        $login = 'debtor' . wp_rand(1000, 9999);
        $pass = 'debtor-pass-' . wp_rand(1000, 9999);
        $uid = wp_insert_user(['user_login' => $login, 'user_pass' => $pass, 'role' => 'customer', 'user_email' => "$login@example.rs"]);
        ErpSync\Plugin\Infra\Mapping::link_customer('sors', $uid, (string) $customer['id'], ErpSync\Plugin\Infra\Settings::environment('sors'));
        $other = 'nodebt' . wp_rand(1000, 9999);
        wp_insert_user(['user_login' => $other, 'user_pass' => $pass, 'role' => 'customer', 'user_email' => "$other@example.rs"]);
        $out = ['user' => $login, 'pass' => $pass, 'other' => $other, 'my_account' => wc_get_page_permalink('myaccount'),
            'balance' => number_format((float) $customer['balance'], 2, '.', ',')];
        break;
    default:
        fwrite(STDERR, "usage: sync-fixtures.php vasco-shop|debt-customer\n");
        exit(2);
}
echo json_encode($out), "\n";
