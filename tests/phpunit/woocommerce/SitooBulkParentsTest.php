<?php
/**
 * New variable products written in bulk (ProductsBulkParents, Sitoo products down) leave what the WooCommerce CRUD
 * leaves: the same Sitoo group made twice — once through WC_Product_Variable::save(), WC_Product_Variation::save()
 * for each variation, WC_Product_Variable::sync() and the attribute lookup table's own update; once through
 * ProductsBulkParents::create() — and compared row by row (posts, post meta in order, term relationships, term
 * counts, wc_product_meta_lookup, wc_product_attributes_lookup), as WooCommerce reads them (wc_get_product data,
 * children, variation prices, with the caches as left and after a flush) and as a shop page finds them
 * (wc_get_products by category and by attribute). The comparison is shown to fail when a row is missing. Then the
 * products_down operation against the simulator: a batch that fails is rolled back and the next run creates each
 * group once; the whole operation through its CRUD path and through the bulk writer leaves the same shop; a group
 * with a SKU the shop holds is an item error and the rest of its batch is written.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooBulkTestSetUp.php';

use ErpSync\Plugin\Sync\Sitoo\CatalogMap;
use ErpSync\Plugin\Sync\Sitoo\CompleteSync;
use ErpSync\Plugin\Sync\Sitoo\ProductsBulkParents;

final class SitooBulkParentsTest extends WcTestCase
{
    use SitooBulkTestSetUp;

    protected function setUp(): void
    {
        parent::setUp();
        $this->bulkCatalog('Bulk', 'BULKP', 'variable', false);
    }

    /** A Sitoo group as ProductsDown fills it: a variable product (not saved) and its variations. */
    private function group(string $sku, string $status = 'publish'): array
    {
        $p = new WC_Product_Variable();
        $held = str_starts_with($sku, 'BULKP-BULK');
        if ($held) {
            $p->set_object_read(false); // as ProductsDown fills the products it holds for the bulk writer
        }
        $p->set_name('Tee Ünïcode "Bulk" & <b>bold</b>');
        $p->set_status($status);
        $p->set_sku($sku);
        $p->set_description("<p>Long text</p>\n<script>alert(1)</script>");
        $p->set_short_description('Short & sweet');
        $p->set_category_ids([$this->sub]);
        $p->set_object_read(true);
        $attrs = [];
        foreach (['Size' => ['S', 'M', 'L'], 'Colour' => ['Red', 'Blue']] as $name => $opts) {
            $a = new WC_Product_Attribute();
            $a->set_id(0);
            $a->set_name($name);
            $a->set_options($opts);
            $a->set_position(count($attrs));
            $a->set_visible(true);
            $a->set_variation(true);
            $attrs[sanitize_title($name)] = $a;
        }
        $m = new WC_Product_Attribute();
        $m->set_id((int) wc_attribute_taxonomy_id_by_name('pa_manufacturer'));
        $m->set_name('pa_manufacturer');
        $m->set_options([$this->man]);
        $m->set_visible(true);
        $m->set_variation(false);
        $attrs['pa_manufacturer'] = $m;
        $p->set_attributes($attrs);
        $spec = [
            ['sku' => "$sku-S", 'price' => '12.90', 'attrs' => ['size' => 'S', 'colour' => 'Red']],
            ['sku' => "$sku-M", 'price' => null, 'attrs' => ['size' => 'M', 'colour' => 'Blue']],
            ['sku' => "$sku-L", 'price' => '9.5', 'attrs' => ['size' => 'L', 'colour' => 'Red']],
            ['sku' => "$sku-X", 'price' => '12.90', 'attrs' => ['size' => 'L', 'colour' => 'Blue']],
        ];
        return [$p, $spec];
    }

    /** The group through the WooCommerce CRUD, the attribute lookup updated as its scheduled action would. */
    private function crud(WC_Product_Variable $p, array $spec): int
    {
        update_option('woocommerce_attribute_lookup_direct_updates', 'yes');
        try {
            $pid = $p->save();
            foreach ($spec as $s) {
                $v = new WC_Product_Variation();
                $v->set_parent_id($pid);
                $v->set_sku($s['sku']);
                if ($s['price'] !== null) {
                    $v->set_regular_price($s['price']);
                }
                $v->set_attributes($s['attrs']);
                $v->set_status('publish');
                $v->save();
            }
            WC_Product_Variable::sync($pid);
            unset($GLOBALS['wc_deferred_product_sync'][$pid]);
        } finally {
            delete_option('woocommerce_attribute_lookup_direct_updates');
        }
        return $pid;
    }

    private function bulk(WC_Product_Variable $p, array $spec): int
    {
        $this->assertTrue(ProductsBulkParents::supports($p, $spec), 'the bulk writer covers this group');
        return ProductsBulkParents::create([[$p, $spec]])[0][0];
    }

    /** Everything the shop holds of a product (and, for a parent, of its variations), ids left out. */
    private function state(int $id, bool $children = true): array
    {
        $out = $this->rows($id, false);
        $p = wc_get_product($id);
        $data = $p->get_data();
        $this->assertSame((int) get_post_field('post_parent', $id), $data['parent_id']);
        $data = $this->productData($p);
        unset($data['parent_id']);
        $out['read'] = ['type' => $p->get_type(), 'data' => $data, 'price' => $p->get_price(), 'in_stock' => $p->is_in_stock(), 'purchasable' => $p->is_purchasable(),
            'terms' => $this->taxTerms($id)];
        if ($children && $p->is_type('variable')) {
            $kids = $p->get_children();
            $out['children'] = array_map(fn($c) => $this->state($c, false), $kids);
            $index = array_flip($kids);
            $out['variation_prices'] = array_map(fn($list) => array_combine(array_map(fn($k) => $index[$k], array_keys($list)), array_values($list)), $p->get_variation_prices());
            $out['range'] = [$p->get_variation_regular_price('min'), $p->get_variation_regular_price('max'), $p->get_price_html()];
            $out['variation_attributes'] = $p->get_variation_attributes();
            $out['available'] = array_map(fn($v) => [$v['sku'], $v['attributes'], $v['display_price'], $v['is_in_stock']], $p->get_available_variations());
        }
        return $out;
    }

    public function testBulkParentEqualsTheCrud(): void
    {
        $before = $this->counts();
        $crud = $this->crud(...$this->group('BULKP-CRUD'));
        $mid = $this->counts();
        $pending = as_get_scheduled_actions(['hook' => 'woocommerce_run_product_attribute_lookup_update_callback', 'status' => 'pending'], 'ids');
        $bulk = $this->bulk(...$this->group('BULKP-BULK'));
        $after = $this->counts();
        $delta = fn(array $x, array $y) => array_map(fn($a, $b) => is_array($a) ? [$b[0] - $a[0], (int) $b[1] - (int) $a[1]] : $b - $a, $x, $y);
        $this->assertEquals($delta($before, $mid), $delta($mid, $after), 'term counts (WordPress\'s and WooCommerce\'s) moved as the CRUD moved them');
        $this->assertSame([1, 1], $delta($before, $mid)[1], 'the CRUD counted it once in its category');
        $this->assertSame([0, 1], $delta($before, $mid)[0], '… and WooCommerce in the parent category');
        $this->assertSame([1, 0], $delta($before, $mid)[2], '… and once for the manufacturer');
        $this->assertSame($pending, as_get_scheduled_actions(['hook' => 'woocommerce_run_product_attribute_lookup_update_callback', 'status' => 'pending'], 'ids'), 'no Action Scheduler action per product');
        foreach ([false, true] as $flushed) {
            if ($flushed) {
                wp_cache_flush();
            }
            $a = $this->state($crud);
            $b = $this->same($this->state($bulk));
            $this->assertSame(4, count($a['children']));
            $this->assertNotEmpty($a['attribute_lookup'], 'the manufacturer is in the attribute lookup table');
            $this->assertSame(['9.5', '12.90'], array_column(array_filter($a['meta'], fn($m) => $m[0] === '_price'), 1), 'the parent\'s _price rows');
            foreach ($a as $k => $v) {
                $this->assertEquals($v, $b[$k], "$k" . ($flushed ? ' (caches flushed)' : ''));
            }
            $this->assertSame($a, $b, 'the whole state, types included');
        }
        $byCat = wc_get_products(['category' => ['bulk-top'], 'return' => 'ids', 'limit' => -1]);
        $byMan = wc_get_products(['tax_query' => [['taxonomy' => 'pa_manufacturer', 'field' => 'term_id', 'terms' => [$this->man]]], 'return' => 'ids', 'limit' => -1]);
        $bySku = wc_get_products(['sku' => 'BULKP-BULK-L', 'type' => 'variation', 'return' => 'ids']);
        $this->assertEqualsCanonicalizing([$crud, $bulk], $byCat, 'found by the parent category');
        $this->assertEqualsCanonicalizing([$crud, $bulk], $byMan, 'found by the manufacturer attribute');
        $this->assertCount(1, $bySku);
        $this->assertSame($bulk, wc_get_product($bySku[0])->get_parent_id());
        $this->assertSame(wc_get_product($crud)->get_variation_prices(true)['price'] ? 2 : 0, count(array_unique(wc_get_product($bulk)->get_variation_prices(true)['price'])), 'display prices of the bulk parent');
    }

    public function testADraftAndSeveralGroupsInOneBatchEqualTheCrud(): void
    {
        $crud = [$this->crud(...$this->group('BULKP-CRUD', 'draft')), $this->crud(...$this->group('BULKP-CRUD-2'))];
        list($p1, $s1) = $this->group('BULKP-BULK', 'draft');
        list($p2, $s2) = $this->group('BULKP-BULK-2');
        $made = ProductsBulkParents::create([[$p1, $s1], [$p2, $s2]]);
        wp_cache_flush();
        foreach ($made as $i => list($pid, $vids)) {
            $this->assertSame(wc_get_product($pid)->get_children(), $vids);
            $this->assertEquals($this->state($crud[$i]), $this->same($this->state($pid)), "group $i");
        }
        $this->assertSame('', get_post($made[0][0])->post_name, 'a draft has no slug yet, as wp_insert_post leaves it');
        $this->assertStringEndsWith('-2', get_post($made[1][0])->post_name, 'the same title gets a unique slug');
    }

    public function testAGroupWithManyVariationsSpansSeveralMetaStatements(): void
    {
        global $wpdb;
        list($p, $spec) = $this->group('BULKP-BULK-MANY');
        $spec = [];
        for ($i = 0; $i < 300; $i++) {
            $spec[] = ['sku' => "BULKP-BULK-MANY-$i", 'price' => sprintf('%d.50', $i + 1), 'attrs' => ['size' => 'S', 'colour' => "C$i"]];
        }
        $p->get_attributes()['colour']->set_options(array_map(fn($i) => "C$i", range(0, 299)));
        [$pid, $vids] = ProductsBulkParents::create([[$p, $spec]])[0];
        $this->assertCount(300, $vids);
        $per = (int) $wpdb->get_var($wpdb->prepare("SELECT COUNT(*) FROM {$wpdb->postmeta} WHERE post_id = %d", $vids[0]));
        $this->assertSame(300 * $per, (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->postmeta} WHERE post_id IN (" . implode(',', $vids) . ')'), 'every variation has all its meta rows (more than 5,000: two statements)');
        $this->assertGreaterThan(5000, 300 * $per);
        $this->assertSame(300, (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->wc_product_meta_lookup} WHERE product_id IN (" . implode(',', $vids) . ')'));
        wp_cache_flush();
        $this->assertSame(['1.50', '300.50'], [wc_get_product($pid)->get_variation_price('min'), wc_get_product($pid)->get_variation_price('max')]);
        $this->assertSame("C299", wc_get_product(end($vids))->get_attribute('colour'));
    }

    /** The comparison finds a missing row of each kind the bulk writer writes. */
    public function testTheComparisonFailsWhenARowIsMissing(): void
    {
        global $wpdb;
        $crud = $this->state($this->crud(...$this->group('BULKP-CRUD')));
        $cuts = [
            'a _price row of the parent' => fn($p, $v) => $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key = '_price' LIMIT 1", $p)),
            'the _product_attributes meta' => fn($p, $v) => $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key = '_product_attributes'", $p)),
            'the product_cat relationship' => fn($p, $v) => $wpdb->query($wpdb->prepare("DELETE tr FROM {$wpdb->term_relationships} tr JOIN {$wpdb->term_taxonomy} tt USING (term_taxonomy_id) WHERE tr.object_id = %d AND tt.taxonomy = 'product_cat'", $p)),
            'the manufacturer relationship' => fn($p, $v) => $wpdb->query($wpdb->prepare("DELETE tr FROM {$wpdb->term_relationships} tr JOIN {$wpdb->term_taxonomy} tt USING (term_taxonomy_id) WHERE tr.object_id = %d AND tt.taxonomy = 'pa_manufacturer'", $p)),
            'the lookup row of the parent' => fn($p, $v) => $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->wc_product_meta_lookup} WHERE product_id = %d", $p)),
            'the attribute lookup row' => fn($p, $v) => $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->prefix}wc_product_attributes_lookup WHERE product_id = %d", $p)),
            'a variation\'s meta row' => fn($p, $v) => $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key = '_sku'", $v)),
            'a variation\'s lookup row' => fn($p, $v) => $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->wc_product_meta_lookup} WHERE product_id = %d", $v)),
        ];
        foreach ($cuts as $what => $cut) {
            $made = ProductsBulkParents::create([$this->group('BULKP-BULK')])[0];
            wp_cache_flush();
            $this->assertEquals($crud, $this->same($this->state($made[0])), "intact before cutting $what");
            $this->assertSame(1, (int) $cut($made[0], $made[1][2]), "cut $what");
            wp_cache_flush();
            $this->assertNotEquals($crud, $this->same($this->state($made[0])), "the comparison sees $what missing");
            wc_get_product($made[0])->delete(true);
        }
    }

    public function testProductsDownWritesInBulkRollsBackAFailedBatchAndResumesWithoutDuplicates(): void
    {
        global $wpdb;
        self::$sim->seed(['api' => 'sitoo', 'variant_groups' => 3, 'variants_per_group' => 2, 'categories' => [['title' => 'Shirts']], 'manufacturers' => ['Acme']]);
        $fail = function () {
            throw new RuntimeException('disk full (test)');
        };
        add_action('erpsync_bulk_products_created', $fail);
        $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
        remove_action('erpsync_bulk_products_created', $fail);
        $this->assertSame('failed', $run['state']);
        $this->assertStringContainsString('disk full', (string) $run['message']);
        wp_cache_flush();
        $this->assertSame(0, (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type IN ('product', 'product_variation')"), 'the batch was rolled back');
        $this->assertSame(0, (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->wc_product_meta_lookup}"));
        $this->assertSame([], CatalogMap::all('product'));

        $seen = [];
        $spy = function (array $ids) use (&$seen) {
            $seen = array_merge($seen, $ids);
        };
        add_action('erpsync_bulk_products_created', $spy);
        $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
        remove_action('erpsync_bulk_products_created', $spy);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $variable = wc_get_products(['type' => 'variable', 'limit' => -1, 'return' => 'ids']);
        $this->assertCount(3, $variable);
        $this->assertEqualsCanonicalizing($variable, $seen, 'all three written by the bulk writer');
        $this->assertSame(6, (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'product_variation'"));
        $this->assertCount(9, CatalogMap::all('product'));
        $acme = get_term_by('name', 'Acme', 'pa_manufacturer');
        foreach ($variable as $id) {
            $p = wc_get_product($id);
            $this->assertCount(2, $p->get_children());
            $this->assertSame([(int) $acme->term_id], wp_get_post_terms($id, 'pa_manufacturer', ['fields' => 'ids']));
            $this->assertSame('1', (string) $wpdb->get_var($wpdb->prepare("SELECT COUNT(*) FROM {$wpdb->prefix}wc_product_attributes_lookup WHERE product_id = %d AND term_id = %d", $id, $acme->term_id)));
            $this->assertNotSame('', $p->get_price());
        }
        $shirts = get_term_by('name', 'Shirts', 'product_cat');
        $this->assertSame(3, (int) get_term($shirts->term_id, 'product_cat')->count, 'the deferred term count ran');
        $this->assertSame('3', (string) get_term_meta($shirts->term_id, 'product_count_product_cat', true));
        $again = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
        $this->assertArrayNotHasKey('created', $again['counts']['ops']['products_down']['counts'], 'a second run creates nothing');
        $this->assertCount(3, wc_get_products(['type' => 'variable', 'limit' => -1, 'return' => 'ids']));
    }

    /** The operation itself, end to end: the same Sitoo groups through the CRUD fallback and through the bulk writer. */
    public function testProductsDownInBulkLeavesWhatItsCrudPathLeaves(): void
    {
        global $wpdb;
        self::$sim->seed(['api' => 'sitoo', 'variant_groups' => 3, 'variants_per_group' => 3, 'categories' => [['title' => 'Shirts'], ['title' => 'Tees', 'parent' => 0]], 'manufacturers' => ['Acme', 'Bolt']]);
        $snapshot = function (): array {
            wp_cache_flush();
            $out = [];
            foreach (wc_get_products(['type' => 'variable', 'limit' => -1, 'return' => 'ids']) as $id) {
                $st = $this->state($id);
                $out[$st['read']['data']['sku']] = $st;
            }
            ksort($out);
            $out['counts'] = $this->counts();
            foreach (get_terms(['taxonomy' => ['product_cat', 'pa_manufacturer'], 'hide_empty' => false]) as $t) {
                $out['counts'][$t->slug] = [$t->count, get_term_meta($t->term_id, 'product_count_product_cat', true)];
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
        $this->assertSame(0, $seen, 'the filter sent every parent through the CRUD');
        $lookup = as_get_scheduled_actions(['hook' => 'woocommerce_run_product_attribute_lookup_update_callback', 'status' => ActionScheduler_Store::STATUS_PENDING, 'per_page' => -1], 'ids');
        $this->assertGreaterThanOrEqual(3, count($lookup), 'the CRUD left an attribute lookup action per product');
        foreach ($lookup as $action) {
            ActionScheduler::runner()->process_action($action, 'erpsync tests'); // as the queue runner would, later
        }
        $crud = $snapshot();
        $this->assertCount(3 + 2, $crud);
        $this->assertSame(12, $crud['links']);

        foreach (wc_get_products(['type' => 'variable', 'limit' => -1, 'return' => 'ids']) as $id) {
            wc_get_product($id)->delete(true);
        }
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE connector = 'sitoo' AND object_type = 'product'");
        $before = as_get_scheduled_actions(['hook' => 'woocommerce_run_product_attribute_lookup_update_callback', 'status' => ActionScheduler_Store::STATUS_PENDING, 'per_page' => -1], 'ids'); // the deletions' own
        $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
        remove_action('erpsync_bulk_products_created', $spy);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $this->assertSame(1, $seen, 'one batch through the bulk writer');
        $this->assertSame($before, as_get_scheduled_actions(['hook' => 'woocommerce_run_product_attribute_lookup_update_callback', 'status' => ActionScheduler_Store::STATUS_PENDING, 'per_page' => -1], 'ids'), 'no action per product');
        $this->assertEquals($crud, $snapshot(), 'what the bulk writer left, against what the CRUD left once its lookup actions ran');
    }

    public function testAGroupWhoseVariationSkuTheShopHasIsAnItemErrorAndTheOthersAreWritten(): void
    {
        $this->groupWithATakenSku(fn(string $sku) => $sku);
    }

    /** The shop holds the SKU in other case: WooCommerce refuses it (SKUs compare case-insensitively), the bulk path too. */
    public function testAGroupWhoseVariationSkuTheShopHasInOtherCaseIsAnItemError(): void
    {
        $this->groupWithATakenSku('strtolower');
    }

    private function groupWithATakenSku(callable $spell): void
    {
        self::$sim->seed(['api' => 'sitoo', 'variant_groups' => 2, 'variants_per_group' => 2]);
        $skus = [];
        CompleteSync::operations();
        ErpSync\Plugin\Sync\Sitoo\CatalogOperation::connector()->fetchProducts(function (array $items) use (&$skus) {
            foreach ($items as $p) {
                if ($p['kind'] === 'variant') {
                    $skus[] = $p['sku'];
                }
            }
        });
        $this->product($spell($skus[0]), '1.00'); // a simple product of the shop holds a variation's SKU
        $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], ['ignore_errors' => true], 'test', false));
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $c = $run['counts']['ops']['products_down'];
        $this->assertCount(1, wc_get_products(['type' => 'variable', 'limit' => -1]), 'the other group was written');
        $this->assertNotEmpty($c['errors'], 'the refused group is listed');
        $this->assertStringContainsString($skus[0], implode(' ', $c['errors']));
        global $wpdb;
        $this->assertSame(1, (int) $wpdb->get_var($wpdb->prepare("SELECT COUNT(*) FROM {$wpdb->wc_product_meta_lookup} WHERE sku = %s", $skus[0])), 'the SKU once (compared as the database does): the shop\'s');
    }
}
