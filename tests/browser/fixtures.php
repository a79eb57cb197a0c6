<?php
/**
 * State for the browser tests, made through WordPress/WooCommerce APIs on the wc_ site:
 *   php fixtures.php reset                 erpsync settings and mapping rows removed
 *   php fixtures.php failed-order          VASCO against the simulator with bacs unmapped; an order placed, paid and
 *                                          its export run once (it fails: the gateway has no payment code)
 *   php fixtures.php manager               a shop manager whose manage_woocommerce was taken away
 *   php fixtures.php logistos-failed       Logistos on; three orders whose export may have reached it (failed, "check
 *                                          whether the order is there"), one exported
 *   php fixtures.php changed-order         VASCO on; an order exported, then cancelled (changed after export)
 *   php fixtures.php seed-shop             a shop with history for the ERP Sync page: VASCO and SORS against the
 *                                          simulator, 20 orders exported (spread over 30 days), six stopped because
 *                                          "Direct bank transfer" has no VASCO payment code, two blacklisted;
 *                                          Sitoo and Logistos filled in against the simulator but switched off
 *                                          "Direct bank transfer" has no VASCO payment code, two blacklisted
 *   php fixtures.php sitoo-settings        Sitoo on against the simulator (its sites and warehouses), nothing scheduled
 *   php fixtures.php sitoo-state           the saved Sitoo warehouse, its type, the autosync settings and schedule
 *   php fixtures.php run-queue             runs every pending erpsync action (as the queue runner would)
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
        foreach (ErpSync\Plugin\Infra\Settings::CONNECTORS as $id) {
            delete_option('erpsync_' . $id);
        }
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table());
        as_unschedule_all_actions('', [], 'erpsync');
        $out = ['ok' => true];
        break;
    case 'failed-order':
        ErpSync\Plugin\Infra\Settings::put('vasco', ['enabled' => 'yes', 'production_base_url' => "$sim/vasco", 'production_username' => 'vasco',
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
        $r = ErpSync\Plugin\Orders\Queue::run_export($o->get_id(), 'vasco');
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
    case 'logistos-failed':
        ErpSync\Plugin\Infra\Settings::put('logistos', ['enabled' => 'yes', 'statuses' => ['processing'],
            'handshake_url' => "$sim/logistos/integration/integrate_woo_commerce", 'orders_url' => "$sim/logistos/integration/woo_commerce_orders"]);
        $ids = [];
        foreach (['failed', 'failed', 'failed', 'done'] as $state) {
            $o = wc_create_order(['status' => 'on-hold']);
            $o->set_address(['first_name' => 'Ana', 'last_name' => 'Novak', 'email' => 'ana@example.si', 'country' => 'SI'], 'billing');
            $o->save();
            $runner = 'fixture-' . wp_rand();
            ErpSync\Plugin\Infra\Mapping::claim('logistos', 'order', $o->get_id(), $runner);
            if ($state === 'done') {
                ErpSync\Plugin\Infra\Mapping::done('logistos', 'order', $o->get_id(), (string) $o->get_id(), $o->get_order_number(), $runner);
            } else {
                ErpSync\Plugin\Infra\Mapping::failed('logistos', 'order', $o->get_id(), 'failed', 'An earlier attempt may have reached the back-office, which offers no lookup: check whether the order is there, then press Retry to send it.', $runner);
            }
            $ids[] = $o->get_id();
        }
        as_unschedule_all_actions('', [], 'erpsync');
        $out = ['ids' => $ids, 'list_path' => Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ? 'admin.php?page=wc-orders&status=wc-on-hold' : 'edit.php?post_type=shop_order&post_status=wc-on-hold'];
        break;
    case 'changed-order':
        ErpSync\Plugin\Infra\Settings::put('vasco', ['enabled' => 'yes', 'production_base_url' => "$sim/vasco", 'production_username' => 'vasco',
            'production_password' => 'vasco-pass', 'production_tax_number' => '12345678', 'payment_codes' => ['bacs' => '3'], 'statuses' => ['completed']]);
        $o = wc_create_order(['status' => 'processing']);
        $o->set_address(['first_name' => 'Maja', 'last_name' => 'Horvat', 'email' => 'maja@example.si', 'country' => 'SI'], 'billing');
        $o->save();
        $runner = 'fixture-' . wp_rand();
        ErpSync\Plugin\Infra\Mapping::claim('vasco', 'order', $o->get_id(), $runner);
        ErpSync\Plugin\Infra\Mapping::done('vasco', 'order', $o->get_id(), '77.2026', '77', $runner);
        $o->update_status('cancelled');
        as_unschedule_all_actions('', [], 'erpsync');
        $out = ['order_id' => $o->get_id(), 'edit_path' => str_replace(admin_url(), '', $o->get_edit_order_url()),
            'list_path' => Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ? 'admin.php?page=wc-orders' : 'edit.php?post_type=shop_order'];
        break;
    case 'seed-shop':
        foreach (ErpSync\Plugin\Infra\Settings::CONNECTORS as $id) {
            delete_option('erpsync_' . $id);
        }
        delete_option('erpsync_settings_log');
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table());
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::log_table());
        as_unschedule_all_actions('', [], 'erpsync');
        update_option('woocommerce_currency', 'EUR');
        // The owner has dismissed WooCommerce's "not a secure connection" notice (the test site is plain http).
        update_user_meta(1, 'dismissed_no_secure_connection_notice', true);
        update_option('woocommerce_bacs_settings', ['enabled' => 'yes', 'title' => 'Direct bank transfer']);
        update_option('woocommerce_cod_settings', ['enabled' => 'yes', 'title' => 'Cash on delivery']);
        ErpSync\Plugin\Infra\Settings::put('vasco', ['enabled' => 'yes', 'production_base_url' => "$sim/vasco", 'production_username' => 'vasco',
            'production_password' => 'vasco-pass', 'production_tax_number' => '12345678', 'payment_codes' => ['cod' => '4'],
            'shipping_article' => 'DOSTAVA', 'statuses' => ['processing'], 'email_blacklist' => "spam@bot.si\n*@mailinator.example\ntest@example.com"]);
        ErpSync\Plugin\Infra\Settings::put('sors', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => "$sim/sors", 'api_key' => 'sors-test-key',
            'database' => 'Shop2026', 'business_unit' => '1', 'document_type' => 'invoice', 'shipping_sku' => 'DOSTAVA', 'statuses' => ['processing']]);
        // Sitoo and Logistos filled in but switched off (their settings sections are in the screenshots; no order goes there).
        ErpSync\Plugin\Infra\Settings::put('sitoo', ['enabled' => 'no', 'mode' => 'live', 'base_url' => "$sim/sitoo/v2/accounts/10020", 'api_id' => 'sitoo-user',
            'password' => 'sitoo-pass', 'siteid' => '1', 'warehouse_id' => '1', 'shipping_sku' => 'SHIPPING', 'statuses' => ['processing']]);
        ErpSync\Plugin\Infra\Settings::put('logistos', ['enabled' => 'no', 'statuses' => ['processing'],
            'handshake_url' => "$sim/logistos/integration/integrate_woo_commerce", 'orders_url' => "$sim/logistos/integration/woo_commerce_orders"]);
        $products = [];
        foreach ([['Kava Barcaffè 1 kg', '18.00'], ['Čaj kamilica', '3.90'], ['Skodelica espresso', '7.50']] as $i => [$name, $price]) {
            $p = new WC_Product_Simple();
            $p->set_name($name);
            $p->set_sku('SEED-' . ($i + 1) . '-' . wp_rand(1000, 9999));
            $p->set_regular_price($price);
            $p->save();
            $products[] = $p;
        }
        $people = [['Maja', 'Horvat'], ['Luka', 'Kovač'], ['Ana', 'Novak'], ['Tomaž', 'Krajnc'], ['Nina', 'Zupan'], ['Jure', 'Potočnik'],
            ['Eva', 'Kos'], ['Matej', 'Golob'], ['Sara', 'Vidmar'], ['Rok', 'Mlakar']];
        $made = ['failed' => [], 'done' => [], 'blacklisted' => []];
        $plan = array_merge(array_fill(0, 12, 'cod'), array_fill(0, 6, 'bacs'), ['spam', 'spam']);
        foreach ($plan as $k => $kind) {
            [$first, $last] = $people[$k % count($people)];
            $email = $kind === 'spam' ? 'spam@bot.si' : strtolower(iconv('UTF-8', 'ASCII//TRANSLIT', $first . '.' . $last)) . '@example.si';
            $o = wc_create_order(['status' => 'pending']);
            $o->add_product($products[$k % 3], 1 + $k % 2);
            $o->set_address(['first_name' => $first, 'last_name' => $last, 'email' => $email, 'country' => 'SI', 'city' => 'Ljubljana',
                'address_1' => 'Dunajska cesta ' . ($k + 1), 'postcode' => '1000'], 'billing');
            $o->set_payment_method($kind === 'bacs' ? 'bacs' : 'cod');
            $o->set_payment_method_title($kind === 'bacs' ? 'Direct bank transfer' : 'Cash on delivery');
            $o->calculate_totals();
            $o->save();
            $o->update_status('processing');
            $r = ErpSync\Plugin\Orders\Queue::run_export($o->get_id(), 'vasco');
            if ($kind !== 'spam') {
                ErpSync\Plugin\Orders\Queue::run_export($o->get_id(), 'sors');
            }
            $made[$r['outcome']][] = $o->get_id();
        }
        as_unschedule_all_actions('', [], 'erpsync');
        // History: the exports spread over the last 30 days (as if the shop had been running), newest order today.
        $t = ErpSync\Plugin\Infra\Installer::map_table();
        foreach ($wpdb->get_results("SELECT id, local_id, state FROM $t WHERE object_type = 'order' ORDER BY local_id DESC", ARRAY_A) as $i => $row) {
            $days = $row['state'] === 'done' ? $i % 28 : ($row['state'] === 'failed' ? $i % 3 : 1);
            $wpdb->update($t, ['updated_at' => gmdate('Y-m-d H:i:s', time() - $days * DAY_IN_SECONDS - ($i * 397) % 3600)], ['id' => $row['id']]);
        }
        $out = ['made' => array_map('count', $made), 'failed' => $made['failed'], 'done' => $made['done']];
        break;
    case 'sitoo-settings': // Sitoo on against the simulator (sites and warehouses come from it), nothing scheduled
        foreach (ErpSync\Plugin\Infra\Settings::CONNECTORS as $id) {
            delete_option('erpsync_' . $id);
        }
        as_unschedule_all_actions('', [], 'erpsync');
        ErpSync\Plugin\Infra\Settings::put('sitoo', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => "$sim/sitoo/v2/accounts/10020", 'api_id' => 'sitoo-user',
            'password' => 'sitoo-pass', 'siteid' => '1', 'warehouse_id' => '1', 'warehouse_type' => 'physical']);
        $out = ['ok' => true];
        break;
    case 'sitoo-state': // the saved Sitoo settings of the section and its schedules
        $s = ErpSync\Plugin\Infra\Settings::get('sitoo');
        $out = ['warehouse_id' => $s['warehouse_id'], 'warehouse_type' => $s['warehouse_type'], 'autosync_enabled' => $s['autosync_enabled'],
            'autosync_orders' => $s['autosync_orders'], 'stock_action' => (bool) as_next_scheduled_action(ErpSync\Plugin\Sync\Sitoo\Autosync::STOCK_HOOK, [], 'erpsync')];
        break;
    case 'run-queue':
        $store = ActionScheduler::store();
        $n = 0;
        for ($round = 0; $round < 5; $round++) {
            $ids = $store->query_actions(['group' => 'erpsync', 'status' => ActionScheduler_Store::STATUS_PENDING, 'per_page' => 200]);
            if (!$ids) {
                break;
            }
            foreach ($ids as $id) {
                ActionScheduler::runner()->process_action($id, 'erpsync browser tests');
                $n++;
            }
        }
        $out = ['ran' => $n];
        break;
    default:
        fwrite(STDERR, "usage: fixtures.php reset|failed-order|manager|logistos-failed|changed-order|seed-shop|run-queue\n");
        exit(2);
}
echo json_encode($out), "\n";
