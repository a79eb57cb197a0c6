<?php
/**
 * Sitoo orders down on real WooCommerce against the simulator: all or Store2Door only, the statuses of the
 * settings, exactly once (fetched twice; two processes at once, each taking every order through the claim; a
 * runner that died after creating the order), never exported back and never reducing stock again, kept out of
 * tracking and analytics hooks and emails, dry run, a rate limit pausing the poll, and the orders operations of
 * the Complete Sync (orders_all, orders_store2door, orders_cnc_missing).
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooTestSetUp.php';

use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Sitoo\Autosync;
use ErpSync\Plugin\Sync\Sitoo\OrdersIn;

final class SitooTrackerSpy
{
    public static int $calls = 0;

    public static function onOrder($id = 0): void
    {
        self::$calls++;
    }
}

/**
 * @group hpos
 */
final class SitooOrdersInTest extends WcTestCase
{
    use SitooTestSetUp;

    /** @var int[] Sitoo orderids: delivered POS sale, Store2Door order, the shop's own export */
    private array $sitoo = [];

    protected function setUp(): void
    {
        parent::setUp();
        $this->clearSyncRuns();
        delete_option(OrdersIn::FROM);
        foreach (wc_get_orders(['limit' => -1, 'return' => 'ids', 'status' => 'any']) as $id) {
            // a refund listed with its order is gone once the order is deleted (orders as posts)
            $o = wc_get_order($id);
            if ($o) {
                $o->delete(true);
            }
        }
        self::$sim->seed(['api' => 'sitoo', 'products' => 3, 'seed' => 5]);
        $this->configure('sitoo', ['statuses' => ['processing', 'completed'], 'orders_in_status' => 'completed', 'orders_in_store2door_status' => 'on-hold']);
        $p = $this->product('SKU-001001', '10.00');
        $p->set_manage_stock(true);
        $p->set_stock_quantity(20);
        $p->save();
        $this->sitoo = [
            'pos' => $this->sitooOrder('pos-1', true),
            's2d' => $this->sitooOrder('pos-2', false),
            'own' => $this->sitooOrder('wc-77', false),
        ];
    }

    /** An order made in Sitoo (POST orders), delivered at once (a POS sale) or not (Store2Door). */
    private function sitooOrder(string $ext, bool $delivered): int
    {
        $c = $this->sitooClient();
        $id = (int) $c->request('POST', '/sites/1/orders.json', ['json' => ['ordertypeid' => 10, 'externalid' => $ext, 'email' => 'ana@example.se',
            'namefirst' => 'Ana', 'namelast' => 'Berg', 'currencycode' => 'EUR', 'orderstateid' => 10, 'paymentstateid' => 20,
            'orderitems' => [['sku' => 'SKU-001001', 'productname' => 'Product', 'quantity' => 2, 'moneyrowprice' => '24.40', 'vatvalue' => 22]]]])->json();
        if ($delivered) {
            $o = $c->request('GET', "/sites/1/orders/$id.json")->json();
            $c->request('POST', "/sites/1/orders/$id/orderdeliveries.json", ['json' => ['warehouseid' => 2, 'orderdeliveryref' => $ext,
                'orderdeliveryitems' => [['orderitemid' => $o['orderitems'][0]['orderitemid'], 'quantity' => 2]]]]);
        }
        return $id;
    }

    private function fetched(): array
    {
        $out = [];
        foreach (wc_get_orders(['limit' => -1, 'status' => 'any', 'return' => 'objects', 'orderby' => 'ID', 'order' => 'ASC']) as $o) {
            if ($o->get_meta(OrdersIn::META_ORDERID) !== '') {
                $out[(int) $o->get_meta(OrdersIn::META_ORDERID)] = $o;
            }
        }
        return $out;
    }

    public function testAllOrdersComeDownOnceWithTheirStatusesAndAreNeverSentBack(): void
    {
        $made = count($this->posts('sitoo', 'POST', '~/orders\.json$~')); // the three Sitoo orders of setUp
        $r = OrdersIn::poll();
        $this->assertSame('done', $r['state']);
        $this->assertSame(['order' => 2], $r['counts']['created']);
        $this->assertSame(1, $r['counts']['skipped']['own_export'], 'the shop\'s own export is not fetched back');
        $got = $this->fetched();
        $this->assertSame([$this->sitoo['pos'], $this->sitoo['s2d']], array_keys($got));
        $pos = $got[$this->sitoo['pos']];
        $this->assertSame('completed', $pos->get_status());
        $this->assertSame('on-hold', $got[$this->sitoo['s2d']]->get_status(), 'Store2Door status');
        $this->assertSame('yes', $got[$this->sitoo['s2d']]->get_meta('_erpsync_sitoo_store2door'));
        $this->assertSame('24.40', $pos->get_total());
        $this->assertSame('ana@example.se', $pos->get_billing_email());
        $this->assertSame(2, $pos->get_item_count());
        $this->assertSame(20, wc_get_product(wc_get_product_id_by_sku('SKU-001001'))->get_stock_quantity(), 'Sitoo\'s stock moved, not the shop\'s again');
        $link = Mapping::get('sitoo', 'order_in', $pos->get_id());
        $this->assertSame([(string) $this->sitoo['pos'], 'done'], [$link['remote_id'], $link['state']]);
        $this->runQueue(true);
        $this->assertCount($made, $this->posts('sitoo', 'POST', '~/orders\.json$~'), 'a fetched order is never exported to Sitoo');
        $this->assertNull($this->row('sitoo', $pos));
        // fetched again from the first order on (the operation does that): nothing new
        $again = OrdersIn::poll(['from' => 0]);
        $this->assertSame(2, $again['counts']['skipped']['already_fetched']);
        $this->assertCount(2, $this->fetched());
        $this->assertSame($this->sitoo['own'] + 1, (int) get_option(OrdersIn::FROM));
    }

    public function testStore2DoorOnlyAndTheAutosyncTask(): void
    {
        $this->configure('sitoo', ['autosync_enabled' => 'yes', 'autosync_orders' => 'store2door', 'orders_in_store2door_status' => 'processing']);
        do_action(Autosync::TASKS_HOOK);
        $got = $this->fetched();
        $this->assertSame([$this->sitoo['s2d']], array_keys($got));
        $this->assertSame('processing', $got[$this->sitoo['s2d']]->get_status());
        $this->assertSame(20, wc_get_product(wc_get_product_id_by_sku('SKU-001001'))->get_stock_quantity(), 'processing does not reduce stock');
        $this->configure('sitoo', ['autosync_orders' => 'off']);
        delete_option(OrdersIn::FROM);
        do_action(Autosync::TASKS_HOOK);
        $this->assertCount(1, $this->fetched(), 'off: no fetch');
    }

    public function testTwoProcessesFetchingAtOnceMakeEachOrderOnce(): void
    {
        for ($i = 3; $i <= 12; $i++) {
            $this->sitooOrder("pos-$i", $i % 2 === 0);
        }
        $procs = [];
        $pipes = [];
        foreach (['a', 'b'] as $k) {
            $procs[$k] = proc_open([PHP_BINARY, '-d', 'extension=' . dirname(__DIR__, 3) . '/modules/erpsync.so', __DIR__ . '/run-sitoo.php', 'orders', "runner-$k"],
                [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes[$k], null, ['ERPSYNC_WP_PREFIX' => 'wc_'] + getenv());
        }
        $outcomes = [];
        foreach ($procs as $k => $p) {
            $out = stream_get_contents($pipes[$k][1]);
            $err = stream_get_contents($pipes[$k][2]);
            proc_close($p);
            $this->assertNotNull(json_decode($out, true), "runner $k: $out $err");
            $outcomes = array_merge($outcomes, json_decode($out, true));
        }
        $this->assertCount(12, $this->fetched(), '12 Sitoo orders of others, each one WooCommerce order');
        $this->assertSame(12, count(array_filter($outcomes, fn($o) => $o === 'created.order')), 'created once in all: ' . json_encode(array_count_values($outcomes)));
        $this->assertSame(2, count(array_filter($outcomes, fn($o) => $o === 'skipped.own_export')));
    }

    public function testARunnerThatDiedAfterCreatingIsLookedUpNotDuplicated(): void
    {
        global $wpdb;
        $order = wc_create_order();
        $order->update_meta_data(OrdersIn::META_ORDERID, (string) $this->sitoo['pos']);
        $order->save();
        // its claim: taken by a runner that died (expired), never marked done
        Mapping::claim('sitoo', OrdersIn::CLAIM, $this->sitoo['pos'], 'dead-runner', 300);
        $wpdb->query($wpdb->prepare('UPDATE ' . ErpSync\Plugin\Infra\Installer::map_table() . ' SET claimed_until = %s WHERE object_type = %s', gmdate('Y-m-d H:i:s', time() - 10), OrdersIn::CLAIM));
        $r = OrdersIn::poll();
        $this->assertSame(1, $r['counts']['linked']['order']);
        $this->assertSame(1, $r['counts']['created']['order']);
        $this->assertCount(2, $this->fetched());
        $this->assertSame((string) $this->sitoo['pos'], Mapping::get('sitoo', 'order_in', $order->get_id())['remote_id']);
    }

    public function testTrackingAndEmailsKeepAwayFromFetchedOrdersOnly(): void
    {
        SitooTrackerSpy::$calls = 0;
        foreach (['woocommerce_new_order', 'woocommerce_order_status_completed', 'woocommerce_order_status_on-hold', 'woocommerce_update_order'] as $h) {
            add_action($h, [SitooTrackerSpy::class, 'onOrder']);
            add_action($h, 'erpsync_test_gtm_track_order');
        }
        $mails = [];
        $spy = function ($enabled, $object) use (&$mails) {
            $mails[] = $enabled;
            return $enabled;
        };
        add_filter('woocommerce_email_enabled_customer_completed_order', $spy, 999, 2);
        try {
            OrdersIn::poll();
            $this->assertSame(0, SitooTrackerSpy::$calls, 'no tracking callback ran for fetched orders');
            $this->assertSame(0, $GLOBALS['erpsync_test_gtm'] ?? 0);
            $this->assertNotContains(true, $mails, 'no customer email for a fetched order');
            $this->assertTrue(has_action('woocommerce_new_order', [SitooTrackerSpy::class, 'onOrder']) !== false, 'put back after the call');
            // an admin edit of a fetched order later: still kept away
            $f = array_values($this->fetched())[0];
            $f->set_customer_note('edited');
            $f->save();
            $this->assertSame(0, SitooTrackerSpy::$calls);
            // a web order: tracked as usual
            $order = $this->order();
            $order->set_status('completed');
            $order->save();
            $this->assertGreaterThan(0, SitooTrackerSpy::$calls);
            $this->assertGreaterThan(0, $GLOBALS['erpsync_test_gtm']);
            // the setting off: fetched orders are tracked too
            SitooTrackerSpy::$calls = 0;
            $this->configure('sitoo', ['orders_in_no_tracking' => 'no']);
            OrdersIn::poll(['from' => 0]);
            $this->sitooOrder('pos-99', true);
            OrdersIn::poll();
            $this->assertGreaterThan(0, SitooTrackerSpy::$calls);
        } finally {
            foreach (['woocommerce_new_order', 'woocommerce_order_status_completed', 'woocommerce_order_status_on-hold', 'woocommerce_update_order'] as $h) {
                remove_action($h, [SitooTrackerSpy::class, 'onOrder']);
                remove_action($h, 'erpsync_test_gtm_track_order');
            }
            remove_filter('woocommerce_email_enabled_customer_completed_order', $spy, 999);
        }
    }

    public function testDryRunAndARateLimitedPoll(): void
    {
        $r = OrdersIn::poll(['dry_run' => true]);
        $this->assertSame('dry-run', $r['state']);
        $this->assertSame(2, $r['counts']['planned']['order']);
        $this->assertSame([], $this->fetched());
        $this->assertSame(['completed', 'on-hold'], array_column(Engine::plan($r['run']), 'new_value'));
        self::$sim->config(['api' => 'sitoo', 'allowance' => 0, 'allowance_reset' => 20]);
        $r = OrdersIn::poll();
        $this->assertSame('paused', $r['state']);
        $this->assertCount(1, $this->pending(Autosync::TASKS_HOOK));
        self::$sim->config(['api' => 'sitoo', 'allowance' => null]);
        $this->configure('sitoo', ['autosync_enabled' => 'yes', 'autosync_orders' => 'all']);
        $this->runQueue(true, 3);
        $this->assertCount(2, $this->fetched(), 'continued after the reset');
    }

    public function testOrdersOperations(): void
    {
        $ops = apply_filters('erpsync_sitoo_operations', []);
        $st = [];
        $r = $ops['orders_store2door']->step($st, microtime(true) + 20, []);
        $this->assertTrue($r['done']);
        $this->assertSame(1, $r['counts']['created.order']);
        $st = [];
        $r = $ops['orders_all']->step($st, microtime(true) + 20, []);
        $this->assertSame(1, $r['counts']['created.order'], 'the Store2Door one is not made twice');
        $this->assertCount(2, $this->fetched());
        // A rate limit inside a step goes up to the job (it pauses itself).
        self::$sim->config(['api' => 'sitoo', 'allowance' => 0, 'allowance_reset' => 20]);
        try {
            $st = [];
            $ops['orders_all']->step($st, microtime(true) + 20, []);
            $this->fail('no RateLimitedException');
        } catch (ErpSync\RateLimitedException $e) {
            $this->assertEqualsWithDelta(20, $e->getRetryAfter(), 1);
        }
        self::$sim->config(['api' => 'sitoo', 'allowance' => null]);
        // Click-and-Collect orders missing in Sitoo are queued and sent; exported ones are not sent again.
        $this->configure('sitoo', ['click_and_collect_methods' => ['local_pickup'], 'click_and_collect_statuses' => ['on-hold'], 'statuses' => []]);
        $cac = $this->order(['shipping_method' => 'local_pickup']);
        $cac->set_status('on-hold');
        $cac->save();
        as_unschedule_all_actions('', [], 'erpsync'); // as if it was never queued (e.g. Sitoo was off then)
        $plain = $this->order();
        $plain->set_status('on-hold');
        $plain->save();
        $this->assertSame(2, $ops['orders_cnc_missing']->requests_needed([]));
        $st = [];
        $r = $ops['orders_cnc_missing']->step($st, microtime(true) + 20, []);
        $this->assertSame(['queued' => 1], $r['counts']);
        $this->runQueue();
        $this->assertSame('done', $this->row('sitoo', wc_get_order($cac->get_id()))['state']);
        $this->assertNull($this->row('sitoo', wc_get_order($plain->get_id())));
        $st = [];
        $r = $ops['orders_cnc_missing']->step($st, microtime(true) + 20, []);
        $this->assertSame([], $r['counts']);
    }
}

function erpsync_test_gtm_track_order($id = 0): void
{
    $GLOBALS['erpsync_test_gtm'] = ($GLOBALS['erpsync_test_gtm'] ?? 0) + 1;
}
