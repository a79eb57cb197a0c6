<?php
/**
 * New simple products written in bulk (ProductsBulkSimple, Sitoo products down) leave what the WooCommerce CRUD
 * leaves: the same Sitoo single product made twice — once through WC_Product_Simple::save() and the attribute lookup
 * table's own update; once through ProductsBulkSimple::create() — and compared row by row (posts, post meta in
 * order, term relationships, term counts, wc_product_meta_lookup, wc_product_attributes_lookup), as WooCommerce
 * reads them (wc_get_product data, price HTML, with the caches as left and after a flush) and as a shop finds them
 * (wc_get_products by category, SKU and manufacturer; the catalogue ordered by price). The comparison is shown to
 * fail when a row is missing. Then the products_down operation against the simulator: a batch that fails is rolled
 * back and the next run creates each product once; the whole operation through its CRUD path and through the bulk
 * writers leaves the same shop; what the writer does not cover is refused; a single product whose SKU the shop holds
 * in other case is an item error, as through the CRUD, and the rest of its batch is written.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooBulkTestSetUp.php';

use ErpSync\Plugin\Sync\Sitoo\CatalogMap;
use ErpSync\Plugin\Sync\Sitoo\CompleteSync;
use ErpSync\Plugin\Sync\Sitoo\ProductsBulkSimple;

final class SitooBulkSimpleTest extends WcTestCase
{
    use SitooBulkTestSetUp;

    private const LOOKUP_HOOK = 'woocommerce_run_product_attribute_lookup_update_callback';

    protected function setUp(): void
    {
        parent::setUp();
        $this->bulkCatalog('Simple', 'BULKS', 'simple', true); // the default category counted too (a product without one lands there)
    }

    /** A Sitoo single product as ProductsDown fills it (not saved); the bulk ones (SKU BULKS-BULK…) as it holds them. */
    private function single(string $sku, string $status = 'publish', ?string $price = '12.90', bool $classified = true): WC_Product_Simple
    {
        $p = new WC_Product_Simple();
        if (str_starts_with($sku, 'BULKS-BULK')) {
            $p->set_object_read(false);
        }
        $p->set_name('Mug Ünïcode "Bulk" & <b>bold</b>');
        $p->set_status($status);
        $p->set_sku($sku);
        if ($price !== null) {
            $p->set_regular_price($price);
        }
        $p->set_description("<p>Long text</p>\n<script>alert(1)</script>");
        $p->set_short_description('Short & sweet');
        if ($classified) {
            $p->set_category_ids([$this->sub]);
        }
        $p->set_object_read(true);
        if ($classified) {
            $m = new WC_Product_Attribute();
            $m->set_id((int) wc_attribute_taxonomy_id_by_name('pa_manufacturer'));
            $m->set_name('pa_manufacturer');
            $m->set_options([$this->man]);
            $m->set_visible(true);
            $m->set_variation(false);
            $p->set_attributes([$m]);
        }
        return $p;
    }

    /** The product through the WooCommerce CRUD, the attribute lookup updated as its scheduled action would. */
    private function crud(WC_Product_Simple $p): int
    {
        update_option('woocommerce_attribute_lookup_direct_updates', 'yes');
        try {
            return $p->save();
        } finally {
            delete_option('woocommerce_attribute_lookup_direct_updates');
        }
    }

    private function bulk(WC_Product_Simple ...$ps): array
    {
        foreach ($ps as $p) {
            $this->assertTrue(ProductsBulkSimple::supports($p), 'the bulk writer covers this product');
        }
        return ProductsBulkSimple::create($ps);
    }

    /** Everything the shop holds of a product, ids and dates left out. */
    private function state(int $id): array
    {
        $out = $this->rows($id);
        $p = wc_get_product($id);
        $out['read'] = ['class' => get_class($p), 'type' => $p->get_type(), 'data' => $this->productData($p), 'price' => $p->get_price(), 'html' => $p->get_price_html(),
            'in_stock' => $p->is_in_stock(), 'purchasable' => $p->is_purchasable(), 'visible' => $p->is_visible(), 'manufacturer' => $p->get_attribute('pa_manufacturer'),
            'terms' => $this->taxTerms($id)];
        return $out;
    }

    private function lookupActions(): array
    {
        return as_get_scheduled_actions(['hook' => self::LOOKUP_HOOK, 'status' => ActionScheduler_Store::STATUS_PENDING, 'per_page' => -1], 'ids');
    }

    /** The catalogue of a category ordered by price, as the shop page asks WooCommerce for it (the lookup table's min_price). */
    private function byPrice(string $cat): array
    {
        $args = WC()->query->get_catalog_ordering_args('price', 'ASC');
        $q = new WP_Query(['post_type' => 'product', 'post_status' => 'publish', 'fields' => 'ids', 'posts_per_page' => -1, 'orderby' => $args['orderby'], 'order' => $args['order'],
            'tax_query' => [['taxonomy' => 'product_cat', 'field' => 'slug', 'terms' => [$cat]]]]);
        WC()->query->remove_ordering_args();
        return array_map('intval', $q->posts);
    }

    public function testBulkSimpleEqualsTheCrud(): void
    {
        $before = $this->counts();
        $crud = $this->crud($this->single('BULKS-CRUD'));
        $mid = $this->counts();
        $pending = $this->lookupActions();
        $bulk = $this->bulk($this->single('BULKS-BULK'))[0];
        $after = $this->counts();
        $delta = fn(array $x, array $y) => array_map(fn($a, $b) => is_array($a) ? [$b[0] - $a[0], $b[1] - $a[1]] : $b - $a, $x, $y);
        $this->assertEquals($delta($before, $mid), $delta($mid, $after), 'term counts (WordPress\'s and WooCommerce\'s) moved as the CRUD moved them');
        $this->assertSame([[0, 1], [1, 1], [0, 0], [1, 0], 1], $delta($before, $mid), 'the CRUD counted it in its category, WooCommerce in the parent too, the manufacturer, the type');
        $this->assertSame($pending, $this->lookupActions(), 'no Action Scheduler action per product');
        foreach ([false, true] as $flushed) {
            if ($flushed) {
                wp_cache_flush();
            }
            $a = $this->state($crud);
            $b = $this->same($this->state($bulk));
            $this->assertSame(['12.90'], array_column(array_filter($a['meta'], fn($m) => $m[0] === '_price'), 1), 'one _price row');
            $this->assertNotEmpty($a['attribute_lookup'], 'the manufacturer is in the attribute lookup table');
            $this->assertSame('12.90', $a['lookup']['min_price'] === null ? null : rtrim(rtrim($a['lookup']['min_price'], '0'), '.') . '0');
            foreach ($a as $k => $v) {
                $this->assertEquals($v, $b[$k], "$k" . ($flushed ? ' (caches flushed)' : ''));
            }
            $this->assertSame($a, $b, 'the whole state, types included');
        }
        $this->assertEqualsCanonicalizing([$crud, $bulk], wc_get_products(['category' => ['simple-top'], 'return' => 'ids', 'limit' => -1]), 'found by the parent category');
        $this->assertEqualsCanonicalizing([$crud, $bulk], wc_get_products(['tax_query' => [['taxonomy' => 'pa_manufacturer', 'field' => 'term_id', 'terms' => [$this->man]]], 'return' => 'ids', 'limit' => -1]), 'found by the manufacturer');
        $this->assertSame([$bulk], wc_get_products(['sku' => 'BULKS-BULK', 'return' => 'ids']), 'found by SKU');
        $this->assertSame($bulk, wc_get_product_id_by_sku('BULKS-BULK'));
        $this->assertSame([$crud, $bulk], $this->byPrice('simple-sub'), 'the shop\'s price ordering finds both (equal prices: by id)');
        // membership, not order: wc_get_products() has no id ordering ('id' is not a WP_Query key), dates can tie
        $this->assertEqualsCanonicalizing([$crud, $bulk], wc_get_products(['type' => 'simple', 'return' => 'ids', 'limit' => -1]), 'and by type');
    }

    public function testADraftAPricelessAZeroPriceAndAnUnclassifiedOneInOneBatchEqualTheCrud(): void
    {
        $cases = [['publish', '9.5', true], ['draft', '12.90', true], ['publish', null, true], ['publish', '0', false], ['publish', '100', true]];
        $before = $this->counts();
        $crud = [];
        foreach ($cases as $i => [$status, $price, $classified]) {
            $crud[] = $this->crud($this->single("BULKS-CRUD-$i", $status, $price, $classified));
        }
        $mid = $this->counts();
        $made = $this->bulk(...array_map(fn($i, $c) => $this->single("BULKS-BULK-$i", ...$c), array_keys($cases), $cases));
        $after = $this->counts();
        $delta = fn(array $x, array $y) => array_map(fn($a, $b) => is_array($a) ? [$b[0] - $a[0], $b[1] - $a[1]] : $b - $a, $x, $y);
        $this->assertEquals($delta($before, $mid), $delta($mid, $after), 'term counts as the CRUD moved them (the default category too)');
        wp_cache_flush();
        foreach ($made as $i => $id) {
            $this->assertEquals($this->state($crud[$i]), $this->same($this->state($id)), "product $i");
        }
        $this->assertSame('', get_post($made[1])->post_name, 'a draft has no slug yet, as wp_insert_post leaves it');
        $slugs = array_map(fn($id) => get_post($id)->post_name, array_merge($crud, $made));
        $slugs = array_values(array_filter($slugs, 'strlen'));
        $this->assertCount(8, $slugs, 'eight published');
        $this->assertSame($slugs, array_unique($slugs), 'the same title: a unique slug each (-2, -3, …)');
        $this->assertSame([(int) get_option('default_product_cat')], wc_get_product($made[3])->get_category_ids(), 'no category: the default one');
        $this->assertSame('', wc_get_product($made[2])->get_price(), 'no price');
        $this->assertFalse(wc_get_product($made[2])->is_purchasable());
        $this->assertSame(
            [$crud[3], $made[3]],
            array_values(array_intersect($this->byPrice(get_term((int) get_option('default_product_cat'), 'product_cat')->slug), [$crud[3], $made[3]])),
            'the zero-price ones in the default category'
        );
        $this->assertSame([$crud[0], $made[0], $crud[4], $made[4]], array_values(array_diff($this->byPrice('simple-sub'), [$crud[2], $made[2]])), 'ordered by price: 9.5 before 100');
    }

    /** What the writer does not cover is refused (the caller saves it through the CRUD). */
    public function testWhatTheWriterDoesNotCoverIsRefused(): void
    {
        $this->assertTrue(ProductsBulkSimple::supports($this->single('BULKS-BULK-OK')));
        $refused = [
            'a sale price' => fn($p) => $p->set_sale_price('5'),
            'virtual' => fn($p) => $p->set_virtual(true),
            'downloadable' => fn($p) => $p->set_downloadable(true),
            'managed stock' => fn($p) => $p->set_manage_stock(true),
            'out of stock' => fn($p) => $p->set_stock_status('outofstock'),
            'an image' => fn($p) => $p->set_image_id(1),
            'a tag' => fn($p) => $p->set_tag_ids([1]),
            'featured' => fn($p) => $p->set_featured(true),
            'pending' => fn($p) => $p->set_status('pending'),
            'meta data' => fn($p) => $p->update_meta_data('_x', '1'),
            'an id' => fn($p) => $p->set_id(1),
        ];
        foreach ($refused as $what => $set) {
            $p = $this->single('BULKS-BULK-NO');
            $set($p);
            $this->assertFalse(ProductsBulkSimple::supports($p), $what);
        }
        $this->assertFalse(ProductsBulkSimple::supports(new WC_Product_External()), 'another type');
        $off = fn() => false;
        add_filter('erpsync_sitoo_products_bulk', $off);
        $this->assertFalse(ProductsBulkSimple::supports($this->single('BULKS-BULK-OK')), 'the filter erpsync_sitoo_products_bulk');
        remove_filter('erpsync_sitoo_products_bulk', $off);
    }

    /** The comparison finds a missing row of each kind the bulk writer writes. */
    public function testTheComparisonFailsWhenARowIsMissing(): void
    {
        global $wpdb;
        $crud = $this->state($this->crud($this->single('BULKS-CRUD')));
        $meta = fn(string $key) => fn($p) => $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key = %s", $p, $key));
        $rel = fn(string $tax) => fn($p) => $wpdb->query($wpdb->prepare("DELETE tr FROM {$wpdb->term_relationships} tr JOIN {$wpdb->term_taxonomy} tt USING (term_taxonomy_id) WHERE tr.object_id = %d AND tt.taxonomy = %s", $p, $tax));
        $cuts = [
            'the _price row' => $meta('_price'),
            'the _regular_price row' => $meta('_regular_price'),
            'the _sku row' => $meta('_sku'),
            'the _stock row' => $meta('_stock'),
            'the _product_attributes row' => $meta('_product_attributes'),
            'the _product_version row' => $meta('_product_version'),
            'the product_type relationship' => $rel('product_type'),
            'the product_cat relationship' => $rel('product_cat'),
            'the manufacturer relationship' => $rel('pa_manufacturer'),
            'the lookup row' => fn($p) => $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->wc_product_meta_lookup} WHERE product_id = %d", $p)),
            'the attribute lookup row' => fn($p) => $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->prefix}wc_product_attributes_lookup WHERE product_id = %d", $p)),
        ];
        foreach ($cuts as $what => $cut) {
            $id = ProductsBulkSimple::create([$this->single('BULKS-BULK')])[0];
            wp_cache_flush();
            $this->assertEquals($crud, $this->same($this->state($id)), "intact before cutting $what");
            $this->assertSame(1, (int) $cut($id), "cut $what");
            wp_cache_flush();
            $this->assertNotEquals($crud, $this->same($this->state($id)), "the comparison sees $what missing");
            wc_get_product($id)->delete(true);
        }
    }

    public function testProductsDownWritesSimpleProductsInBulkRollsBackAFailedBatchAndResumesWithoutDuplicates(): void
    {
        global $wpdb;
        self::$sim->seed(['api' => 'sitoo', 'products' => 70, 'classify_products' => true, 'categories' => [['title' => 'Mugs'], ['title' => 'Cups', 'parent' => 0]], 'manufacturers' => ['Acme', 'Bolt']]);
        $calls = 0;
        $fail = function () use (&$calls) {
            if (++$calls === 2) {
                throw new RuntimeException('disk full (test)');
            }
        };
        add_action('erpsync_bulk_products_created', $fail);
        $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
        remove_action('erpsync_bulk_products_created', $fail);
        $this->assertSame('failed', $run['state']);
        $this->assertStringContainsString('disk full', (string) $run['message']);
        wp_cache_flush();
        $count = fn() => (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'product'");
        $this->assertSame(50, $count(), 'the first batch (50) was committed, the second rolled back');
        $this->assertSame(50, (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->wc_product_meta_lookup}"));
        $this->assertCount(50, CatalogMap::all('product'));
        $mugs = get_term_by('name', 'Mugs', 'product_cat');
        $this->assertSame(25, (int) get_term($mugs->term_id, 'product_cat')->count, 'the committed batch counted, the rolled back one not');

        $seen = [];
        $spy = function (array $ids) use (&$seen) {
            $seen = array_merge($seen, $ids);
        };
        add_action('erpsync_bulk_products_created', $spy);
        $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
        remove_action('erpsync_bulk_products_created', $spy);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $c = $run['counts']['ops']['products_down']['counts'];
        $this->assertSame(20, $c['created'], 'the next run creates the 20 the failed batch did not');
        $this->assertSame(70, $count());
        $this->assertCount(20, $seen, 'written by the bulk writer');
        $this->assertSame(70, (int) $wpdb->get_var("SELECT COUNT(DISTINCT meta_value) FROM {$wpdb->postmeta} WHERE meta_key = '_sku'"), 'no SKU twice');
        $this->assertCount(70, CatalogMap::all('product'));
        wp_cache_flush();
        $acme = get_term_by('name', 'Acme', 'pa_manufacturer');
        foreach ($seen as $id) {
            $p = wc_get_product($id);
            $this->assertSame('simple', $p->get_type());
            $this->assertNotSame('', $p->get_price());
            $this->assertNotSame('', $p->get_description());
            $this->assertCount(1, $p->get_category_ids());
            $this->assertCount(1, wp_get_post_terms($id, 'pa_manufacturer', ['fields' => 'ids']));
        }
        $this->assertSame(35, (int) get_term($mugs->term_id, 'product_cat')->count, 'the deferred term count ran');
        $this->assertSame('70', (string) get_term_meta($mugs->term_id, 'product_count_product_cat', true), 'WooCommerce\'s count of Mugs: its 35 and the 35 of its child Cups');
        $this->assertSame(35, (int) $wpdb->get_var($wpdb->prepare("SELECT COUNT(*) FROM {$wpdb->prefix}wc_product_attributes_lookup WHERE term_id = %d", $acme->term_id)));
        $again = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
        $this->assertArrayNotHasKey('created', $again['counts']['ops']['products_down']['counts'], 'a second run creates nothing');
        $this->assertSame(70, $count());
    }

    /** The operation end to end: the same Sitoo singles (and a variant group) through the CRUD and through the bulk writers. */
    public function testProductsDownInBulkLeavesWhatItsCrudPathLeaves(): void
    {
        global $wpdb;
        self::$sim->seed(['api' => 'sitoo', 'products' => 6, 'classify_products' => true, 'inactive_every' => 2, 'variant_groups' => 1,
            'categories' => [['title' => 'Mugs'], ['title' => 'Cups', 'parent' => 0], ['title' => 'Plates']], 'manufacturers' => ['Acme', 'Bolt']]);
        $snapshot = function (): array {
            wp_cache_flush();
            $out = [];
            foreach (wc_get_products(['limit' => -1, 'status' => ['publish', 'draft'], 'return' => 'ids']) as $id) {
                $st = $this->state($id);
                $out[$st['read']['data']['sku']] = $st;
            }
            ksort($out);
            foreach (get_terms(['taxonomy' => ['product_cat', 'pa_manufacturer', 'product_type'], 'hide_empty' => false]) as $t) {
                $out['counts'][$t->taxonomy . ':' . $t->slug] = [$t->count, get_term_meta($t->term_id, 'product_count_product_cat', true)];
            }
            $out['links'] = count(CatalogMap::all('product'));
            return $out;
        };
        $off = fn() => false;
        add_filter('erpsync_sitoo_products_bulk', $off);
        $seen = 0;
        $spy = function () use (&$seen) {
            $seen++;
        };
        add_action('erpsync_bulk_products_created', $spy);
        $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
        remove_filter('erpsync_sitoo_products_bulk', $off);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $this->assertSame(0, $seen, 'the filter sent every product through the CRUD');
        $lookup = $this->lookupActions();
        $this->assertGreaterThanOrEqual(6, count($lookup), 'the CRUD left an attribute lookup action per product');
        foreach ($lookup as $action) {
            ActionScheduler::runner()->process_action($action, 'erpsync tests'); // as the queue runner would, later
        }
        $crud = $snapshot();
        $this->assertCount(7 + 2, $crud, 'six simple products and a variable one');
        $this->assertSame(6 + 3, $crud['links']);
        $statuses = array_count_values(array_map(fn($s) => $s['post']['post_status'] ?? '', array_slice($crud, 0, 7)));
        $this->assertSame(['draft' => 3, 'publish' => 4], ['draft' => $statuses['draft'] ?? 0, 'publish' => $statuses['publish'] ?? 0], 'the three inactive in the webshop as drafts');

        foreach (wc_get_products(['limit' => -1, 'status' => ['publish', 'draft'], 'return' => 'ids']) as $id) {
            wc_get_product($id)->delete(true);
        }
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE connector = 'sitoo' AND object_type = 'product'");
        $before = $this->lookupActions(); // the deletions' own
        $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
        remove_action('erpsync_bulk_products_created', $spy);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $this->assertSame(2, $seen, 'one batch: the simple products and the variable one, each through its bulk writer');
        $this->assertSame($before, $this->lookupActions(), 'no action per product');
        $this->assertEquals($crud, $snapshot(), 'what the bulk writers left, against what the CRUD left once its lookup actions ran');
    }

    /** The shop holds a Sitoo single's SKU spelt in other case: WooCommerce's CRUD refuses it (SKUs compare case-insensitively), so does the bulk path. */
    public function testASingleWhoseSkuTheShopHoldsInOtherCaseIsAnItemErrorAndTheOthersAreWritten(): void
    {
        global $wpdb;
        self::$sim->seed(['api' => 'sitoo', 'products' => 3]);
        $sitoo = [];
        CompleteSync::operations();
        ErpSync\Plugin\Sync\Sitoo\CatalogOperation::connector()->fetchProducts(function (array $items) use (&$sitoo) {
            foreach ($items as $p) {
                $sitoo[] = [(string) $p['productid'], (string) $p['sku']];
            }
        });
        $this->assertCount(3, $sitoo);
        $local = $this->product(strtolower($sitoo[1][1]), '1.00')->get_id();
        $this->assertFalse(wc_product_has_unique_sku(0, $sitoo[1][1]), 'the CRUD would refuse the Sitoo spelling');
        $seen = [];
        $spy = function (array $ids) use (&$seen) {
            $seen = array_merge($seen, $ids);
        };
        add_action('erpsync_bulk_products_created', $spy);
        $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], ['ignore_errors' => true], 'test', false));
        remove_action('erpsync_bulk_products_created', $spy);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $c = $run['counts']['ops']['products_down'];
        $this->assertCount(2, $seen, 'the other two written in bulk');
        $this->assertEqualsCanonicalizing([$sitoo[0][1], $sitoo[2][1]], array_map(fn($id) => wc_get_product($id)->get_sku(), $seen));
        $this->assertSame(1, (int) $wpdb->get_var($wpdb->prepare("SELECT COUNT(*) FROM {$wpdb->wc_product_meta_lookup} WHERE sku = %s", $sitoo[1][1])), 'the SKU once: the shop\'s');
        $this->assertSame($local, wc_get_product_id_by_sku($sitoo[1][1]));
        $this->assertNotEmpty($c['errors'], 'the refused single is listed');
        $this->assertStringContainsString('Sitoo product ' . $sitoo[1][0], implode(' ', $c['errors']));
    }

    /** SKUs are taken as the database compares them (what the writers' refusals and the CRUD's own check rest on). */
    public function testTakenSkusCompareAsTheDatabaseDoes(): void
    {
        $this->product('BULKS-TAKEN-1', '1.00');
        $this->assertSame([], ErpSync\Plugin\Sync\Sitoo\ProductsBulk::taken_skus(['BULKS-FREE-1', 'BULKS-FREE-2', '']), 'free SKUs');
        $this->assertSame(['bulks-taken-1'], ErpSync\Plugin\Sync\Sitoo\ProductsBulk::taken_skus(['BULKS-FREE-1', 'bulks-taken-1']), 'the shop\'s SKU in other case, as the list spells it');
        $this->assertSame(['BULKS-TAKEN-1'], ErpSync\Plugin\Sync\Sitoo\ProductsBulk::taken_skus(['BULKS-TAKEN-1']));
        $this->assertSame(['BULKS-REP', 'bulks-rep'], ErpSync\Plugin\Sync\Sitoo\ProductsBulk::taken_skus(['BULKS-REP', 'BULKS-FREE-1', 'bulks-rep']), 'repeats within the list, in any case');
        $this->assertFalse(wc_product_has_unique_sku(0, 'bulks-taken-1'), 'WooCommerce agrees');
    }
}
