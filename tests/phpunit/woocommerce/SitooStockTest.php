<?php
/**
 * Sitoo stock both ways on real WooCommerce against the simulator: the poll by timestamp as deltas (baselines,
 * POS sales, dry run, run records), no echo either way (a synced-down change is not sent up, a sent-up delta or
 * an order delivery does not come back down), no lost update (a POS and a web sale in the same minute both count;
 * a web sale from another process while the poll holds its chunk waits and counts on top), the Virtual warehouse
 * (deltas at once), the physical one (through orders; forced: one batched stock session), the Complete Sync
 * operations stock_down / stock_up, a rate limit pausing and resuming the poll, and the autosync schedules.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooTestSetUp.php';

use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Sitoo\Autosync;
use ErpSync\Plugin\Sync\Sitoo\Origin;
use ErpSync\Plugin\Sync\Sitoo\StockDown;
use ErpSync\Plugin\Sync\Sitoo\StockLedger;
use ErpSync\Plugin\Sync\Sitoo\StockUp;

final class SitooStockTest extends WcTestCase
{
    use SitooTestSetUp;

    protected function setUp(): void
    {
        parent::setUp();
        $this->sitooStockShop(6, 5);
    }

    private function sitoo(array $over = []): void
    {
        $this->configure('sitoo', $over + ['warehouse_id' => '1', 'warehouse_type' => 'physical']);
    }

    /** A POS-side change in Sitoo (another client): a transaction on a physical warehouse, a total on a Virtual one. */
    private function pos(string $sku, float $delta, int $w = 1): void
    {
        $c = $this->sitooClient();
        if ($w === 3) {
            $c->request('PUT', "/sites/1/warehouses/3/warehouseitems.json", ['json' => [['sku' => $sku, 'decimaltotal' => sprintf('%.3f', $this->total($sku, 3) + $delta)]]]);
            return;
        }
        $c->request('POST', '/sites/1/warehousetransactions.json', ['json' => [['warehouseid' => $w, 'transactiontype' => 20, 'description' => 'POS sale',
            'items' => [['sku' => $sku, 'decimalquantity' => sprintf('%.3f', $delta)]]]]]);
    }

    private function sends(): int
    {
        return count($this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~')) + count($this->posts('sitoo', 'PUT', '~/warehouseitems\.json$~'));
    }

    public function testTheFirstPollTakesBaselinesAndWritesNothing(): void
    {
        $this->sitoo();
        $r = StockDown::poll(['by' => 'test']);
        $this->assertSame('done', $r['state']);
        $this->assertSame(5, $r['counts']['baseline']);
        $this->assertSame(1, $r['counts']['skipped']['not_in_shop'], 'the sixth Sitoo item has no product');
        foreach ($this->ids as $sku => $id) {
            $this->assertSame(50.0, $this->stock($sku), 'no absolute overwrite outside stock_down');
            $this->assertSame($this->total($sku), (float) get_post_meta($id, StockLedger::seen_key(), true));
            $this->assertSame('50', get_post_meta($id, StockLedger::BASE, true));
        }
        $run = Engine::run($r['run']);
        $this->assertSame(['sitoo', 'stock', 'done'], [$run['connector'], $run['what'], $run['state']]);
        $this->assertGreaterThan(0, (int) get_option(StockDown::SINCE), 'the newest change read is kept');
    }

    public function testAPosSaleComesDownOnceAsADeltaAndIsNotSentBack(): void
    {
        $this->sitoo(['warehouse_id' => '3', 'warehouse_type' => 'virtual', 'trigger_stock' => 'yes']);
        foreach (array_keys($this->ids) as $sku) {
            $this->pos($sku, 10, 3); // the Virtual warehouse starts with 10 of each
        }
        StockDown::poll();
        [$a, $b] = array_keys($this->ids);
        $this->pos($a, -2, 3);
        $this->pos($b, 3, 3);
        $sends = $this->sends();
        $r = StockDown::poll();
        $this->assertSame(48.0, $this->stock($a));
        $this->assertSame(53.0, $this->stock($b));
        $this->assertSame(2, $r['counts']['planned']['stock']);
        $this->assertSame(2, $r['counts']['updated']['stock']);
        StockUp::flush();
        $this->assertSame($sends, $this->sends(), 'a change written by the poll is never sent up (no echo)');
        $plan = Engine::plan($r['run']);
        $this->assertSame(['delta -2', 'delta +3'], array_column($plan, 'reason'));
        $again = StockDown::poll();
        $this->assertSame(48.0, $this->stock($a), 're-reading the same change (same second, inclusive) counts nothing twice');
        $this->assertArrayNotHasKey('planned', $again['counts']);
    }

    public function testAWebSaleGoesUpToTheVirtualWarehouseAsADeltaAndDoesNotComeBack(): void
    {
        $this->sitoo(['warehouse_id' => '3', 'warehouse_type' => 'virtual', 'trigger_stock' => 'yes']);
        [$a] = array_keys($this->ids);
        $this->pos($a, 50, 3);
        StockDown::poll();
        wc_update_product_stock($this->ids[$a], 4, 'decrease'); // a web sale of 4
        $out = StockUp::flush();
        $this->assertTrue($out[$a]['ok']);
        $this->assertSame(-4.0, $out[$a]['delta']);
        $this->assertSame(46.0, $this->total($a, 3));
        $this->assertSame(46.0, (float) get_post_meta($this->ids[$a], StockLedger::seen_key(), true), 'the value expected after our delta is recorded');
        $r = StockDown::poll();
        $this->assertSame(46.0, $this->stock($a), 'the delta we sent does not come back as a change');
        $this->assertArrayNotHasKey('planned', $r['counts']);
        $this->assertSame([], StockUp::flush(), 'nothing left to send');
    }

    public function testAPosSaleAndAWebSaleInTheSameMinuteBothCount(): void
    {
        $this->sitoo(['warehouse_id' => '3', 'warehouse_type' => 'virtual', 'trigger_stock' => 'yes']);
        [$a] = array_keys($this->ids);
        $this->pos($a, 50, 3);
        StockDown::poll();
        $this->pos($a, -1, 3);                                // POS sale in Sitoo: 49
        wc_update_product_stock($this->ids[$a], 1, 'decrease'); // web sale in the shop: 49
        StockUp::flush();                                     // Sitoo reads 49, takes −1: 48
        $this->assertSame(48.0, $this->total($a, 3));
        StockDown::poll();                                    // the POS sale comes down: 48
        $this->assertSame(48.0, $this->stock($a));
        StockUp::flush();
        StockDown::poll();
        $this->assertSame([48.0, 48.0], [$this->total($a, 3), $this->stock($a)], 'both sides agree and stay put');
    }

    public function testAWebSaleFromAnotherProcessDuringThePollWaitsAndCountsOnTop(): void
    {
        global $wpdb;
        $this->sitoo();
        [$a] = array_keys($this->ids);
        StockDown::poll();
        $this->pos($a, -3);
        $proc = null;
        $pipes = [];
        $hook = function (array $ids) use (&$proc, &$pipes, $a) {
            // The chunk has read and locked the stock, and not written yet: a sale now must wait, not be lost.
            $proc = proc_open([PHP_BINARY, '-d', 'extension=' . dirname(__DIR__, 3) . '/modules/erpsync.so', __DIR__ . '/run-sitoo.php', 'sale', (string) $this->ids[$a], '2'],
                [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['ERPSYNC_WP_PREFIX' => 'wc_'] + getenv());
            // Wait until the sale is blocked on the chunk's row lock (seen by root: the site's user has no PROCESS right).
            $root = new mysqli('localhost', 'root', '', '', 0, substr(DB_HOST, strlen('localhost:')));
            $until = microtime(true) + 30;
            do {
                usleep(100000);
                $waiting = (int) $root->query("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")->fetch_row()[0];
            } while (!$waiting && microtime(true) < $until);
            $root->close();
            $this->assertSame(1, $waiting, 'the web sale waits for the chunk');
        };
        add_action('erpsync_sitoo_stock_chunk_locked', $hook);
        try {
            $r = StockDown::poll();
        } finally {
            remove_action('erpsync_sitoo_stock_chunk_locked', $hook);
        }
        $after = trim(stream_get_contents($pipes[1]));
        $err = stream_get_contents($pipes[2]);
        proc_close($proc);
        $this->assertSame('done', $r['state'], (string) Engine::run((int) $r['run'])['message']);
        $this->assertNotSame('', $after, $err); // (WooCommerce reports the stock it read before waiting: not asserted)
        $this->assertSame(45.0, $this->stock($a), '50 − 3 (POS) − 2 (web, waited for the chunk): both count');
        global $wpdb;
        $this->assertSame('45', (string) (int) $wpdb->get_var($wpdb->prepare("SELECT stock_quantity FROM {$wpdb->wc_product_meta_lookup} WHERE product_id = %d", $this->ids[$a])));
    }

    /**
     * @group hpos
     */
    public function testPhysicalWarehouseGoesThroughOrdersAndTheDeliveryDoesNotComeBack(): void
    {
        $this->sitoo(['trigger_stock' => 'yes', 'statuses' => ['processing'], 'deliver_on_complete' => 'yes']);
        [$a] = array_keys($this->ids);
        StockDown::poll();
        $before = $this->total($a);
        $order = wc_create_order();
        $order->add_product(wc_get_product($this->ids[$a]), 3);
        $order->set_billing_email('maja@example.si');
        $order->calculate_totals();
        $order->save();
        $sends = $this->sends();
        $order->set_status('processing'); // checkout: WooCommerce reduces its stock, the order is queued for Sitoo
        $order->save();
        StockUp::flush();
        $this->assertSame(47.0, $this->stock($a));
        $this->assertSame($sends, $this->sends(), 'physical: nothing is sent at once, the order carries it');
        $this->runQueue();
        $this->assertSame('done', $this->row('sitoo', $order)['state']);
        $order = wc_get_order($order->get_id());
        $order->set_status('completed');
        $order->save();
        $this->runQueue();
        $this->assertSame($before - 3, $this->total($a), 'the delivery reduced Sitoo');
        StockDown::poll();
        $this->assertSame(47.0, $this->stock($a), 'the delivery is not brought down as a POS sale');
        $this->pos($a, -1);
        StockDown::poll();
        $this->assertSame(46.0, $this->stock($a), 'a real POS sale still comes down');
    }

    public function testForcedPhysicalStockGoesAsOneBatchedSession(): void
    {
        $this->sitoo(['trigger_stock' => 'yes', 'force_stock' => 'yes']);
        [$a, $b] = array_keys($this->ids);
        StockDown::poll();
        $ta = $this->total($a);
        $tb = $this->total($b);
        $pa = wc_get_product($this->ids[$a]);
        $pa->set_stock_quantity(55); // an edit in the admin
        $pa->save();
        wc_update_product_stock($this->ids[$b], 1, 'decrease');
        $this->assertSame([], $this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~'), 'collected during the request');
        StockUp::flush();
        $tx = $this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~');
        $this->assertCount(1, $tx, 'one session');
        $body = json_decode($tx[0]['body'], true)[0];
        $this->assertMatchesRegularExpression('~^wcs-[0-9a-f]{12}-1$~', $body['externalid']);
        $this->assertEqualsCanonicalizing([['sku' => $a, 'decimalquantity' => '5.000'], ['sku' => $b, 'decimalquantity' => '-1.000']], $body['items']);
        $this->assertSame([$ta + 5, $tb - 1], [$this->total($a), $this->total($b)]);
        StockDown::poll();
        $this->assertSame([55.0, 49.0], [$this->stock($a), $this->stock($b)], 'no echo of the session');
        // Origin: a write made by a Sitoo sync is never collected.
        Origin::run(fn() => wc_update_product_stock($this->ids[$a], 1, 'decrease'));
        $this->assertSame([], StockUp::flush());
    }

    public function testARefusedDeltaIsKeptAndSentByTheRetry(): void
    {
        $this->sitoo(['trigger_stock' => 'yes', 'force_stock' => 'yes']);
        [$a] = array_keys($this->ids);
        StockDown::poll();
        $t = $this->total($a);
        wc_update_product_stock($this->ids[$a], 2, 'decrease');
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/warehousetransactions.json', 'kind' => 'status', 'status' => 400]);
        $out = StockUp::flush();
        $this->assertFalse($out[$a]['ok']);
        $this->assertSame($t, $this->total($a));
        $this->assertCount(1, $this->pending(StockUp::RETRY_HOOK));
        $this->runQueue(true);
        $this->assertSame($t - 2, $this->total($a), 'the retry sends the change that was refused');
        StockDown::poll();
        $this->assertSame(48.0, $this->stock($a));
    }

    public function testDryRunPlansAndWritesNothing(): void
    {
        $this->sitoo();
        [$a] = array_keys($this->ids);
        StockDown::poll();
        $since = get_option(StockDown::SINCE);
        $this->pos($a, -5);
        $r = StockDown::poll(['dry_run' => true]);
        $this->assertSame('dry-run', $r['state']);
        $this->assertSame(50.0, $this->stock($a));
        $this->assertSame($since, get_option(StockDown::SINCE));
        $plan = Engine::plan($r['run']);
        $this->assertSame([['update', (string) $this->ids[$a], 'stock', '50', '45', 'delta -5', '0']],
            array_map(fn($p) => [$p['action'], (string) $p['local_id'], $p['field'], $p['old_value'], $p['new_value'], $p['reason'], (string) $p['applied']], $plan));
        StockDown::poll();
        $this->assertSame(45.0, $this->stock($a));
    }

    public function testARateLimitPausesThePollUntilTheResetAndItContinues(): void
    {
        $this->sitoo();
        [$a] = array_keys($this->ids);
        StockDown::poll();
        $this->pos($a, -4);
        self::$sim->config(['api' => 'sitoo', 'allowance' => 0, 'allowance_reset' => 30]);
        $r = StockDown::poll();
        $this->assertSame('paused', $r['state']);
        $this->assertStringContainsString('30', Engine::run($r['run'])['message']);
        $retry = $this->pending(Autosync::STOCK_HOOK);
        $this->assertCount(1, $retry);
        $this->assertEqualsWithDelta(time() + 30, $retry[0]['time'], 3);
        $this->assertSame(50.0, $this->stock($a));
        self::$sim->config(['api' => 'sitoo', 'allowance' => null]);
        $this->runQueue(true);
        $this->assertSame(46.0, $this->stock($a), 'continued after the reset');
    }

    public function testStockDownOperationOverwritesAndStockUpSendsTheShopsStock(): void
    {
        $this->sitoo();
        $ops = apply_filters('erpsync_sitoo_operations', []);
        foreach (['stock_down', 'stock_up', 'orders_all', 'orders_store2door', 'orders_cnc_missing'] as $id) {
            $this->assertInstanceOf(ErpSync\Plugin\Sync\Sitoo\Operation::class, $ops[$id]);
            $this->assertSame($id, $ops[$id]->id());
            $this->assertGreaterThan(0, $ops[$id]->requests_needed([]) + ('orders_cnc_missing' === $id ? 1 : 0));
        }
        $state = [];
        $n = 0;
        do {
            $r = $ops['stock_down']->step($state, microtime(true) + 20, []);
        } while (!$r['done'] && ++$n < 10);
        foreach ($this->ids as $sku => $id) {
            $this->assertSame($this->total($sku), $this->stock($sku), 'overwritten with Sitoo\'s total');
            $this->assertSame($this->total($sku), (float) get_post_meta($id, StockLedger::seen_key(), true));
        }
        $this->assertSame(5, $r['counts']['matched']);
        // stock_up to a physical warehouse without forcing: refused with the reason, nothing sent.
        $this->sitoo(['trigger_stock' => 'yes']);
        $st = [];
        $r = $ops['stock_up']->step($st, microtime(true) + 20, []);
        $this->assertTrue($r['done']);
        $this->assertStringContainsString('through orders', $r['errors'][0]);
        // to the Virtual warehouse: Sitoo ends with the shop's stock, and the poll after it changes nothing.
        $this->sitoo(['warehouse_id' => '3', 'warehouse_type' => 'virtual', 'trigger_stock' => 'yes']);
        $st = [];
        $r = $ops['stock_up']->step($st, microtime(true) + 20, []);
        $this->assertTrue($r['done']);
        $this->assertSame(5, $r['counts']['sent']);
        foreach ($this->ids as $sku => $id) {
            $this->assertSame($this->stock($sku), $this->total($sku, 3));
        }
        $p = StockDown::poll();
        $this->assertArrayNotHasKey('planned', $p['counts']);
    }

    public function testAutosyncSchedulesAndTheCronLine(): void
    {
        $this->sitoo(['autosync_enabled' => 'yes']);
        Autosync::ensure();
        $this->assertSame(180, Autosync::every('stock'));
        $this->assertSame(900, Autosync::every('tasks'));
        $this->assertCount(1, $this->pending(Autosync::STOCK_HOOK));
        $this->assertCount(1, $this->pending(Autosync::TASKS_HOOK));
        $this->sitoo(['autosync_enabled' => 'yes', 'mode' => 'sandbox', 'sandbox_base_url' => self::$sim->url('sitoo'),
            'sandbox_api_id' => ErpSyncTest\Sim::SITOO_USER, 'sandbox_password' => ErpSyncTest\Sim::SITOO_PASSWORD]);
        $this->assertSame([60, 60], [Autosync::every('stock'), Autosync::every('tasks')], 'every minute in test mode');
        $s = ActionScheduler::store()->fetch_action($this->pending(Autosync::STOCK_HOOK)[0]['id'])->get_schedule();
        $this->assertSame(60, (int) $s->get_recurrence());
        $this->sitoo(['autosync_enabled' => 'yes', 'autosync_stock' => 'no']);
        $this->assertSame([], $this->pending(Autosync::STOCK_HOOK));
        $this->sitoo(['autosync_enabled' => 'no']);
        $this->assertSame([], $this->pending());
        $this->assertStringContainsString('wp erpsync queue run', Autosync::cron_line());
        $this->assertStringContainsString(untrailingslashit(ABSPATH), Autosync::cron_line());
        // the stock action polls
        $this->sitoo(['autosync_enabled' => 'yes']);
        do_action(Autosync::STOCK_HOOK);
        $this->assertSame('done', Engine::runs(1, 'sitoo')[0]['state']);
    }

    public function testTheSettingsSectionPicksSiteAndWarehouseFromSitooAndKeepsTheWarehouseType(): void
    {
        global $current_section;
        require_once WC_ABSPATH . 'includes/admin/class-wc-admin-settings.php';
        require_once WC_ABSPATH . 'includes/admin/settings/class-wc-settings-page.php';
        $this->sitoo(['warehouse_type' => '']);
        $current_section = 'sitoo';
        ob_start();
        (new ErpSync\Plugin\Admin\SettingsPage())->output();
        $html = ob_get_clean();
        $this->assertMatchesRegularExpression('~<select[^>]*name="erpsync\[siteid\]".*?<option value="1"[^>]*>1 – Webshop</option>~s', $html);
        $this->assertMatchesRegularExpression('~<select[^>]*name="erpsync\[warehouse_id\]".*?3 – Supplier \(virtual\) \(virtual\)</option>~s', $html);
        $this->assertStringContainsString('2 – Store Stockholm (physical)', $html);
        $this->assertStringContainsString(esc_html(Autosync::cron_line()), $html);
        foreach (['autosync_enabled', 'autosync_stock', 'autosync_orders', 'orders_in_status', 'orders_in_store2door_status', 'orders_in_no_tracking', 'trigger_stock', 'force_stock'] as $k) {
            $this->assertStringContainsString("name=\"erpsync[$k]\"", $html);
        }
        $this->assertStringContainsString('Triggers', $html);
        $post = Settings::get('sitoo');
        unset($post['password']);
        $_POST = ['erpsync' => wp_slash(array_merge($post, ['warehouse_id' => '3', 'siteid' => '1', 'autosync_enabled' => 'yes', 'autosync_orders' => 'store2door']))];
        (new ErpSync\Plugin\Admin\SettingsPage())->save();
        $s = Settings::get('sitoo');
        $this->assertSame(['3', 'virtual', 'store2door'], [$s['warehouse_id'], $s['warehouse_type'], $s['autosync_orders']]);
        $this->assertCount(1, $this->pending(Autosync::TASKS_HOOK), 'saving schedules the autosync at once');
        $_POST = ['erpsync' => wp_slash(array_merge($post, ['warehouse_id' => '2', 'siteid' => '7']))];
        (new ErpSync\Plugin\Admin\SettingsPage())->save();
        $this->assertSame(['2', 'physical', '1'], [Settings::get('sitoo')['warehouse_id'], Settings::get('sitoo')['warehouse_type'], Settings::get('sitoo')['siteid']], 'a site Sitoo does not list is refused');
        $_POST = [];
    }
}
