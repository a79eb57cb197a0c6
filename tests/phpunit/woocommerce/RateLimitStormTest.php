<?php
/**
 * The 429 storm end to end on real WooCommerce (issue 14): 500 orders queued while the simulator's Sitoo API allows
 * 10 requests a second and answers 429 with Retry-After beyond that. Every order is exported exactly once, none ends
 * failed, the simulator never accepts more than its limit in a second, the refused requests stay few (the client
 * waits out Retry-After instead of hammering), and no queue action sleeps longer than its requests may wait
 * (max_total_delay_ms per request, Settings::connector_settings()).
 *
 * The queue's own backoff between attempts (30 s and more) is fast-forwarded: pending actions run in date order as
 * soon as the one before ends, which puts more pressure on the limit than a real runner would.
 * ERPSYNC_STORM_ORDERS sets the number of orders (default 500).
 */

require_once __DIR__ . '/WcTestCase.php';

final class RateLimitStormTest extends WcTestCase
{
    private const LIMIT = 10;

    /** @var int[] orders this test made */
    private array $made = [];
    private int $lastActionBefore = 0;

    protected function tearDown(): void
    {
        remove_filter('woocommerce_analytics_disable_action_scheduling', '__return_true');
        foreach ($this->made as $id) {
            $o = wc_get_order($id);
            if ($o) {
                $o->delete(true);
            }
        }
        $this->made = [];
        $store = ActionScheduler::store();
        foreach ($store->query_actions(['status' => ActionScheduler_Store::STATUS_PENDING, 'per_page' => -1]) as $id) {
            if ((int) $id > $this->lastActionBefore) {
                $store->delete_action($id); // anything this test's orders queued besides the exports
            }
        }
        parent::tearDown();
    }

    /** Pending erpsync action ids in date order (every one, not only the first page). */
    private function pendingIds(int $max): array
    {
        return array_map('intval', ActionScheduler::store()->query_actions(['group' => 'erpsync',
            'status' => ActionScheduler_Store::STATUS_PENDING, 'per_page' => $max, 'orderby' => 'date', 'order' => 'ASC']));
    }

    public function testEveryOrderIsExportedOnceThroughA429Storm(): void
    {
        global $wpdb;
        $n = (int) (getenv('ERPSYNC_STORM_ORDERS') ?: 500);
        $this->configure('sitoo', ['statuses' => ['processing']]);
        self::$sim->config(['api' => 'sitoo', 'rate_limit_per_second' => self::LIMIT]);
        // The site is shared with the other suites and the browser tests: what this test makes is removed at the end
        // (tearDown), and WooCommerce Analytics does not queue an import per order meanwhile.
        $this->lastActionBefore = (int) $wpdb->get_var("SELECT MAX(action_id) FROM {$wpdb->prefix}actionscheduler_actions");
        add_filter('woocommerce_analytics_disable_action_scheduling', '__return_true');
        $orders = &$this->made;
        for ($i = 0; $i < $n; $i++) {
            $o = $this->order();
            $o->update_status('processing');
            $orders[] = $o->get_id();
        }
        $this->assertCount($n, $this->pendingIds($n + 10), 'one export action per order');
        $this->assertSame([], self::$sim->requests('sitoo'), 'queueing made no HTTP call');

        $maxWait = ErpSync\Plugin\Infra\Settings::connector_settings('sitoo')['retry']['max_total_delay_ms'] / 1000;
        $t0 = microtime(true);
        $runs = 0;
        $longest = 0.0;
        while (($ids = $this->pendingIds(100)) !== [] && $runs < 20 * $n) {
            foreach ($ids as $id) {
                $s = microtime(true);
                ActionScheduler::runner()->process_action($id, 'erpsync storm test');
                $longest = max($longest, microtime(true) - $s);
                $runs++;
            }
        }
        $elapsed = microtime(true) - $t0;

        $st = self::$sim->state('sitoo');
        $ext = array_column($st['orders'], 'externalid');
        $this->assertCount($n, $st['orders'], 'every order reached Sitoo');
        $this->assertCount($n, array_unique($ext), 'each exactly once');
        $states = $wpdb->get_col($wpdb->prepare('SELECT state FROM ' . ErpSync\Plugin\Infra\Installer::map_table()
            . " WHERE connector = 'sitoo' AND object_type = 'order' AND local_id IN (" . implode(',', array_fill(0, $n, '%d')) . ')', ...$this->made));
        $this->assertSame(array_fill(0, $n, 'done'), $states, 'none failed, none left waiting');
        $rl = $st['rate_limit'];
        $this->assertGreaterThan(0, $rl['refused'], 'the storm happened: the simulator refused requests');
        $this->assertLessThanOrEqual(self::LIMIT, $rl['max_in_window'], 'never more than the limit accepted in one second');
        // Each 429 makes the client wait its Retry-After (1 s): at most about one refused request per second.
        $this->assertLessThanOrEqual((int) ceil($elapsed) + self::LIMIT, $rl['refused'],
            sprintf('refused %d in %.0f s: the client hammered the limit', $rl['refused'], $elapsed));
        // An action makes at most two Sitoo requests (lookup, then the order): each may wait max_total_delay_ms.
        $this->assertLessThan(2 * $maxWait + 1.5, $longest, sprintf('an action took %.1f s', $longest));
        fwrite(STDERR, sprintf("\n429 storm: %d orders, %d actions in %.0f s; Sitoo accepted %d, refused %d (429), at most %d in a second; longest action %.2f s\n",
            $n, $runs, $elapsed, $rl['accepted'], $rl['refused'], $rl['max_in_window'], $longest));
    }
}
