<?php
/**
 * The set-up the Sitoo test classes share (used by each Sitoo*Test on top of WcTestCase, whose SimTestCase starts one
 * simulator per class and empties the mapping table and resets the simulator before each test):
 *   - the stock shop (SitooStockTest, SitooStockLostReplyTest, SitooStockOrdersTest, SitooStockRefundsTest): no
 *     products, no sync runs or plans, no stock poll position, Sitoo seeded, the first SKUs of warehouse 1 as shop
 *     products with 50 in stock;
 *   - the catalogue reset (SitooCatalog*, SitooTools, SitooImagesDown, and SitooBulkParents, SitooBulkSimple through
 *     SitooBulkTestSetUp): no
 *     products, variations, coupons, categories or manufacturer terms;
 *   - no sync run of an earlier test left, or none left active (a Complete Sync job runs alone);
 *   - Sitoo as another client sees it (a POS): its totals, a client with its credentials.
 */

use ErpSync\Plugin\Sync\Schema;
use ErpSync\Plugin\Sync\Sitoo\StockDown;
use ErpSync\Plugin\Sync\Sitoo\StockUp;

trait SitooTestSetUp
{
    /** @var array<string,int> SKU → product id of the shop made by sitooStockShop() */
    private array $ids = [];

    /**
     * The stock tests' shop: every product gone, the sync runs and plans and the stock poll position of earlier
     * tests gone, Sitoo seeded with $seeded items (seed 4), the first $inShop SKUs of its warehouse 1 made as shop
     * products (10.00, stock managed — only the first $managed when given —, 50) into $this->ids, StockUp's connector
     * made anew.
     */
    protected function sitooStockShop(int $seeded, int $inShop, ?int $managed = null): void
    {
        foreach (wc_get_products(['limit' => -1, 'status' => 'any', 'type' => ['simple', 'variable', 'variation'], 'return' => 'ids']) as $id) {
            wp_delete_post($id, true);
        }
        $this->clearSyncRuns();
        delete_option(StockDown::SINCE);
        self::$sim->seed(['api' => 'sitoo', 'products' => $seeded, 'seed' => 4]);
        $this->ids = [];
        foreach (array_slice(array_keys(self::$sim->state('sitoo')['stock'][1]), 0, $inShop) as $i => $sku) {
            $p = new WC_Product_Simple();
            $p->set_name("Shop $sku");
            $p->set_sku($sku);
            $p->set_regular_price('10.00');
            $p->set_manage_stock($managed === null || $i < $managed);
            $p->set_stock_quantity(50);
            $this->ids[$sku] = $p->save();
        }
        StockUp::$connector = null;
    }

    /** Products, variations, coupons, categories and manufacturer terms of earlier tests go. */
    protected static function wipeCatalog(): void
    {
        global $wpdb;
        foreach (get_posts(['post_type' => ['product', 'product_variation', 'shop_coupon'], 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids']) as $id) {
            wp_delete_post($id, true);
        }
        $wpdb->query("DELETE FROM {$wpdb->wc_product_meta_lookup}");
        foreach (['product_cat', 'pa_manufacturer'] as $tax) {
            if (taxonomy_exists($tax)) {
                foreach (get_terms(['taxonomy' => $tax, 'hide_empty' => false, 'fields' => 'ids']) as $t) {
                    if ($tax !== 'product_cat' || (int) $t !== (int) get_option('default_product_cat')) {
                        wp_delete_term($t, $tax);
                    }
                }
            }
        }
        wc_delete_product_transients();
        wp_cache_flush();
    }

    /** The sync runs and their plans of earlier tests go. */
    protected function clearSyncRuns(): void
    {
        global $wpdb;
        $wpdb->query('DELETE FROM ' . Schema::runs_table());
        $wpdb->query('DELETE FROM ' . Schema::plan_table());
    }

    /** No sync run of an earlier test stays active (a Complete Sync job refuses to start beside an active one). */
    protected function endActiveSyncRuns(): void
    {
        global $wpdb;
        $wpdb->query("UPDATE {$wpdb->prefix}erpsync_sync_runs SET active = NULL");
    }

    /** The shop's stock of a product of $this->ids, read afresh. */
    protected function stock(string $sku): float
    {
        clean_post_cache($this->ids[$sku]);
        return (float) wc_get_product($this->ids[$sku])->get_stock_quantity();
    }

    /** Sitoo's total of a SKU in a warehouse now. */
    protected function total(string $sku, int $w = 1): float
    {
        return (float) (self::$sim->state('sitoo')['stock'][$w][$sku] ?? 0);
    }

    /** A client of the simulator's Sitoo API with its credentials: another client, such as a POS. */
    protected function sitooClient(): ErpSync\Http\Client
    {
        return new ErpSync\Http\Client(['base_url' => self::$sim->url('sitoo'),
            'auth' => ['type' => 'basic', 'username' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD]]);
    }
}
