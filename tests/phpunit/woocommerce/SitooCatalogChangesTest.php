<?php
/**
 * Sitoo catalogue changes on real WooCommerce against the simulator (the gaps left on issue 11): a linked coupon's
 * change goes up at once as a voucher update (and a change a Sitoo sync wrote does not: no echo); a category moved
 * to the top level loses its Sitoo parent (categoryparentid null), by the resync and at once; prices converted for
 * VAT in exact integer arithmetic (Prices), up with the product's tax class rate.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooTestSetUp.php';

use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Sitoo\Catalog;
use ErpSync\Plugin\Sync\Sitoo\CatalogMap;
use ErpSync\Plugin\Sync\Sitoo\CompleteSync;
use ErpSync\Plugin\Sync\Sitoo\Origin;
use ErpSync\Plugin\Sync\Sitoo\Prices;

final class SitooCatalogChangesTest extends WcTestCase
{
    use SitooTestSetUp;

    protected function setUp(): void
    {
        parent::setUp();
        $this->configure('sitoo', ['misc_voucher_types' => 'percent:100, fixed_cart:200']);
        $this->endActiveSyncRuns();
        self::wipeCatalog();
    }

    private function job(array $ops, array $options = []): array
    {
        $run = CompleteSync::run_inline(CompleteSync::start($ops, $options, 'test', false));
        $this->assertSame('done', $run['state'], (string) $run['message']);
        return $run;
    }

    private function voucher(string $id): array
    {
        return array_column(self::$sim->state('sitoo')['vouchers'], null, 'voucherid')[(int) $id];
    }

    public function testALinkedCouponChangeGoesUpAtOnceAndASitooWriteDoesNot(): void
    {
        Settings::put('sitoo', ['misc_coupons_as_vouchers' => 'yes', 'misc_send_at_once' => 'yes']);
        $c = new WC_Coupon();
        $c->set_code('kava10');
        $c->set_discount_type('percent');
        $c->set_amount('10');
        $c->set_date_expires('2027-03-31');
        $c->save();
        $this->job(['vouchers_up']);
        $remote = CatalogMap::remote('voucher', $c->get_id());
        $this->assertNotNull($remote);
        $this->assertSame(10, (int) $this->voucher($remote)['value_x']);
        $this->runQueue(true);

        $c = new WC_Coupon($c->get_id());
        $c->set_amount('15');
        $c->set_date_expires(null);
        $c->save();
        $pending = $this->pending(Catalog::SEND_HOOK);
        $this->assertCount(1, $pending, 'the change of a linked coupon is queued at once');
        $this->assertSame(['voucher', $c->get_id()], $pending[0]['args']);
        $this->runQueue();
        $v = $this->voucher($remote);
        $this->assertSame(15, (int) $v['value_x']);
        $this->assertNull($v['dateend'] ?? null, 'the expiry taken away in the shop is taken away in Sitoo');
        $this->assertCount(1, self::$sim->state('sitoo')['vouchers'], 'an update, not a second voucher');
        $this->assertCount(1, $this->posts('sitoo', 'PUT', '~/sites/1/vouchers/\d+\.json$~'));

        // a change a Sitoo sync writes (Origin) is not sent back
        Origin::run(function () use ($c) {
            $x = new WC_Coupon($c->get_id());
            $x->set_amount('20');
            $x->save();
        });
        $this->assertSame([], $this->pending(Catalog::SEND_HOOK), 'no echo');

        // an unlinked coupon and the setting off: nothing queued
        $other = new WC_Coupon();
        $other->set_code('free5');
        $other->set_discount_type('fixed_cart');
        $other->set_amount('5');
        $other->save();
        $other->set_amount('6');
        $other->save();
        $this->assertSame([], $this->pending(Catalog::SEND_HOOK), 'an unlinked coupon is not sent at once');
        Settings::put('sitoo', ['misc_send_at_once' => 'no']);
        $c = new WC_Coupon($c->get_id());
        $c->set_amount('30');
        $c->save();
        $this->assertSame([], $this->pending(Catalog::SEND_HOOK), 'off: nothing queued');
    }

    private function parentInSitoo(string $remote)
    {
        $all = array_column(self::$sim->state('sitoo')['categories'], null, 'categoryid');
        $this->assertArrayHasKey((int) $remote, $all);
        return $all[(int) $remote]['categoryparentid'] ?? null;
    }

    public function testACategoryMovedToTheTopLevelLosesItsSitooParent(): void
    {
        $garden = wp_insert_term('Garden', 'product_cat');
        $tools = wp_insert_term('Tools', 'product_cat', ['parent' => $garden['term_id']]);
        $this->job(['categories_up']);
        $links = CatalogMap::all('category');
        $this->assertSame((int) $links[$garden['term_id']], (int) $this->parentInSitoo($links[$tools['term_id']]));

        wp_update_term($tools['term_id'], 'product_cat', ['parent' => 0]);
        $this->job(['categories_resync']);
        $this->assertNull($this->parentInSitoo($links[$tools['term_id']]), 'resync: moved to the top level in Sitoo too');

        // at once: back under Garden, then to the top level again
        Settings::put('sitoo', ['misc_send_at_once' => 'yes']);
        wp_update_term($tools['term_id'], 'product_cat', ['parent' => $garden['term_id']]);
        $this->runQueue();
        $this->assertSame((int) $links[$garden['term_id']], (int) $this->parentInSitoo($links[$tools['term_id']]));
        wp_update_term($tools['term_id'], 'product_cat', ['parent' => 0]);
        $this->runQueue();
        $this->assertNull($this->parentInSitoo($links[$tools['term_id']]), 'at once: moved to the top level in Sitoo too');

        // under a category that is not linked: the Sitoo parent is left as it is (not moved to the top level)
        Settings::put('sitoo', ['misc_send_at_once' => 'no']);
        wp_update_term($tools['term_id'], 'product_cat', ['parent' => $garden['term_id']]);
        $this->job(['categories_resync']);
        $unlinked = wp_insert_term('Unlinked', 'product_cat');
        wp_update_term($tools['term_id'], 'product_cat', ['parent' => $unlinked['term_id']]);
        $before = count($this->posts('sitoo', 'PUT', '~/categories/\d+\.json$~'));
        CompleteSync::run_inline(CompleteSync::start(['categories_resync'], [], 'test', false));
        $this->assertGreaterThan($before, count($this->posts('sitoo', 'PUT', '~/categories/\d+\.json$~')));
        $this->assertSame((int) $links[$garden['term_id']], (int) $this->parentInSitoo($links[$tools['term_id']]), 'an unlinked parent moves nothing');
    }

    /** A 9.5 % rate for the reduced-rate class in Slovenia (the shop's base country). */
    private static function reducedRate(): void
    {
        global $wpdb;
        if (!$wpdb->get_var("SELECT tax_rate_id FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_country = 'SI' AND tax_rate_class = 'reduced-rate'")) {
            WC_Tax::_insert_tax_rate(['tax_rate_country' => 'SI', 'tax_rate_state' => '', 'tax_rate' => '9.5000', 'tax_rate_name' => 'DDV 9,5 %',
                'tax_rate_priority' => 1, 'tax_rate_compound' => 0, 'tax_rate_shipping' => 0, 'tax_rate_order' => 2, 'tax_rate_class' => 'reduced-rate']);
        }
        WC_Cache_Helper::invalidate_cache_group('taxes');
    }

    public function testPriceConversionIsExactAndRoundsHalfAwayFromZero(): void
    {
        // add VAT: a·(1+r), once rounded to cents; take it away: a/(1+r)
        $cases = [['10.00', '22.0000', true, '12.20'], ['0.25', '22.0000', true, '0.31'], ['0.05', '9.5000', true, '0.05'],
            ['1.10', '9.5000', true, '1.20'], ['12.20', '22.0000', false, '10.00'], ['0.61', '22.0000', false, '0.50'],
            ['10.95', '9.5000', false, '10.00'], ['1.0005', '0.0000', true, '1.00'], ['1.005', '0.0000', true, '1.01'],
            ['-1.005', '0.0000', true, '-1.01'], ['99999999.9999', '22.0000', true, '122000000.00'], ['19.99', '25.0000', false, '15.99'],
            ['0.01', '22.0000', false, '0.01'], ['0.03', '22.0000', false, '0.02']];
        foreach ($cases as [$amount, $rate, $add, $want]) {
            $this->assertSame($want, Prices::convert($amount, $rate, $add), "$amount " . ($add ? '+' : '-') . " $rate %");
        }
        foreach (['1,5', '1.00001', '1e3', '', '100000000.00'] as $bad) {
            $this->assertNull(Prices::convert($bad, '22', true), "refused: $bad");
        }
        // the round trip of every cent up to 100.00 at 22 % and 9.5 %: taking VAT away from what adding gave is the start
        foreach (['22.0000', '9.5000'] as $rate) {
            for ($c = 0; $c <= 10000; $c++) {
                $p = sprintf('%d.%02d', intdiv($c, 100), $c % 100);
                $this->assertSame($p, Prices::convert(Prices::convert($p, $rate, true), $rate, false), "$p at $rate %");
            }
        }
    }

    public function testPricesGoUpIncludingVatWithTheProductsTaxClassRate(): void
    {
        self::reducedRate();
        Settings::put('sitoo', ['misc_prices_incl_vat' => 'yes']);
        $std = $this->product('VAT-STD', '0.25');
        $red = $this->product('VAT-RED', '10.00');
        $red->set_tax_class('reduced-rate');
        $red->save();
        $this->assertSame('22.0000', Prices::base_rate(''));
        $this->assertSame('9.5000', Prices::base_rate('reduced-rate'));
        $this->job(['products_up']);
        $sent = [];
        foreach ($this->posts('sitoo', 'POST', '~/sites/1/products\.json$~') as $r) {
            foreach (json_decode($r['body'], true) as $p) {
                $sent[$p['sku']] = $p['moneyprice'];
            }
        }
        $this->assertSame(['VAT-STD' => '0.31', 'VAT-RED' => '10.95'], array_intersect_key($sent, ['VAT-STD' => 1, 'VAT-RED' => 1]));

        // Sitoo's price (incl. VAT) as this shop (prices excl. tax) stores it, by tax class
        $this->assertSame('10.00', Prices::to_shop('12.20'));
        $this->assertSame('10.00', Prices::to_shop('10.95', 'reduced-rate'));
        $this->assertSame('10.95', Prices::to_shop('10.95', 'reduced-rate', false), 'not taxable: as it is');
        Settings::put('sitoo', ['misc_prices_incl_vat' => 'no']);
        $this->assertSame('12.20', Prices::to_shop('12.20'), 'Sitoo prices excl. VAT and the shop excl. tax: as they are');
        $this->assertSame('10.00', Prices::to_sitoo(wc_get_product($red->get_id()), '10.00'));
        update_option('woocommerce_prices_include_tax', 'yes');
        try {
            $this->assertSame('12.20', Prices::to_shop('10.00'), 'Sitoo excl. VAT, the shop incl.: VAT added');
            $this->assertSame('10.00', Prices::to_sitoo(wc_get_product($std->get_id()), '12.20'));
        } finally {
            update_option('woocommerce_prices_include_tax', 'no');
        }
    }

    public function testPricesComeDownWithoutVatWhenTheShopEntersPricesExcludingTax(): void
    {
        Settings::put('sitoo', ['misc_prices_incl_vat' => 'yes']);
        self::$sim->seed(['api' => 'sitoo', 'products' => 3]);
        $this->job(['products_down']);
        $list = [];
        ErpSync\Plugin\Sync\Sitoo\CatalogOperation::connector()->fetchProducts(function (array $items) use (&$list) {
            array_push($list, ...$items);
        });
        $n = 0;
        foreach ($list as $sp) {
            $id = wc_get_product_id_by_sku($sp['sku']);
            $this->assertGreaterThan(0, $id);
            $this->assertSame(Prices::convert((string) $sp['moneyprice'], '22.0000', false), wc_get_product($id)->get_regular_price('edit'), $sp['sku']);
            $n++;
        }
        $this->assertSame(3, $n);
        // Fetched again unchanged: compared as the shop stores them (converted), nothing is rewritten.
        $again  = $this->job(['products_down']);
        $counts = $again['counts']['ops']['products_down']['counts'] ?? [];
        $this->assertArrayNotHasKey('updated', $counts, 'an unchanged Sitoo price is not written again: ' . wp_json_encode($counts));
        $this->assertArrayNotHasKey('variations_updated', $counts, wp_json_encode($counts));
        $this->assertGreaterThanOrEqual(1, $counts['unchanged'] ?? 0, wp_json_encode($counts));
    }
}
