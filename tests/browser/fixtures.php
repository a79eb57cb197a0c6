<?php
/**
 * State for the browser tests, made through WordPress/WooCommerce APIs on the wc_ site:
 *   php fixtures.php reset                 erpsync settings and mapping rows removed
 *   php fixtures.php failed-order          VASCO against the simulator with bacs unmapped; an order placed, paid and
 *                                          its export run once (it fails: the gateway has no payment code)
 *   php fixtures.php manager               a shop manager whose manage_woocommerce was taken away
 * Prints JSON. The simulator URL comes from $ERPSYNC_SIM_URL.
 */
$_SERVER['HTTP_HOST'] = '127.0.0.1:8089';
$_SERVER['REQUEST_URI'] = '/';
require dirname(__DIR__, 2) . '/.work/wordpress/wp-load.php';
add_filter('pre_wp_mail', '__return_false');
$sim = rtrim((string) getenv('ERPSYNC_SIM_URL'), '/');
$out = [];
switch ($argv[1] ?? '') {
    case 'reset':
        foreach (ErpSync\Plugin\Settings::CONNECTORS as $id) {
            delete_option('erpsync_' . $id);
        }
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Installer::map_table());
        as_unschedule_all_actions('', [], 'erpsync');
        $out = ['ok' => true];
        break;
    case 'failed-order':
        ErpSync\Plugin\Settings::put('vasco', ['enabled' => 'yes', 'production_base_url' => "$sim/vasco", 'production_username' => 'vasco',
            'production_password' => 'vasco-pass', 'production_tax_number' => '12345678', 'payment_codes' => ['cod' => '4'],
            'shipping_article' => 'DOSTAVA', 'statuses' => ['processing']]);
        update_option('woocommerce_bacs_settings', ['enabled' => 'yes', 'title' => 'Bank transfer']);
        $p = new WC_Product_Simple();
        $p->set_name('Kava 1 kg');
        $p->set_sku('BR-' . wp_rand(100000, 999999));
        $p->set_regular_price('18.00');
        $p->save();
        $o = wc_create_order(['status' => 'pending']);
        $o->add_product($p, 1);
        $o->set_address(['first_name' => 'Maja', 'last_name' => 'Horvat', 'email' => 'maja@example.si', 'country' => 'SI', 'city' => 'Ljubljana'], 'billing');
        $o->set_payment_method('bacs');
        $o->calculate_totals();
        $o->save();
        $o->payment_complete();
        $r = ErpSync\Plugin\Queue::run_export($o->get_id(), 'vasco');
        as_unschedule_all_actions('', [], 'erpsync');
        $out = ['order_id' => $o->get_id(), 'order_number' => $o->get_order_number(), 'outcome' => $r['outcome'], 'error' => $r['error'] ?? '',
            'edit_path' => str_replace(admin_url(), '', $o->get_edit_order_url())];
        break;
    case 'manager':
        $login = 'nocap' . wp_rand(1000, 9999);
        $pass = 'manager-pass-' . wp_rand(1000, 9999);
        $uid = wp_insert_user(['user_login' => $login, 'user_pass' => $pass, 'role' => 'shop_manager', 'user_email' => "$login@example.si"]);
        (new WP_User($uid))->add_cap('manage_woocommerce', false);
        $out = ['user' => $login, 'pass' => $pass];
        break;
    default:
        fwrite(STDERR, "usage: fixtures.php reset|failed-order|manager\n");
        exit(2);
}
echo json_encode($out), "\n";
