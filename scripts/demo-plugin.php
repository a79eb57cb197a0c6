<?php
/**
 * The plugin part of the demo (scripts/demo.sh, when WooCommerce is given in $WC_DIR): on the real WordPress +
 * WooCommerce test site (table prefix wc_), VASCO, SORS and Sitoo are set up against the simulator at
 * $ERPSYNC_SIM_URL, an order is placed the way checkout places it, and the queue is run — twice, to show that
 * nothing is sent twice.
 */
$_SERVER['HTTP_HOST'] = '127.0.0.1:8089';
$_SERVER['REQUEST_URI'] = '/';
require dirname(__DIR__) . '/.work/wordpress/wp-load.php';
add_filter('pre_wp_mail', '__return_false');
$sim = rtrim((string) getenv('ERPSYNC_SIM_URL'), '/');

use ErpSync\Plugin\Infra\Settings;

Settings::put('vasco', ['enabled' => 'yes', 'mode' => 'production', 'production_base_url' => "$sim/vasco", 'production_username' => 'vasco',
    'production_password' => 'vasco-pass', 'production_tax_number' => '12345678', 'payment_codes' => ['bacs' => '3', 'cod' => '4'],
    'shipping_article' => 'DOSTAVA', 'statuses' => ['processing']]);
Settings::put('sors', ['enabled' => 'yes', 'mode' => 'test', 'base_url' => "$sim/sors", 'api_key' => 'sors-test-key', 'test_database' => 'Demo2',
    'business_unit' => '1', 'document_type' => 'invoice', 'shipping_sku' => 'DOSTAVA', 'statuses' => ['processing']]);
Settings::put('sitoo', ['enabled' => 'yes', 'base_url' => "$sim/sitoo/v2/accounts/10020", 'api_id' => 'sitoo-user', 'password' => 'sitoo-pass',
    'statuses' => ['processing'], 'deliver_on_complete' => 'yes']);
foreach (['vasco', 'sors', 'sitoo'] as $id) {
    printf("  %-8s test connection: %s\n", $id, ErpSync\Plugin\Infra\Connectors::test($id)['message']);
}
update_option('woocommerce_currency', 'EUR');
update_option('woocommerce_bacs_settings', ['enabled' => 'yes', 'title' => 'Bank transfer']);

$product = wc_get_product_id_by_sku('ART-000001') ? wc_get_product(wc_get_product_id_by_sku('ART-000001')) : null;
if (!$product) {
    $product = new WC_Product_Simple();
    $product->set_name('Kava 1 kg');
    $product->set_sku('ART-000001');
    $product->set_regular_price('18.00');
    $product->save();
}
$order = wc_create_order(['status' => 'pending']);
$order->add_product($product, 2);
$address = ['first_name' => 'Maja', 'last_name' => 'Horvat', 'address_1' => 'Dunajska cesta 5', 'city' => 'Ljubljana', 'postcode' => '1000',
    'country' => 'SI', 'email' => 'maja@example.si', 'phone' => '+38640111222'];
$order->set_address($address, 'billing');
$order->set_address($address, 'shipping');
$order->set_payment_method('bacs');
$order->calculate_totals();
$order->save();
$t = microtime(true);
$order->payment_complete(); // pending → processing, as a paid checkout does
printf("  order %s paid (status %s) in %.1f ms: %d actions queued, no HTTP call in that request\n", $order->get_order_number(),
    wc_get_order($order->get_id())->get_status(), 1000 * (microtime(true) - $t),
    count(as_get_scheduled_actions(['group' => 'erpsync', 'status' => 'pending'], 'ids')));
