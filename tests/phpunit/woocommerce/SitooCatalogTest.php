<?php
/**
 * The Sitoo catalogue both ways on real WooCommerce against the simulator's Sitoo API: categories (hierarchy kept,
 * matched by title), products with variant groups as variable products, manufacturers, vouchers ↔ coupons; links,
 * dry run, run record; up: exactly once after a lost reply (lookup by SKU / code first), existing SKUs overwritten,
 * variant sets; no echo of writes a Sitoo sync made.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooTestSetUp.php';

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Sitoo\Catalog;
use ErpSync\Plugin\Sync\Sitoo\CatalogMap;
use ErpSync\Plugin\Sync\Sitoo\CompleteSync;

final class SitooCatalogTest extends WcTestCase
{
    use SitooTestSetUp;

    protected function setUp(): void
    {
        parent::setUp();
        $this->configure('sitoo', ['misc_voucher_types' => 'percent:100, fixed_cart:200']);
        $this->endActiveSyncRuns();
        self::wipeCatalog();
        delete_option('erpsync_sitoo_manufacturers_at');
    }

    /** Runs a job of these operations to its end; returns the run. */
    private function job(array $ops, array $options = []): array
    {
        $id = CompleteSync::start($ops, $options, 'test', false);
        return CompleteSync::run_inline($id);
    }

    private function counts(array $run, string $op): array
    {
        return $run['counts']['ops'][$op]['counts'] ?? [];
    }

    private function termByName(string $name): ?WP_Term
    {
        $t = get_terms(['taxonomy' => 'product_cat', 'hide_empty' => false, 'name' => $name]);
        $this->assertLessThanOrEqual(1, count($t), "one category named $name");
        return $t ? $t[0] : null;
    }

    public function testCategoriesDownKeepTheHierarchyAndMatchByTitle(): void
    {
        self::$sim->seed(['api' => 'sitoo', 'categories' => [['title' => 'Clothes'], ['title' => 'Shirts', 'parent' => 0], ['title' => 'Shoes'], ['title' => 'Sandals', 'parent' => 2]]]);
        $shoes = wp_insert_term('Shoes', 'product_cat');
        $run = $this->job(['categories_down']);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $clothes = $this->termByName('Clothes');
        $shirts = $this->termByName('Shirts');
        $sandals = $this->termByName('Sandals');
        $this->assertSame($clothes->term_id, $shirts->parent, 'Shirts stays under Clothes');
        $this->assertSame((int) $shoes['term_id'], $sandals->parent, 'Sandals under the existing Shoes');
        $this->assertSame((int) $shoes['term_id'], $this->termByName('Shoes')->term_id, 'the existing Shoes was matched, not made again');
        $links = CatalogMap::all('category');
        $this->assertCount(4, $links);
        $remote = array_column(self::$sim->state('sitoo')['categories'], 'title', 'categoryid');
        $this->assertSame('Shirts', $remote[(int) $links[$shirts->term_id]]);
        $this->assertSame(3, $this->counts($run, 'categories_down')['created']);
        $this->assertSame(1, $this->counts($run, 'categories_down')['linked']);

        $again = $this->job(['categories_down']);
        $this->assertArrayNotHasKey('created', $this->counts($again, 'categories_down'), 'a second run creates nothing');
    }

    public function testProductsDownCreateVariableProductsWithVariationsCategoriesAndManufacturer(): void
    {
        self::$sim->seed(['api' => 'sitoo', 'products' => 2, 'variant_groups' => 2, 'variants_per_group' => 3,
            'categories' => [['title' => 'Shirts']], 'manufacturers' => ['Acme']]);
        $singles = [];
        CompleteSync::operations(); // the connector below is the settings' one
        ErpSync\Plugin\Sync\Sitoo\CatalogOperation::connector()->fetchProducts(function (array $items) use (&$singles) {
            foreach ($items as $p) {
                if ($p['kind'] === 'single') {
                    $singles[] = $p;
                }
            }
        });
        $this->assertCount(2, $singles);
        $existing = $this->product($singles[0]['sku'], '1.00'); // the shop already has one of them
        $run = $this->job(['products_down']);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $c = $this->counts($run, 'products_down');
        $this->assertSame(3, $c['created'], 'one single and two variable products created');
        $this->assertSame(6, $c['variations_created']);
        $this->assertSame(1, $c['linked'], 'the existing product linked by SKU');
        $this->assertSame([4, 4], $run['counts']['ops']['products_down']['progress'], 'progress counts groups: 2 singles and 2 main variants');

        $this->assertSame($existing->get_id(), wc_get_product_id_by_sku($singles[0]['sku']));
        // Sitoo's prices include VAT (the default); this shop enters prices without it (22 %).
        $this->assertSame(ErpSync\Plugin\Sync\Sitoo\Prices::convert((string) $singles[0]['moneyprice'], '22.0000', false), wc_get_product($existing->get_id())->get_regular_price(), 'Sitoo owns the price: the matched product is updated');
        $variable = wc_get_products(['type' => 'variable', 'limit' => -1]);
        $this->assertCount(2, $variable);
        $shirts = $this->termByName('Shirts');
        $acme = get_term_by('name', 'Acme', 'pa_manufacturer');
        $this->assertNotFalse($acme, 'the manufacturer became a term of the manufacturer attribute');
        foreach ($variable as $v) {
            $children = $v->get_children();
            $this->assertCount(3, $children);
            $this->assertSame(['XS', 'M', 'L'], $v->get_attributes()['size']->get_options());
            $this->assertSame([$shirts->term_id], $v->get_category_ids());
            $this->assertSame([$acme->term_id], wp_get_post_terms($v->get_id(), 'pa_manufacturer', ['fields' => 'ids']));
            $var = wc_get_product($children[1]);
            $this->assertSame('M', $var->get_attribute('size'));
            $this->assertSame($v->get_sku() . '-M', $var->get_sku());
            $price = ErpSync\Plugin\Sync\Sitoo\Prices::convert('19.90', '22.0000', false); // Sitoo's 19.90 includes 22 % VAT
            $this->assertSame($price, $var->get_regular_price());
            $this->assertSame($price, $v->get_variation_regular_price('min'), 'the parent was synced');
            $this->assertNotNull(CatalogMap::remote('product', $var->get_id()), 'variation linked ' . $var->get_id() . ' ' . json_encode(CatalogMap::all('product')));
        }
        $this->assertCount(2 + 2 + 6, CatalogMap::all('product'));
        $this->assertCount(1, CatalogMap::all('manufacturer'));

        $again = $this->job(['products_down']);
        $c2 = $this->counts($again, 'products_down');
        $this->assertArrayNotHasKey('created', $c2, 'a second run creates nothing');
        $this->assertSame(4, $c2['unchanged']);
        $this->assertCount(2, wc_get_products(['type' => 'variable', 'limit' => -1]));
    }

    public function testMatchProductsOnlyLinksAndDryRunWritesNothing(): void
    {
        self::$sim->seed(['api' => 'sitoo', 'products' => 3, 'variant_groups' => 1]);
        $skus = [];
        ErpSync\Plugin\Sync\Sitoo\CatalogOperation::connector()->fetchProducts(function (array $items) use (&$skus) {
            foreach ($items as $p) {
                $skus[] = $p['sku'];
            }
        });
        $this->product($skus[0], '5.00');
        $dry = $this->job(['products_down'], ['dry_run' => true]);
        $this->assertSame('dry-run', $dry['state']);
        $this->assertSame(1, (int) wp_count_posts('product')->publish, 'dry run: nothing created');
        $this->assertSame([], CatalogMap::all('product'), 'dry run: nothing linked');
        $plan = Engine::plan((int) $dry['id'], 0, 100, 'create');
        $this->assertCount(3, $plan, 'the dry run lists what it would create (2 singles, 1 variable product)');
        $this->assertCount(1, Engine::plan((int) $dry['id'], 0, 100, 'link'));

        $m = $this->job(['match_products']);
        $this->assertSame(1, $this->counts($m, 'match_products')['linked']);
        $this->assertSame(3, $this->counts($m, 'match_products')['unmatched']);
        $this->assertSame(1, (int) wp_count_posts('product')->publish, 'match creates nothing');
    }

    public function testManufacturersMatchTheAttribute(): void
    {
        self::$sim->seed(['api' => 'sitoo', 'manufacturers' => ['Acme', 'Globex']]);
        ErpSync\Plugin\Sync\Sitoo\ManufacturersOperation::ensure_taxonomy();
        $acme = wp_insert_term('Acme', 'pa_manufacturer');
        $run = $this->job(['manufacturers']);
        $this->assertSame(1, $this->counts($run, 'manufacturers')['linked']);
        $this->assertSame(1, $this->counts($run, 'manufacturers')['created']);
        $links = CatalogMap::all('manufacturer');
        $this->assertArrayHasKey((int) $acme['term_id'], $links);
        $ids = array_column(self::$sim->state('sitoo')['manufacturers'], 'externalcompanyid', 'name');
        $this->assertSame((string) $ids['Acme'], $links[(int) $acme['term_id']]);
        $this->assertGreaterThan(0, (int) get_option('erpsync_sitoo_manufacturers_at'));
    }

    public function testVouchersDownAsCouponsAndCouponsUpExactlyOnce(): void
    {
        Settings::put('sitoo', ['misc_coupons_as_vouchers' => 'yes']);
        self::$sim->seed(['api' => 'sitoo', 'vouchers' => [['code' => 'KAVA10', 'type' => 100, 'percent' => 10], ['code' => 'MINUS5', 'type' => 200, 'amount' => '5.00']]]);
        $local = new WC_Coupon();
        $local->set_code('local20');
        $local->set_discount_type('percent');
        $local->set_amount('20');
        $local->save();
        $run = $this->job(['vouchers_down', 'vouchers_up']);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $kava = new WC_Coupon('kava10');
        $this->assertSame('percent', $kava->get_discount_type());
        $this->assertSame('10', (string) $kava->get_amount());
        $this->assertSame('fixed_cart', (new WC_Coupon('minus5'))->get_discount_type());
        $this->assertCount(3, CatalogMap::all('voucher'));
        $codes = array_column(self::$sim->state('sitoo')['vouchers'], 'vouchercode');
        $this->assertSame(['KAVA10', 'MINUS5', 'local20'], $codes);

        // A lost reply: the voucher was made; the next run looks the code up first and links it.
        $lost = new WC_Coupon();
        $lost->set_code('lost7');
        $lost->set_discount_type('fixed_cart');
        $lost->set_amount('7');
        $lost->save();
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/vouchers.json', 'kind' => 'lost_reply']);
        $failed = $this->job(['vouchers_up'], ['ignore_errors' => true]);
        $this->assertSame('done', $failed['state']);
        $this->assertCount(1, $failed['counts']['ops']['vouchers_up']['errors'], 'the lost reply is listed');
        $this->job(['vouchers_up']);
        $codes = array_column(self::$sim->state('sitoo')['vouchers'], 'vouchercode');
        $this->assertSame(1, count(array_keys($codes, 'lost7')), 'made once');
        $this->assertNotNull(CatalogMap::remote('voucher', $lost->get_id()));
    }

    private function variable(string $sku, array $sizes): WC_Product_Variable
    {
        $p = new WC_Product_Variable();
        $p->set_name("Tee $sku");
        $p->set_sku($sku);
        $a = new WC_Product_Attribute();
        $a->set_name('Size');
        $a->set_options($sizes);
        $a->set_visible(true);
        $a->set_variation(true);
        $p->set_attributes([$a]);
        $p->save();
        foreach ($sizes as $s) {
            $v = new WC_Product_Variation();
            $v->set_parent_id($p->get_id());
            $v->set_sku("$sku-$s");
            $v->set_regular_price('12.00');
            $v->set_attributes(['size' => $s]);
            $v->save();
        }
        return wc_get_product($p->get_id());
    }

    public function testProductsUpExactlyOnceAfterALostReply(): void
    {
        $a = $this->product('UP-A', '10.00');
        $b = $this->product('UP-B', '20.00');
        $v = $this->variable('UP-TEE', ['S', 'M']);
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/products.json', 'kind' => 'lost_reply']);
        $run = $this->job(['products_up']);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $c = $this->counts($run, 'products_up');
        $this->assertSame(3, $c['found_after_lost_reply'] ?? $c['linked'] ?? 0, 'the lookup by SKU found what the lost reply created');
        $this->assertCount(1, $this->posts('sitoo', 'POST', '~/sites/1/products\.json$~'), 'never sent twice');
        $state = self::$sim->state('sitoo');
        $this->assertSame(3 + 2, $state['products'], 'three products and two variants, no duplicate');
        foreach ([$a, $b, $v] as $p) {
            $this->assertNotNull(CatalogMap::remote('product', $p->get_id()));
        }
        foreach ($v->get_children() as $vid) {
            $this->assertNotNull(CatalogMap::remote('product', $vid), 'variation linked from the stored variant set');
        }
        $this->assertSame([], CatalogMap::unknown('product'));
        $again = $this->job(['products_up']);
        $this->assertSame(0, $again['counts']['ops']['products_up']['progress'][1], 'nothing left to send');
    }

    public function testProductsUpOverwriteASkuSitooHoldsAndSendPricesIncludingVat(): void
    {
        self::$sim->seed(['api' => 'sitoo', 'products' => 1]);
        $found = ErpSync\Plugin\Sync\Sitoo\CatalogOperation::connector()->findProducts(['SKU-001001']);
        $this->assertArrayHasKey('SKU-001001', $found);
        $p = $this->product('SKU-001001', '10.00');
        $p->set_name('Shop name');
        $p->save();
        $run = $this->job(['products_up']);
        $this->assertSame(1, $this->counts($run, 'products_up')['overwritten']);
        $this->assertSame((string) $found['SKU-001001']['productid'], CatalogMap::remote('product', $p->get_id()));
        $put = $this->posts('sitoo', 'PUT', '~/sites/1/products\.json$~');
        $this->assertCount(1, $put);
        $body = json_decode($put[0]['body'], true);
        $this->assertSame('Shop name', $body[0]['title']);
        $this->assertSame('12.20', $body[0]['moneyprice'], 'prices sent including VAT (22 %)');

        Settings::put('sitoo', ['misc_prices_incl_vat' => 'no']);
        $this->job(['products_resync_parents']);
        $put = $this->posts('sitoo', 'PUT', '~/sites/1/products\.json$~');
        $this->assertSame('10.00', json_decode(end($put)['body'], true)[0]['moneyprice'], 'excluding VAT when off');
        $this->assertFalse(Settings::connector_settings('sitoo')['prices_include_tax']);
    }

    public function testCategoriesUpParentsFirstThenResync(): void
    {
        $parent = wp_insert_term('Garden', 'product_cat');
        $child = wp_insert_term('Tools', 'product_cat', ['parent' => $parent['term_id']]);
        $run = $this->job(['categories_up']);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $links = CatalogMap::all('category');
        $remote = array_column(self::$sim->state('sitoo')['categories'], null, 'categoryid');
        $this->assertSame('Tools', $remote[(int) $links[$child['term_id']]]['title']);
        $this->assertSame((int) $links[$parent['term_id']], (int) $remote[(int) $links[$child['term_id']]]['categoryparentid']);
        wp_update_term($child['term_id'], 'product_cat', ['name' => 'Hand tools']);
        $this->job(['categories_resync']);
        $remote = array_column(self::$sim->state('sitoo')['categories'], null, 'categoryid');
        $this->assertSame('Hand tools', $remote[(int) $links[$child['term_id']]]['title']);
        $this->assertCount(2, $remote, 'nothing made twice');
    }

    public function testNoEchoOfSitooWritesAndLinkedChangesGoUpAtOnce(): void
    {
        Settings::put('sitoo', ['misc_send_at_once' => 'yes']);
        self::$sim->seed(['api' => 'sitoo', 'products' => 2, 'variant_groups' => 1]);
        $this->job(['products_down']);
        $this->assertSame([], $this->pending(Catalog::SEND_HOOK), 'writes made by the Sitoo sync are not sent back');
        $this->job(['products_down']); // and updates neither
        $this->assertSame([], $this->pending(Catalog::SEND_HOOK));

        $links = CatalogMap::all('product');
        $simple = null;
        foreach (array_keys($links) as $id) {
            if (wc_get_product($id)->is_type('simple')) {
                $simple = wc_get_product($id);
                break;
            }
        }
        $simple->set_name('Renamed in the shop');
        $simple->save();
        $pending = $this->pending(Catalog::SEND_HOOK);
        $this->assertCount(1, $pending, 'an owner change of a linked product is queued at once');
        $this->assertSame(['product', $simple->get_id()], $pending[0]['args']);
        $this->runQueue();
        $put = $this->posts('sitoo', 'PUT', '~/sites/1/products\.json$~');
        $this->assertSame('Renamed in the shop', json_decode(end($put)['body'], true)[0]['title']);

        $var = wc_get_products(['type' => 'variable', 'limit' => 1])[0];
        $child = wc_get_product($var->get_children()[0]);
        $child->set_regular_price('25.00');
        $child->save();
        $this->assertSame(['variations', $var->get_id()], $this->pending(Catalog::SEND_HOOK)[0]['args']);
        $this->runQueue();
        $this->assertCount(1, $this->posts('sitoo', 'PUT', '~/productvariants\.json$~'));

        Settings::put('sitoo', ['misc_send_at_once' => 'no']);
        $simple->set_name('Again');
        $simple->save();
        $this->assertSame([], $this->pending(Catalog::SEND_HOOK), 'off: nothing queued');
    }
}
