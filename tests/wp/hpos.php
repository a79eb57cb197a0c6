<?php
/**
 * Switches WooCommerce's order storage for the next test pass: `php tests/wp/hpos.php on|off` (site wc_, test data
 * only). WooCommerce refuses to switch while the two stores disagree, so the test orders of earlier passes are
 * removed from both stores first. On: orders in the custom order tables (HPOS), no compatibility sync. Off: orders
 * as posts.
 */
$_SERVER['HTTP_HOST'] = '127.0.0.1:8089';
require dirname(__DIR__, 2) . '/.work/wordpress/wp-load.php';
if (($wpdb->prefix ?? '') !== 'wc_') {
    fwrite(STDERR, "refusing: this script empties the orders of the test site wc_ only\n");
    exit(1);
}
$on = ($argv[1] ?? '') === 'on';
$sync = wc_get_container()->get(Automattic\WooCommerce\Internal\DataStores\Orders\DataSynchronizer::class);
if (!$sync->check_orders_table_exists()) {
    $sync->create_database_tables();
}
foreach (['wc_orders', 'wc_order_addresses', 'wc_order_operational_data', 'wc_orders_meta', 'woocommerce_order_items', 'woocommerce_order_itemmeta', 'wc_order_stats', 'wc_order_product_lookup'] as $t) {
    $wpdb->query("DELETE FROM {$wpdb->prefix}{$t}");
}
$wpdb->query("DELETE pm FROM {$wpdb->postmeta} pm JOIN {$wpdb->posts} p ON p.ID = pm.post_id WHERE p.post_type IN ('shop_order', 'shop_order_placehold', 'shop_order_refund')");
$wpdb->query("DELETE FROM {$wpdb->posts} WHERE post_type IN ('shop_order', 'shop_order_placehold', 'shop_order_refund')");
$wpdb->query("DELETE FROM {$wpdb->comments} WHERE comment_type = 'order_note'");
wp_cache_flush();
update_option('woocommerce_custom_orders_table_data_sync_enabled', 'no');
update_option('woocommerce_custom_orders_table_enabled', $on ? 'yes' : 'no');
echo 'HPOS ', Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ? 'on' : 'off', "\n";
