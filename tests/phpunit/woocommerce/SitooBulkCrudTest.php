<?php
/**
 * The bulk creation of variations (Sitoo products down) leaves what the WooCommerce CRUD leaves: the same variable
 * product made twice — its variations once through WC_Product_Variation::save(), once through ProductsBulk — and
 * compared: post rows, post meta (keys, values, order), lookup rows, the products as WooCommerce reads them (with
 * the caches as left and after a flush) and the parent's price range.
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Sync\Sitoo\ProductsBulk;

final class SitooBulkCrudTest extends WcTestCase
{
    private function parent(string $sku, array $attrs): WC_Product_Variable
    {
        foreach (wc_get_products(['sku' => $sku, 'return' => 'ids', 'status' => 'any']) as $old) {
            wc_get_product($old)->delete(true);
        }
        $p = new WC_Product_Variable();
        $p->set_name('Tee Ünïcode');
        $p->set_sku($sku);
        $list = [];
        foreach ($attrs as $name => $opts) {
            $a = new WC_Product_Attribute();
            $a->set_name($name);
            $a->set_options($opts);
            $a->set_visible(true);
            $a->set_variation(true);
            $list[sanitize_title($name)] = $a;
        }
        $p->set_attributes($list);
        $p->save();
        return wc_get_product($p->get_id());
    }

    private function state(int $id): array
    {
        global $wpdb;
        $post = $wpdb->get_row($wpdb->prepare("SELECT * FROM {$wpdb->posts} WHERE ID = %d", $id), ARRAY_A);
        $post['guid'] = preg_replace('/([?&]p=)' . $id . '$/', '$1ID', $post['guid']); // the id only (a bare str_replace also hit "127" of the host)
        $post['post_name'] = preg_replace('/-\d+$/', '', $post['post_name']);
        unset($post['ID'], $post['post_parent'], $post['post_date'], $post['post_date_gmt'], $post['post_modified'], $post['post_modified_gmt']);
        $meta = $wpdb->get_results($wpdb->prepare("SELECT meta_key, meta_value FROM {$wpdb->postmeta} WHERE post_id = %d ORDER BY meta_id", $id), ARRAY_N);
        $look = $wpdb->get_row($wpdb->prepare("SELECT * FROM {$wpdb->wc_product_meta_lookup} WHERE product_id = %d", $id), ARRAY_A);
        unset($look['product_id']);
        $v = wc_get_product($id);
        $read = ['name' => $v->get_name(), 'sku' => $v->get_sku(), 'price' => $v->get_price(), 'regular' => $v->get_regular_price(), 'attrs' => $v->get_attributes(),
            'stock_status' => $v->get_stock_status(), 'purchasable' => $v->is_purchasable(), 'in_stock' => $v->is_in_stock(), 'tax_class' => $v->get_tax_class(),
            'formatted' => wc_get_formatted_variation($v, true)];
        return ['post' => $post, 'meta' => $meta, 'lookup' => $look, 'read' => $read];
    }

    public function variants(): array
    {
        return [
            'one attribute' => [['Size' => ['S', 'M', 'L']], [['size' => 'S'], ['size' => 'M'], ['size' => 'L']]],
            'two attributes' => [['Size' => ['S', 'M'], 'Colour' => ['Red', 'Blue']], [['size' => 'S', 'colour' => 'Red'], ['size' => 'M', 'colour' => 'Blue']]],
        ];
    }

    /** @dataProvider variants */
    public function testBulkVariationsEqualTheCrud(array $attrs, array $combos): void
    {
        $crud = $this->parent('BULKCMP-CRUD', $attrs);
        $bulk = $this->parent('BULKCMP-BULK', $attrs);
        $crudIds = [];
        $spec = [];
        foreach ($combos as $i => $c) {
            $price = $i === 1 ? null : sprintf('%d.90', 10 + $i);
            $v = new WC_Product_Variation();
            $v->set_parent_id($crud->get_id());
            $v->set_sku("BULKCMP-CRUD-$i");
            if ($price !== null) {
                $v->set_regular_price($price);
            }
            $v->set_attributes($c);
            $v->set_status('publish');
            $crudIds[] = $v->save();
            $spec[] = ['sku' => "BULKCMP-BULK-$i", 'price' => $price, 'attrs' => $c];
        }
        WC_Product_Variable::sync($crud->get_id());
        $bulkIds = ProductsBulk::variations($bulk, $spec);
        foreach ([false, true] as $flushed) {
            if ($flushed) {
                wp_cache_flush();
            }
            foreach ($crudIds as $i => $cid) {
                $a = $this->state($cid);
                $b = $this->state($bulkIds[$i]);
                $b['meta'] = array_map(fn($m) => [$m[0], $m[1] === null ? null : str_replace('BULKCMP-BULK', 'BULKCMP-CRUD', $m[1])], $b['meta']);
                $b['lookup']['sku'] = str_replace('BULKCMP-BULK', 'BULKCMP-CRUD', $b['lookup']['sku']);
                $b['read']['sku'] = str_replace('BULKCMP-BULK', 'BULKCMP-CRUD', $b['read']['sku']);
                $this->assertSame($a['post'], $b['post'], "post row $i" . ($flushed ? ' (flushed)' : ''));
                $this->assertSame($a['meta'], $b['meta'], "post meta $i");
                $this->assertSame($a['lookup'], $b['lookup'], "lookup row $i");
                $this->assertEquals($a['read'], $b['read'], "read by WooCommerce $i");
            }
            $pc = wc_get_product($crud->get_id());
            $pb = wc_get_product($bulk->get_id());
            $this->assertSame($pc->get_children(), array_map(fn($id) => $crudIds[array_search($id, $bulkIds, true)], $pb->get_children()) ? $pc->get_children() : [], 'children');
            $this->assertCount(count($crudIds), $pb->get_children());
            $this->assertSame($pc->get_variation_prices(), array_combine(array_keys($pc->get_variation_prices()), array_map(
                fn($list) => array_combine(array_map(fn($id) => $crudIds[array_search($id, $bulkIds, true)], array_keys($list)), array_values($list)),
                $pb->get_variation_prices()
            )), 'variation prices of the parent');
            $this->assertSame($pc->get_price(), $pb->get_price());
            $this->assertSame(get_post_meta($crud->get_id(), '_price'), get_post_meta($bulk->get_id(), '_price'), 'the parent\'s _price rows');
        }
    }

    public function testATakenSkuIsRefusedBeforeAnythingIsWritten(): void
    {
        global $wpdb;
        $this->product('BULKCMP-TAKEN', '1.00');
        $p = $this->parent('BULKCMP-P', ['Size' => ['S', 'M']]);
        $before = (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'product_variation'");
        foreach ([[['sku' => 'BULKCMP-TAKEN', 'price' => '1.00', 'attrs' => ['size' => 'S']]],
            [['sku' => 'BULKCMP-TWICE', 'price' => '1.00', 'attrs' => ['size' => 'S']], ['sku' => 'BULKCMP-TWICE', 'price' => '1.00', 'attrs' => ['size' => 'M']]]] as $spec) {
            try {
                ProductsBulk::variations($p, $spec);
                $this->fail('a taken or repeated SKU was written');
            } catch (RuntimeException $e) {
                $this->assertStringContainsString('SKU', $e->getMessage());
            }
        }
        $this->assertSame($before, (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'product_variation'"));
    }
}
