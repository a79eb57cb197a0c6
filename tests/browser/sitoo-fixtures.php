<?php
/**
 * State for the Sitoo Complete Sync browser test (tests/browser/sitoo-complete-sync.test.mjs), made on the wc_ site
 * against the simulator at $ERPSYNC_SIM_URL:
 *   php sitoo-fixtures.php sitoo-shop   Sitoo enabled; at Sitoo 3 products, 2 variant groups of 1 + 3 variants in 2
 *                                       categories, 1 manufacturer; none of them in the shop; no Sitoo job or link
 *   php sitoo-fixtures.php stock-order  (tests/browser/sitoo-stock-view.test.mjs) a physical warehouse 1 whose stock goes
 *                                       through orders; two shop products of its SKUs; an order of 5 + 2 reduced at
 *                                       processing, a refund of 2 returned, a second refund of 1 whose reply was lost
 *                                       (not confirmed yet)
 *   php sitoo-fixtures.php stock-unknown  the virtual warehouse 3; a web sale of 4 of a third product whose put never
 *                                       reached Sitoo and whose read-back failed: an unknown put
 *   php sitoo-fixtures.php stock-stopped  the physical warehouse 1; an order of 3 whose reduction Sitoo refused 8
 *                                       times (400): stopped, nothing queued
 *   php sitoo-fixtures.php stock-run <order>  the order's queued reduction runs now (what the queue runner does)
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
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE connector = 'sitoo' AND object_type IN ('product', 'category', 'manufacturer', 'voucher', 'stock_unknown')"); // stock_unknown: sitoo-stock-view's put
        delete_option('erpsync_sitoo_manufacturers_at');
        as_unschedule_all_actions('erpsync_sync_slice', [], 'erpsync');
        $out = ['skus' => $skus];
        break;
    case 'stock-order':
        $ids = stock_steps_shop($sim, $url);
        [$a, $b] = array_keys($ids);
        $order = processing_order([$ids[$a] => 5, $ids[$b] => 2]);
        ErpSync\Plugin\Sync\Sitoo\StockOrders::run($order->get_id(), 'reduce');
        $r1 = restock_refund($order->get_id(), [$a => 2]);
        ErpSync\Plugin\Sync\Sitoo\StockRefunds::run($r1);
        $sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/warehousetransactions.json', 'kind' => 'lost_reply']);
        $r2 = restock_refund($order->get_id(), [$b => 1]);
        ErpSync\Plugin\Sync\Sitoo\StockRefunds::run($r2);
        as_unschedule_all_actions('', [], 'erpsync');
        $out = ['order' => $order->get_id(), 'edit' => wc_get_order($order->get_id())->get_edit_order_url(), 'refunds' => [$r1, $r2], 'skus' => [$a, $b],
            'state' => ErpSync\Plugin\Sync\Sitoo\StockOrders::state($order->get_id())];
        break;
    case 'stock-unknown':
        sitoo_settings($url, ['warehouse_id' => '3', 'warehouse_type' => 'virtual', 'trigger_stock' => 'yes']);
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE connector = 'sitoo' AND object_type = 'stock_unknown'");
        $skus = array_keys($sim->state('sitoo')['stock'][1]);
        $c = $skus[2];
        $id = wc_get_product_id_by_sku($c);
        $client = new ErpSync\Http\Client(['base_url' => $sim->url('sitoo'), 'auth' => ['type' => 'basic', 'username' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD]]);
        $client->request('PUT', '/sites/1/warehouses/3/warehouseitems.json', ['json' => [['sku' => $c, 'decimaltotal' => '20.000']]]);
        delete_option(ErpSync\Plugin\Sync\Sitoo\StockDown::SINCE);
        ErpSync\Plugin\Sync\Sitoo\StockDown::poll(); // baselines of warehouse 3
        $sim->fault(['api' => 'sitoo', 'method' => 'PUT', 'path' => '/sites/1/warehouses/3/warehouseitems.json', 'kind' => 'reset', 'count' => 2]);
        $sim->fault(['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites/1/warehouses/3/warehouseitems.json', 'kind' => 'reset', 'count' => 2, 'skip' => 1]);
        wc_update_product_stock($id, 4, 'decrease');
        $flushed = ErpSync\Plugin\Sync\Sitoo\StockUp::flush();
        $out = ['sku' => $c, 'product' => $id, 'flushed' => $flushed[$c] ?? null, 'total' => $sim->state('sitoo')['stock'][3][$c] ?? null];
        break;
    case 'stock-stopped':
        $ids = stock_steps_shop($sim, $url);
        $a = array_keys($ids)[0];
        $order = processing_order([$ids[$a] => 3]);
        $sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/warehousetransactions.json', 'kind' => 'status', 'status' => 400,
            'count' => ErpSync\Plugin\Sync\Sitoo\StockStep::TRIES]);
        for ($i = 0; $i < ErpSync\Plugin\Sync\Sitoo\StockStep::TRIES; $i++) {
            ErpSync\Plugin\Sync\Sitoo\StockOrders::run($order->get_id(), 'reduce'); // each a failed attempt (its lease ends at once)
        }
        as_unschedule_all_actions('', [], 'erpsync');
        $out = ['order' => $order->get_id(), 'edit' => wc_get_order($order->get_id())->get_edit_order_url(), 'sku' => $a,
            'state' => ErpSync\Plugin\Sync\Sitoo\StockOrders::state($order->get_id()), 'total' => $sim->state('sitoo')['stock'][1][$a] ?? null];
        break;
    case 'stock-run':
        $id = (int) ($argv[2] ?? 0);
        $queued = as_next_scheduled_action(ErpSync\Plugin\Sync\Sitoo\StockOrders::HOOK, [$id, 'reduce'], 'erpsync');
        $done = ErpSync\Plugin\Sync\Sitoo\StockOrders::run($id, 'reduce');
        as_unschedule_all_actions(ErpSync\Plugin\Sync\Sitoo\StockOrders::HOOK, [$id, 'reduce'], 'erpsync');
        $sent = array_values(array_filter($sim->state('sitoo')['transactions'], fn($t) => str_starts_with((string) ($t['externalid'] ?? ''), "wco-$id-")));
        $out = ['queued' => $queued !== false, 'done' => $done, 'sent' => count($sent), 'state' => ErpSync\Plugin\Sync\Sitoo\StockOrders::state($id)];
        break;
    default:
        fwrite(STDERR, "usage: sitoo-fixtures.php sitoo-shop|stock-order|stock-unknown|stock-stopped|stock-run <order>\n");
        exit(2);
}
echo json_encode($out), "\n";

/** Sitoo enabled against the simulator, with these settings. */
function sitoo_settings(string $url, array $over): void
{
    ErpSync\Plugin\Infra\Settings::put('sitoo', array_merge(['enabled' => 'yes', 'mode' => 'live', 'base_url' => "$url/sitoo/v2/accounts/" . ErpSyncTest\Sim::SITOO_ACCOUNT,
        'api_id' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD, 'siteid' => '1', 'shipping_sku' => 'SHIPPING'], $over));
    ErpSync\Plugin\Infra\Connectors::forget();
}

/** An order of product id => quantity for Maja Novak (SI), saved as processing (its hooks run, the queue does not). */
function processing_order(array $lines): WC_Order
{
    $order = wc_create_order();
    foreach ($lines as $id => $qty) {
        $order->add_product(wc_get_product($id), $qty);
    }
    $order->set_billing_first_name('Maja');
    $order->set_billing_last_name('Novak');
    $order->set_billing_email('maja@example.si');
    $order->set_billing_country('SI');
    $order->calculate_totals();
    $order->set_status('processing');
    $order->save();
    return $order;
}

/** The order-step views' shop: Sitoo reset and seeded (3 items), a physical warehouse 1 with stock triggers, no step rows
 * of earlier runs, its first 3 SKUs as shop products, the stock poll's baselines taken. SKU => id. */
function stock_steps_shop(ErpSyncTest\Sim $sim, string $url): array
{
    global $wpdb;
    $sim->reset();
    $sim->seed(['api' => 'sitoo', 'products' => 3, 'seed' => 4]);
    sitoo_settings($url, ['warehouse_id' => '1', 'warehouse_type' => 'physical', 'trigger_stock' => 'yes', 'statuses' => ['processing']]);
    $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE connector = 'sitoo' AND object_type IN ('order_stock', 'refund_stock', 'stock_unknown')");
    $ids = stock_products($sim, 1, 3);
    delete_option(ErpSync\Plugin\Sync\Sitoo\StockDown::SINCE);
    ErpSync\Plugin\Sync\Sitoo\StockDown::poll(); // baselines
    return $ids;
}

/** The first $n SKUs of a Sitoo warehouse as shop products (10.00, stock managed, 50): SKU => id; earlier ones gone. */
function stock_products(ErpSyncTest\Sim $sim, int $warehouse, int $n): array
{
    global $wpdb;
    $skus = array_slice(array_keys($sim->state('sitoo')['stock'][$warehouse]), 0, $n);
    foreach ($skus as $sku) {
        foreach (wc_get_products(['sku' => $sku, 'type' => ['simple', 'variable', 'variation'], 'return' => 'ids', 'status' => 'any', 'limit' => -1]) as $old) {
            wp_delete_post($old, true);
        }
    }
    // lookup rows of deleted products (WooCommerce leaves them) would make the SKUs look held twice to the stock poll
    $wpdb->query("DELETE l FROM {$wpdb->wc_product_meta_lookup} l LEFT JOIN {$wpdb->posts} p ON p.ID = l.product_id WHERE p.ID IS NULL");
    $ids = [];
    foreach ($skus as $sku) {
        $p = new WC_Product_Simple();
        $p->set_name("Mug $sku");
        $p->set_sku($sku);
        $p->set_regular_price('10.00');
        $p->set_manage_stock(true);
        $p->set_stock_quantity(50);
        $ids[$sku] = $p->save();
    }
    return $ids;
}

/** A refund with "Restock refunded items", as the order screen's refund button makes it: SKU => quantity. */
function restock_refund(int $order_id, array $lines): int
{
    $o = wc_get_order($order_id);
    $items = [];
    $amount = 0.0;
    foreach ($o->get_items() as $id => $item) {
        $sku = $item->get_product()->get_sku();
        if (isset($lines[$sku])) {
            $total = round((float) $item->get_total() / $item->get_quantity() * $lines[$sku], 2);
            $items[$id] = ['qty' => $lines[$sku], 'refund_total' => $total, 'refund_tax' => []];
            $amount += $total;
        }
    }
    $r = wc_create_refund(['order_id' => $order_id, 'amount' => round($amount, 2), 'line_items' => $items, 'restock_items' => true, 'reason' => 'Returned by the customer']);
    if (is_wp_error($r)) {
        fwrite(STDERR, $r->get_error_message() . "\n");
        exit(1);
    }
    return $r->get_id();
}
