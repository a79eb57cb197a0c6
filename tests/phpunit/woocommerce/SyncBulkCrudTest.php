<?php
/**
 * The sync's bulk stock/price writer leaves exactly the state the WooCommerce CRUD leaves: two identical sets of
 * products (simple, sales running and scheduled, backorders, unmanaged stock, out of stock and back, featured,
 * a variable product with its variations) get the same changes, one set through the CRUD (the "force CRUD"
 * setting) and one through the bulk path; then the post meta, wc_product_meta_lookup, the product_visibility
 * terms, wc_get_product() (with the caches as the writes left them and again after a flush), the variable
 * parent's price range and the on-sale transient are compared.
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Sync\SyncSettings;
use ErpSync\Plugin\Sync\Writer;

final class SyncBulkCrudTest extends WcTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        foreach (wc_get_products(['limit' => -1, 'status' => 'any', 'type' => ['simple', 'variable', 'variation'], 'return' => 'ids']) as $id) {
            wp_delete_post($id, true);
        }
        delete_option(SyncSettings::OPTION);
        // The writer writes only what the back-office owns: here stock, both prices.
        SyncSettings::put(['own' => ['vasco' => ['stock' => 'remote', 'regular_price' => 'remote', 'sale_price' => 'remote']]]);
    }

    /** One set of products; returns name → id (variations as "var:n"). */
    private function make(string $tag, int $later): array
    {
        $ids = [];
        $simple = function (string $name, array $props) use ($tag, &$ids) {
            $p = new WC_Product_Simple();
            $p->set_name("$tag $name");
            $p->set_sku("$tag-$name");
            $p->set_props($props + ['regular_price' => '20.00']);
            $ids[$name] = $p->save();
        };
        $simple('instock', ['manage_stock' => true, 'stock_quantity' => 10]);
        $simple('backorder', ['manage_stock' => true, 'stock_quantity' => 3, 'backorders' => 'notify']);
        $simple('sale-stays', ['manage_stock' => true, 'stock_quantity' => 4, 'sale_price' => '15.00']);
        $simple('sale-ends', ['manage_stock' => true, 'stock_quantity' => 4, 'sale_price' => '15.00']);
        $simple('sale-later', ['manage_stock' => true, 'stock_quantity' => 4, 'sale_price' => '5.00', 'date_on_sale_from' => $later]);
        $simple('unmanaged', ['manage_stock' => false, 'stock_status' => 'instock']);
        $simple('was-out', ['manage_stock' => true, 'stock_quantity' => 0, 'featured' => true]);
        $simple('price-only', ['manage_stock' => true, 'stock_quantity' => 12]);
        $simple('sale-cleared', ['manage_stock' => true, 'stock_quantity' => 2, 'sale_price' => '15.00']);
        $simple('sale-above', ['manage_stock' => true, 'stock_quantity' => 2]);
        $simple('sale-new-later', ['manage_stock' => true, 'stock_quantity' => 2, 'date_on_sale_from' => $later]);
        $v = new WC_Product_Variable();
        $v->set_name("$tag variable");
        $v->set_sku("$tag-variable");
        $attr = new WC_Product_Attribute();
        $attr->set_name('Size');
        $attr->set_options(['S', 'M', 'L']);
        $attr->set_visible(true);
        $attr->set_variation(true);
        $v->set_attributes([$attr]);
        $ids['variable'] = $v->save();
        foreach (['S' => '10.00', 'M' => '20.00', 'L' => '30.00'] as $size => $price) {
            $var = new WC_Product_Variation();
            $var->set_parent_id($ids['variable']);
            $var->set_attributes(['size' => $size]);
            $var->set_regular_price($price);
            $var->set_manage_stock(true);
            $var->set_stock_quantity(5);
            $var->set_sku("$tag-var-$size");
            $ids["var:$size"] = $var->save();
        }
        WC_Product_Variable::sync($ids['variable']);
        return $ids;
    }

    /** The same changes for a set. */
    private function changes(array $ids): array
    {
        $c = [
            'instock' => ['stock' => '0'],
            'backorder' => ['stock' => '0'],
            'sale-stays' => ['regular_price' => '25.00', 'stock' => '9'],
            'sale-ends' => ['regular_price' => '12.00'],
            'sale-later' => ['regular_price' => '30.00'],
            'unmanaged' => ['stock' => '8'],
            'was-out' => ['stock' => '6'],
            'price-only' => ['regular_price' => '19.90', 'sale_price' => '17.50'],
            'sale-cleared' => ['sale_price' => ''],
            'sale-above' => ['sale_price' => '25.00'],
            'sale-new-later' => ['sale_price' => '11.00'],
            'var:S' => ['regular_price' => '5.00'],
            'var:M' => ['stock' => '0', 'sale_price' => '18.00'],
            'var:L' => ['regular_price' => '40.00', 'stock' => '2'],
        ];
        $rows = [];
        foreach ($c as $name => $fields) {
            foreach ($fields as $f => $v) {
                $rows[] = ['action' => 'update', 'local_id' => $ids[$name], 'remote_id' => "R-$name", 'field' => $f, 'new_value' => $v];
            }
        }
        return $rows;
    }

    /** Everything a shop or another plugin could see of one product. */
    private function state(array $ids, bool $flush): array
    {
        global $wpdb;
        if ($flush) {
            wp_cache_flush();
        }
        $out = [];
        foreach ($ids as $name => $id) {
            $meta = [];
            foreach ($wpdb->get_results($wpdb->prepare("SELECT meta_key, meta_value FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key NOT IN ('_edit_lock', '_edit_last') ORDER BY meta_key, meta_id", $id), ARRAY_N) as [$k, $v]) {
                if ($k === '_sku' || $k === '_wp_old_slug') {
                    continue; // differs by set (its tag)
                }
                $meta[$k][] = $v;
            }
            $lookup = $wpdb->get_row($wpdb->prepare("SELECT * FROM {$wpdb->wc_product_meta_lookup} WHERE product_id = %d", $id), ARRAY_A);
            unset($lookup['product_id'], $lookup['sku']);
            $terms = wp_get_object_terms($id, 'product_visibility', ['fields' => 'slugs']);
            sort($terms);
            $p = wc_get_product($id);
            $seen = [
                'price' => $p->get_price(), 'regular' => $p->get_regular_price(), 'sale' => $p->get_sale_price(),
                'on_sale' => $p->is_on_sale(), 'stock' => $p->get_stock_quantity(), 'status' => $p->get_stock_status(),
                'manage' => $p->get_manage_stock(), 'in_stock' => $p->is_in_stock(), 'purchasable' => $p->is_purchasable(),
                'visible' => $p->is_visible(), 'price_html' => str_replace((string) $id, 'ID', $p->get_price_html()),
            ];
            if ($p->is_type('variable')) {
                $seen['variation_prices'] = array_values(array_map('array_values', $p->get_variation_prices(true)));
                $seen['children_in_stock'] = $p->child_is_in_stock();
            }
            $out[$name] = ['meta' => $meta, 'lookup' => $lookup, 'visibility' => $terms, 'product' => $seen,
                'on_sale_list' => in_array($id, wc_get_product_ids_on_sale(), true)];
        }
        return $out;
    }

    /** Paths where two states differ ("name.meta._stock: A | B"). */
    private function diff(array $a, array $b, string $path = ''): array
    {
        $out = [];
        foreach (array_unique(array_merge(array_keys($a), array_keys($b))) as $k) {
            $x = $a[$k] ?? '(absent)';
            $y = $b[$k] ?? '(absent)';
            if (is_array($x) && is_array($y) && !array_is_list($x)) {
                $out = array_merge($out, $this->diff($x, $y, "$path$k."));
            } elseif ($x !== $y) {
                $out[] = "$path$k: " . json_encode($x) . ' | ' . json_encode($y);
            }
        }
        return $out;
    }

    public function testBulkWriterLeavesWhatTheCrudLeaves(): void
    {
        update_option('woocommerce_hide_out_of_stock_items', 'yes');
        update_option('woocommerce_notify_no_stock_amount', '0');
        try {
            $later = time() + 86400 * 3;
            $a = $this->make('A', $later);
            $b = $this->make('B', $later);
            // Warm every cache and transient the way a shop's visitors do.
            $this->state($a, false);
            $this->state($b, false);

            SyncSettings::put(['force_crud' => 'yes']);
            $wa = new Writer('vasco');
            $ca = $wa->apply($this->changes($a));
            $wa->after_commit();
            WC_Post_Data::do_deferred_product_sync();
            $this->assertSame(14, $ca['crud']);

            SyncSettings::put(['force_crud' => 'no']);
            $fired = [];
            add_action('erpsync_bulk_products_updated', function ($ids, $parents) use (&$fired) { $fired[] = [$ids, $parents]; }, 10, 2);
            $wb = new Writer('vasco');
            $cb = $wb->apply($this->changes($b));
            $wb->after_commit();
            $this->assertSame(13, $cb['bulk'], 'all but the unmanaged product through the bulk path');
            $this->assertSame(1, $cb['crud']);
            $this->assertSame($ca['updated'], $cb['updated']);
            $this->assertCount(1, $fired, 'the documented hook fires once per chunk');
            $this->assertSame([$b['variable']], $fired[0][1]);

            // As the caches were left, then from the database alone.
            $sa = $this->state($a, false);
            $sb = $this->state($b, false);
            $this->assertSame([], $this->diff($sa, $sb), 'CRUD | bulk, caches as left');
            $this->assertSame([], $this->diff($sa, $this->state($a, true)), 'CRUD: cached | database');
            $this->assertSame([], $this->diff($sb, $this->state($b, true)), 'bulk: cached | database');

            // The cases are what they claim to be.
            $this->assertSame('outofstock', $sb['instock']['product']['status']);
            $this->assertSame(['outofstock'], $sb['instock']['visibility']);
            $this->assertSame('onbackorder', $sb['backorder']['product']['status']);
            $this->assertSame('15.00', $sb['sale-stays']['product']['price']);
            $this->assertSame('', $sb['sale-ends']['product']['sale']);
            $this->assertSame('30.00', $sb['sale-later']['product']['price']);
            $this->assertSame(['featured'], $sb['was-out']['visibility']);
            // Sale prices: a new sale runs, a cleared one ends, one not below the regular price is dropped, a
            // scheduled one waits, a variation's sale enters the parent's range.
            $this->assertSame(['17.50', '17.50'], [$sb['price-only']['product']['sale'], $sb['price-only']['product']['price']]);
            $this->assertSame(['', '20.00'], [$sb['sale-cleared']['product']['sale'], $sb['sale-cleared']['product']['price']]);
            $this->assertSame(['', '20.00'], [$sb['sale-above']['product']['sale'], $sb['sale-above']['product']['price']]);
            $this->assertSame(['11.00', '20.00'], [$sb['sale-new-later']['product']['sale'], $sb['sale-new-later']['product']['price']]);
            $this->assertSame('18.00', $sb['var:M']['product']['price']);
            $updated = $cb['updated'];
            ksort($updated);
            $this->assertSame(['regular_price' => 6, 'sale_price' => 5, 'stock' => 7], $updated, 'per field');
            $this->assertSame('instock', $sb['was-out']['product']['status']);
            $this->assertSame(['5.0000', '40.0000'], [$sb['variable']['lookup']['min_price'], $sb['variable']['lookup']['max_price']], 'the parent range follows its variations');
            $this->assertSame(['5.00', '40.00'], [$sb['variable']['product']['variation_prices'][0][0], end($sb['variable']['product']['variation_prices'][0])]);
        } finally {
            update_option('woocommerce_hide_out_of_stock_items', 'no');
        }
    }

    /** The product transients of the written products go (only those): found by the range read, or by name when the shop has many. */
    public function testBulkWriterDeletesTheWrittenProductsTransients(): void
    {
        $mk = function (string $sku): int {
            $p = new \WC_Product_Simple();
            $p->set_props(['name' => $sku, 'sku' => $sku, 'regular_price' => '10', 'manage_stock' => true, 'stock_quantity' => 5]);
            return $p->save();
        };
        foreach ([0, 5001] as $others) {
            $a = $mk("TR-A-$others");
            $b = $mk("TR-B-$others");
            for ($i = 0; $i < $others; $i += 500) { // a shop with many wc_ transients: the writer deletes by name
                $rows = [];
                for ($j = $i; $j < min($others, $i + 500); $j++) {
                    $rows[] = "('_transient_wc_related_9" . str_pad((string) $j, 7, '0', STR_PAD_LEFT) . "', 'x', 'off')";
                }
                $GLOBALS['wpdb']->query("INSERT IGNORE INTO {$GLOBALS['wpdb']->options} (option_name, option_value, autoload) VALUES " . implode(',', $rows));
            }
            foreach (['wc_var_prices_', 'wc_related_', 'wc_product_children_'] as $t) {
                set_transient($t . $a, ['x'], 3600);
                set_transient($t . $b, ['y'], 3600);
            }
            $w = new \ErpSync\Plugin\Sync\BulkWriter();
            $this->assertSame([], $w->write([$a => ['stock' => '7', 'regular_price' => '12.00']]));
            wp_cache_flush();
            foreach (['wc_var_prices_', 'wc_related_', 'wc_product_children_'] as $t) {
                $this->assertFalse(get_transient($t . $a), "$t of the written product is gone ($others other transients)");
                $this->assertSame(['y'], get_transient($t . $b), "$t of another product stays ($others other transients)");
            }
            $this->assertSame('7', (string) wc_get_product($a)->get_stock_quantity());
            $GLOBALS['wpdb']->query("DELETE FROM {$GLOBALS['wpdb']->options} WHERE option_name LIKE '\\_transient\\_wc\\_related\\_9%'");
        }
    }
}
