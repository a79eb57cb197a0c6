<?php
/**
 * What the owner sees of Sitoo's stock steps (Admin\SitooStockUi over Admin\Query\SitooStockQuery), on real
 * WooCommerce against the simulator: a refunded order's box lists its reduction and its refund's return (items,
 * warehouse, when, state, reference), a refund made before the reduction shows as waiting and then absorbed, a cancel
 * adds the restock of what is left, a reduction whose reply was lost shows as not confirmed until it is settled; an
 * unknown virtual put shows on the Sitoo tab with its next read-back and disappears once settled (Settle now); Settle
 * now is refused to a shop manager without manage_woocommerce and with a bad nonce, and nothing is shown to them.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooStockOrderSteps.php';

use ErpSync\Plugin\Admin\Query\SitooStockQuery;
use ErpSync\Plugin\Admin\SitooStockUi;
use ErpSync\Plugin\Sync\Sitoo\StockDown;
use ErpSync\Plugin\Sync\Sitoo\StockOrders;
use ErpSync\Plugin\Sync\Sitoo\StockUnknown;
use ErpSync\Plugin\Sync\Sitoo\StockUp;

final class SitooStockViewTest extends WcTestCase
{
    use SitooStockOrderSteps;

    protected function setUp(): void
    {
        parent::setUp();
        $this->stepsShop();
        delete_transient(SitooStockUi::NOTICE . get_current_user_id());
        require_once ABSPATH . 'wp-admin/includes/template.php'; // add_meta_box()
        require_once WC_ABSPATH . 'includes/admin/wc-admin-functions.php'; // wc_get_page_screen_id(), as on an admin screen
    }

    private function physical(): void
    {
        $this->configure('sitoo', ['warehouse_id' => '1', 'warehouse_type' => 'physical', 'trigger_stock' => 'yes', 'statuses' => ['processing']]);
        StockDown::poll(); // baselines
    }

    /** Step => [amounts, status, warehouse, ref] of the order's steps, in their order. */
    private function steps(WC_Order $o): array
    {
        return array_map(fn($s) => [$s['step'] . ($s['refund'] ? '#' . $s['refund'] : ''), $s['amounts'], $s['status'], $s['warehouse'], $s['ref']],
            SitooStockQuery::order_steps(wc_get_order($o->get_id())));
    }

    /** Whether the order screen would get the box (HPOS: the order is passed; posts: its post). */
    private function boxAdded(WC_Order $o): bool
    {
        global $wp_meta_boxes;
        $wp_meta_boxes = [];
        $obj = Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ? $o : get_post($o->get_id());
        SitooStockUi::add_meta_box('', $obj);
        return isset($wp_meta_boxes[wc_get_page_screen_id('shop-order')]['normal']['default']['erpsync-sitoo-stock']);
    }

    /**
     * @group hpos
     */
    public function testARefundedOrderShowsItsStepsAndACancelAddsTheRestock(): void
    {
        $this->physical();
        [$a, $b] = array_keys($this->ids);
        $t0 = time();
        $plain = $this->newOrder([$a => 1], 'pending');
        $this->assertFalse($this->boxAdded($plain), 'no box on an order without a Sitoo stock step');
        $this->assertSame([], SitooStockQuery::order_steps($plain));

        $o = $this->newOrder([$a => 5, $b => 2], 'processing');
        $r1 = $this->refund($o, [$a => 2]);
        $id = $o->get_id();
        $this->assertSame([
            ['reduce', [$a => -5.0, $b => -2.0], 'done', '1', "wco-$id"],
            ["refund#$r1", [$a => 2.0], 'done', '1', "wcrf-$r1"],
        ], $this->steps($o));
        foreach (SitooStockQuery::order_steps(wc_get_order($id)) as $s) {
            $this->assertGreaterThanOrEqual($t0, $s['at'], 'when it was done');
            $this->assertLessThanOrEqual(time(), $s['at']);
            $this->assertSame('', $s['error']);
        }
        $this->assertTrue($this->boxAdded($o));
        $html = $this->out(fn() => SitooStockUi::meta_box(wc_get_order($id)));
        $this->assertStringContainsString('Stock reduced (order processing)', $html);
        $this->assertStringContainsString("$a −5<br />$b −2", $html, 'an item a line');
        $this->assertStringContainsString("Refund #$r1: items put back in stock", $html);
        $this->assertStringContainsString("$a +2", $html);
        $this->assertStringContainsString(">wcrf-$r1</code>", $html);
        $this->assertSame(2, substr_count($html, '<td class="erpsync-step-state">done'), 'both done');
        $this->assertStringContainsString(esc_html(wp_date(get_option('date_format'), time())), $html, 'when, in the site\'s format');
        $this->assertStringNotContainsString(ErpSyncTest\Sim::SITOO_PASSWORD, $html);

        // what the HPOS-off order screen passes: the post
        if (!Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled()) {
            $this->assertSame($html, $this->out(fn() => SitooStockUi::meta_box(get_post($id))));
        }

        $this->status($o, 'cancelled');
        $this->assertSame([
            ['reduce', [$a => -5.0, $b => -2.0], 'done', '1', "wco-$id"],
            ["refund#$r1", [$a => 2.0], 'done', '1', "wcrf-$r1"],
            ['restock', [$a => 3.0, $b => 2.0], 'done', '1', "wcr-$id"],
        ], $this->steps($o), 'the cancel gives back what is left');
        $this->assertStringContainsString('Stock put back (order cancelled)', $this->out(fn() => SitooStockUi::meta_box(wc_get_order($id))));
    }

    /**
     * @group hpos
     */
    public function testARefundBeforeTheReductionWaitsAndIsThenAbsorbed(): void
    {
        $this->physical();
        [, $b] = array_keys($this->ids);
        $p = $this->newOrder([$b => 3], 'on-hold'); // WooCommerce reduced; Sitoo waits for processing
        $r = $this->refund($p, [$b => 1]);
        $this->assertTrue($this->boxAdded($p), 'a refund step alone is enough for the box');
        $this->assertSame([["refund#$r", [$b => 1.0], 'waiting', '1', "wcrf-$r"]], $this->steps($p));
        $this->assertStringContainsString('waiting for the order&#039;s stock reduction', $this->out(fn() => SitooStockUi::meta_box(wc_get_order($p->get_id()))));

        $this->status($p, 'processing');
        $id = $p->get_id();
        $this->assertSame([
            ['reduce', [$b => -2.0], 'done', '1', "wco-$id"],
            ["refund#$r", [$b => 1.0], 'absorbed', '', "wcrf-$r"],
        ], $this->steps($p), 'the reduction left the refunded item out; nothing went back for it');
        $html = $this->out(fn() => SitooStockUi::meta_box(wc_get_order($id)));
        $this->assertStringContainsString('left out of the reduction', $html);
        $this->assertStringContainsString("$b × 1", $html, 'an absorbed refund\'s items never moved Sitoo: no sign');
    }

    /**
     * @group hpos
     */
    public function testAReductionWhoseReplyWasLostShowsAsNotConfirmedUntilSettled(): void
    {
        $this->physical();
        [$a] = array_keys($this->ids);
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/warehousetransactions.json', 'kind' => 'lost_reply']);
        $o = $this->newOrder([$a => 4], 'processing');
        $s = SitooStockQuery::order_steps(wc_get_order($o->get_id()))[0];
        $this->assertSame(['reduce', 'unconfirmed', 1, [$a => -4.0]], [$s['step'], $s['status'], $s['attempts'], $s['amounts']]);
        $this->assertNotSame('', $s['error'], 'why');
        $html = $this->out(fn() => SitooStockUi::meta_box(wc_get_order($o->get_id())));
        $this->assertStringContainsString('not confirmed yet (1 attempt)', $html);
        $this->assertStringNotContainsString(ErpSyncTest\Sim::SITOO_PASSWORD, $html);
        $this->runQueue(true); // settled by reading Sitoo's transactions
        $s = SitooStockQuery::order_steps(wc_get_order($o->get_id()))[0];
        $this->assertSame(['done', ''], [$s['status'], $s['error']]);
    }

    private function unknownPut(string $sku): void
    {
        $this->configure('sitoo', ['warehouse_id' => '3', 'warehouse_type' => 'virtual', 'trigger_stock' => 'yes']);
        $this->sitooClient()->request('PUT', '/sites/1/warehouses/3/warehouseitems.json', ['json' => [['sku' => $sku, 'decimaltotal' => '20.000']]]);
        StockDown::poll();
        // the put never reaches Sitoo (reset, both attempts); the read before it goes through, the read-back is reset
        self::$sim->fault(['api' => 'sitoo', 'method' => 'PUT', 'path' => '/sites/1/warehouses/3/warehouseitems.json', 'kind' => 'reset', 'count' => 2]);
        self::$sim->fault(['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites/1/warehouses/3/warehouseitems.json', 'kind' => 'reset', 'count' => 2, 'skip' => 1]);
        wc_update_product_stock($this->ids[$sku], 4, 'decrease');
        StockUp::flush();
    }

    private function settleNow(string $nonce): ?string
    {
        $_POST = $_REQUEST = ['_wpnonce' => $nonce, 'action' => SitooStockUi::SETTLE];
        try {
            SitooStockUi::handle_settle();
        } catch (Redirected $r) {
            return $r->location;
        }
        return null;
    }

    public function testAnUnknownPutShowsUntilSettledNow(): void
    {
        [$a] = array_keys($this->ids);
        $t0 = time();
        $this->unknownPut($a);
        $rows = SitooStockQuery::unknown();
        $this->assertCount(1, $rows);
        $r = $rows[0];
        $this->assertSame([$this->ids[$a], "Shop $a", $a, '3', '20', '16', '-4', 'unknown'], [$r['product'], $r['name'], $r['sku'], $r['warehouse'], $r['before'], $r['after'], $r['delta'], $r['state']]);
        $this->assertGreaterThanOrEqual($t0, $r['since']);
        $this->assertNotSame('', $r['error']);
        $next = SitooStockQuery::next_settle();
        $this->assertSame('settle', $next['by'], 'the settlement action is queued');
        $this->assertGreaterThan(time(), $next['at']);
        $html = $this->out([SitooStockUi::class, 'unknown_box']);
        $this->assertStringContainsString('Stock puts not confirmed', $html);
        $this->assertStringContainsString("data-sku=\"$a\"", $html);
        $this->assertStringContainsString('−4 (Sitoo total 20 → 16)', $html);
        $this->assertStringContainsString('Read back next at ' . wp_date(get_option('date_format') . ' ' . get_option('time_format'), $next['at']), $html);
        $this->assertStringContainsString('name="_wpnonce"', $html, 'Settle now carries its nonce');
        $this->assertStringNotContainsString(ErpSyncTest\Sim::SITOO_PASSWORD, $html);
        // the same box on the Sitoo tab
        $this->assertStringContainsString("data-sku=\"$a\"", $this->out([ErpSync\Plugin\Sync\Sitoo\CompleteSyncPage::class, 'page']));

        // Settle now while Sitoo still cannot be read: still unknown, said so
        self::$sim->fault(['api' => 'sitoo', 'method' => 'GET', 'path' => '/sites/1/warehouses/3/warehouseitems.json', 'kind' => 'reset', 'count' => 2]);
        $this->assertSame(ErpSync\Plugin\Sync\Sitoo\CompleteSyncPage::url(), $this->settleNow(wp_create_nonce(SitooStockUi::SETTLE)));
        $html = $this->out([SitooStockUi::class, 'unknown_box']);
        $this->assertStringContainsString("$a: still not known", $html);
        $this->assertStringContainsString('1 read-back tried', $html);
        $this->assertCount(1, SitooStockQuery::unknown());
        $this->assertSame(20.0, $this->total($a, 3));

        // Settle now: read back → it had not arrived → sent once; the row leaves the list
        $this->settleNow(wp_create_nonce(SitooStockUi::SETTLE));
        $this->assertSame([], SitooStockQuery::unknown());
        $this->assertSame(16.0, $this->total($a, 3), 'sent by the settlement');
        $settled = SitooStockQuery::settled();
        $this->assertSame([[$a, 'resent']], array_map(fn($r) => [$r['sku'], $r['how']], $settled));
        $html = $this->out([SitooStockUi::class, 'unknown_box']);
        $this->assertStringContainsString("$a: it had not arrived: sent again, once", $html, 'what Settle now did');
        $this->assertStringContainsString('None: every stock put is confirmed.', $html);
        $this->assertStringContainsString('it had not arrived: sent again, once', $html);
        $this->assertStringNotContainsString('Settle now</button>', $html, 'nothing left to settle');
        $this->runQueue(true);
        $this->assertSame(16.0, $this->total($a, 3), 'once');
    }

    public function testSettleNowIsRefusedWithoutTheRightOrWithABadNonce(): void
    {
        [$a] = array_keys($this->ids);
        $this->unknownPut($a);
        $reads = count($this->posts('sitoo', 'GET', '~/warehouses/3/warehouseitems\.json$~'));
        $manager = wp_insert_user(['user_login' => 'nocap' . wp_rand(), 'user_pass' => wp_generate_password(), 'role' => 'shop_manager']);
        (new WP_User($manager))->add_cap('manage_woocommerce', false);
        wp_set_current_user($manager);
        try {
            $this->settleNow(wp_create_nonce(SitooStockUi::SETTLE));
            $this->fail('a shop manager without manage_woocommerce settled');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        $this->assertSame('', $this->out([SitooStockUi::class, 'unknown_box']), 'nothing shown to them');
        wp_set_current_user(self::$admin);
        try {
            $this->settleNow('0badnonce0');
            $this->fail('a bad nonce settled');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        $this->assertSame('unknown', SitooStockQuery::unknown()[0]['state'] ?? null, 'still unknown');
        $this->assertSame($reads, count($this->posts('sitoo', 'GET', '~/warehouses/3/warehouseitems\.json$~')), 'Sitoo was not read');
        $this->assertSame(20.0, $this->total($a, 3));
    }

    /**
     * @group hpos
     */
    public function testTheOrderBoxIsNotShownToAShopManagerWithoutTheRight(): void
    {
        $this->physical();
        [$a] = array_keys($this->ids);
        $o = $this->newOrder([$a => 1], 'processing');
        $this->assertTrue($this->boxAdded($o));
        $manager = wp_insert_user(['user_login' => 'nocap' . wp_rand(), 'user_pass' => wp_generate_password(), 'role' => 'shop_manager']);
        (new WP_User($manager))->add_cap('manage_woocommerce', false);
        wp_set_current_user($manager);
        $this->assertFalse($this->boxAdded($o));
        $this->assertSame('', $this->out(fn() => SitooStockUi::meta_box(wc_get_order($o->get_id()))));
        wp_set_current_user(self::$admin);
    }
}
