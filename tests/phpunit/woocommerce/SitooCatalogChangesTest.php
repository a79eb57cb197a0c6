<?php
/**
 * Sitoo catalogue changes on real WooCommerce against the simulator (the gaps left on issue 11): a linked coupon's
 * change goes up at once as a voucher update (and a change a Sitoo sync wrote does not: no echo); a category moved
 * to the top level loses its Sitoo parent (categoryparentid null), by the resync and at once.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooCatalogTest.php';

use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Sitoo\Catalog;
use ErpSync\Plugin\Sync\Sitoo\CatalogMap;
use ErpSync\Plugin\Sync\Sitoo\CompleteSync;
use ErpSync\Plugin\Sync\Sitoo\Origin;

final class SitooCatalogChangesTest extends WcTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        $this->configure('sitoo', ['misc_voucher_types' => 'percent:100, fixed_cart:200']);
        $wpdb->query("UPDATE {$wpdb->prefix}erpsync_sync_runs SET active = NULL");
        SitooCatalogTest::wipeCatalog();
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
}
