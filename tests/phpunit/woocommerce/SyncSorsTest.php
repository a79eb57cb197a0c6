<?php
/**
 * SORS on the sync engine: the catalogue (groups → linked product categories, prices of the chosen price type,
 * names, missing products created as drafts, matched by SKU then barcode/EAN) and stock of the chosen stock mode.
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Schema;
use ErpSync\Plugin\Sync\SyncSettings;

final class SyncSorsTest extends WcTestCase
{
    private array $remote = [];

    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        foreach (wc_get_products(['limit' => -1, 'status' => 'any', 'type' => ['simple', 'variable', 'variation'], 'return' => 'ids']) as $id) {
            wp_delete_post($id, true);
        }
        foreach ($wpdb->get_col("SELECT ID FROM {$wpdb->posts} WHERE post_type = 'product' AND post_status = 'auto-draft'") as $id) {
            wp_delete_post((int) $id, true);
            $wpdb->delete($wpdb->wc_product_meta_lookup, ['product_id' => (int) $id]);
        }
        foreach (get_terms(['taxonomy' => 'product_cat', 'hide_empty' => false, 'slug' => ['hrana', 'pice']]) as $t) {
            wp_delete_term($t->term_id, 'product_cat');
        }
        $wpdb->query('DELETE FROM ' . Schema::runs_table());
        $wpdb->query('DELETE FROM ' . Schema::plan_table());
        delete_option(SyncSettings::OPTION);
        $this->configure('sors', ['price_type' => 'VP', 'stock_mode' => 'available']);
        self::$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'products' => 12, 'seed' => 5]);
        ErpSync\Plugin\Infra\Connectors::make('sors')->fetchProducts(function ($items) {
            foreach ($items as $p) {
                $this->remote[$p['sku']] = $p;
            }
        });
    }

    public function testCatalogueThenStock(): void
    {
        $skus = array_keys($this->remote);
        $mine = [];
        foreach (array_slice($skus, 0, 4) as $sku) {
            $p = new WC_Product_Simple();
            $p->set_name('Old name');
            $p->set_sku($sku);
            $p->set_regular_price('1.00');
            $p->set_manage_stock(true);
            $p->set_stock_quantity(100);
            $mine[$sku] = $p->save();
        }
        // One the shop keeps under its own SKU, with the barcode of SORS's fifth product.
        $p = new WC_Product_Simple();
        $p->set_name('Own SKU');
        $p->set_sku('SHOP-OWN');
        $p->set_global_unique_id($this->remote[$skus[4]]['barcode']);
        $p->set_regular_price('1.00');
        $mine[$skus[4]] = $p->save();

        $run = Engine::run_inline(Engine::start('sors', 'catalog'));
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $c = $run['counts'];
        $this->assertSame(12, $c['fetched']);
        $this->assertSame(5, $c['matched']);
        $this->assertSame(['category' => 2, 'product' => 7], $c['created']);
        $this->assertSame(12, $c['linked']);
        $this->assertSame(0, $c['errors'] ?? 0);

        $cats = [];
        foreach (get_terms(['taxonomy' => 'product_cat', 'hide_empty' => false]) as $t) {
            $cats[$t->name] = $t->term_id;
        }
        $this->assertArrayHasKey('Hrana', $cats);
        $this->assertArrayHasKey('Piće', $cats);
        $groupName = ['10' => 'Hrana', '20' => 'Piće'];
        foreach ($this->remote as $sku => $r) {
            $id = $mine[$sku] ?? wc_get_product_id_by_sku($sku);
            $this->assertGreaterThan(0, $id, "$sku is in the shop");
            $p = wc_get_product($id);
            $this->assertSame($r['name'], $p->get_name());
            $this->assertEquals((float) $r['price'], (float) $p->get_regular_price(), "VP price of $sku");
            $this->assertSame([$cats[$groupName[$r['groupId']]]], $p->get_category_ids());
            $this->assertSame((string) $r['id'], ErpSync\Plugin\Infra\Mapping::get('sors', 'product', $id)['remote_id']);
            $this->assertSame(isset($mine[$sku]) ? 'publish' : 'draft', $p->get_status(), 'new products are drafts by default');
        }
        $this->assertSame('SHOP-OWN', wc_get_product($mine[$skus[4]])->get_sku(), 'matched by EAN, the shop keeps its SKU');

        // A changed SKU at SORS does not make a duplicate: the link matches first.
        $again = Engine::run_inline(Engine::start('sors', 'catalog'));
        $this->assertSame(12, $again['counts']['matched']);
        $this->assertArrayNotHasKey('created', $again['counts']);
        $this->assertSame(12, $again['counts']['unchanged']);

        // Stock of the chosen mode ("available" = quantity − reserved), matched by the links.
        $run = Engine::run_inline(Engine::start('sors', 'stock'));
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $this->assertSame(12, $run['counts']['matched']);
        $stock = [];
        ErpSync\Plugin\Infra\Connectors::make('sors')->fetchStock(function ($items) use (&$stock) {
            foreach ($items as $s) {
                $stock[$s['sku']] = (int) $s['quantity'];
            }
        });
        foreach ($mine as $sku => $id) {
            if ($sku === $skus[4]) {
                continue; // unmanaged: through the CRUD, which starts managing it
            }
            $this->assertSame($stock[$sku], wc_get_product($id)->get_stock_quantity(), "stock of $sku");
        }
        $this->assertSame($stock[$skus[4]], wc_get_product($mine[$skus[4]])->get_stock_quantity());
    }

    public function testCreatingAProductWithATakenSkuIsReportedNotGuessed(): void
    {
        $skus = array_keys($this->remote);
        // An unsaved product (auto-draft, never matched) holds SORS's first SKU: WooCommerce refuses the SKU when
        // the catalogue creates that product.
        $id = wp_insert_post(['post_type' => 'product', 'post_status' => 'auto-draft', 'post_title' => 'Taken']);
        update_post_meta($id, '_sku', $skus[0]);
        global $wpdb;
        $wpdb->insert($wpdb->wc_product_meta_lookup, ['product_id' => $id, 'sku' => $skus[0]]);
        $run = Engine::run_inline(Engine::start('sors', 'catalog'));
        $this->assertSame('done', $run['state']);
        $this->assertSame(1, $run['counts']['errors']);
        $err = array_values(array_filter(Engine::plan((int) $run['id'], 0, 100, 'create'), fn($r) => str_starts_with($r['reason'], 'error:')));
        $this->assertCount(1, $err);
        $this->assertSame((string) $this->remote[$skus[0]]['id'], $err[0]['remote_id']);
        $this->assertStringContainsString('SKU', $err[0]['reason']);
    }

    public function testImagesDownloadedOnceDedupedByContentWithASizeCap(): void
    {
        global $wpdb;
        SyncSettings::put(['sors_status' => 'publish', 'image_max_kb' => 100]);
        foreach (get_posts(['post_type' => 'attachment', 'post_status' => 'inherit', 'numberposts' => -1, 'fields' => 'ids', 'meta_key' => '_erpsync_image_hash']) as $a) {
            wp_delete_attachment($a, true);
        }
        $this->assertSame('done', Engine::run_inline(Engine::start('sors', 'catalog'))['state']);
        $run = Engine::run_inline(Engine::start('sors', 'images'));
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $c = $run['counts'];
        $this->assertSame(12, $c['fetched']);
        $this->assertSame(14, $c['images']['listed'], 'one picture each, two for products 5 and 6');
        // 12 + 2 pictures: 3 distinct contents among the first ones (c0..c2), the 300 kB one over the cap, the broken one.
        $this->assertSame(12, $c['updated']['images']);
        $this->assertSame(2, $c['images']['skipped']);
        $atts = get_posts(['post_type' => 'attachment', 'post_status' => 'inherit', 'numberposts' => -1, 'fields' => 'ids', 'meta_key' => '_erpsync_image_hash']);
        $this->assertCount(3, $atts, 'the same bytes under 12 remote ids make 3 attachments');
        $downloads = count(array_filter(self::$sim->requests('sors'), fn($q) => str_contains($q['path'], '_img/')));
        foreach ($this->remote as $sku => $r) {
            $p = wc_get_product(wc_get_product_id_by_sku($sku));
            $this->assertContains((int) $p->get_image_id(), $atts, "featured image of $sku");
            $this->assertSame([], $p->get_gallery_image_ids(), 'the refused second pictures are not in the gallery');
        }
        $reasons = array_column(Engine::plan((int) $run['id'], 0, 100, 'images'), 'reason', 'remote_id');
        $this->assertMatchesRegularExpression('/^error: 5-2: larger than 100 kB/', $reasons['5']);
        $this->assertMatchesRegularExpression('/^error: 6-2: /', $reasons['6']);

        // Unchanged lists: nothing planned, nothing fetched again.
        $again = Engine::run_inline(Engine::start('sors', 'images'));
        $this->assertSame(12, $again['counts']['unchanged']);
        $this->assertSame($downloads, count(array_filter(self::$sim->requests('sors'), fn($q) => str_contains($q['path'], '_img/'))));
        // A new list (the same images, relinked after a product lost its meta): linked images are not downloaded again.
        delete_post_meta(wc_get_product_id_by_sku(array_key_first($this->remote)), '_erpsync_sors_images');
        $third = Engine::run_inline(Engine::start('sors', 'images'));
        $this->assertSame(1, $third['counts']['updated']['images']);
        $this->assertSame(0, $third['counts']['images']['downloaded'] ?? 0);
    }

    public function testPriceTypeAndStockModeArePickedFromTheApiLists(): void
    {
        require_once WC_ABSPATH . 'includes/admin/class-wc-admin-settings.php';
        require_once WC_ABSPATH . 'includes/admin/settings/class-wc-settings-page.php';
        global $current_section;
        $current_section = 'sors';
        ob_start();
        (new ErpSync\Plugin\Admin\SettingsPage())->output();
        $html = (string) ob_get_clean();
        $html = preg_replace('/\s+/', ' ', $html);
        $this->assertMatchesRegularExpression('~name="erpsync\[price_type\]".*?<option value="VP" selected=\'selected\' >VP – Veleprodajna cena</option>~', $html);
        $this->assertMatchesRegularExpression('~name="erpsync\[stock_mode\]".*?<option value="total" >total – Ukupno stanje</option>~', $html);
    }
}
