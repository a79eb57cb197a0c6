<?php
/**
 * Try again of a stopped Sitoo stock step (Admin\SitooStockUi::handle_retry() → StockOrders::retry() /
 * StockRefunds::retry() → StockStep::retry()), on real WooCommerce against the simulator: a reduction refused 8 times
 * by Sitoo is stopped, shows "Try again" in the order's box, and tried again through the link the box draws it is
 * sent once and shows done; a refund's return whose 8th send did reach Sitoo (its reply lost) is settled by reading
 * Sitoo's transactions when tried again, not sent twice; the action is refused without manage_woocommerce, with a bad
 * nonce and with another step's nonce; a step that is not stopped (done, or not confirmed) is left alone; WP-CLI
 * (`wp erpsync sitoo-stock stopped|retry`, real WP-CLI in its own process) lists the stopped steps and tries them again.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooStockOrderSteps.php';

use ErpSync\Plugin\Admin\Query\SitooStockQuery;
use ErpSync\Plugin\Admin\SitooStockUi;
use ErpSync\Plugin\Sync\Sitoo\StockDown;
use ErpSync\Plugin\Sync\Sitoo\StockOrders;
use ErpSync\Plugin\Sync\Sitoo\StockRefunds;
use ErpSync\Plugin\Sync\Sitoo\StockStep;

final class SitooStockRetryTest extends WcTestCase
{
    use SitooStockOrderSteps;

    private const TX = '/sites/1/warehousetransactions.json';

    protected function setUp(): void
    {
        parent::setUp();
        $this->stepsShop();
        $this->configure('sitoo', ['warehouse_id' => '1', 'warehouse_type' => 'physical', 'trigger_stock' => 'yes', 'statuses' => ['processing']]);
        StockDown::poll(); // baselines
    }

    private function box(WC_Order $o): string
    {
        return $this->out(fn() => SitooStockUi::meta_box(wc_get_order($o->get_id())));
    }

    /** Transactions Sitoo holds whose externalid is this step's ("wco-12" → wco-12-1, …). */
    private function arrived(string $ref): int
    {
        return count(array_filter(self::$sim->state('sitoo')['transactions'], fn($t) => preg_match('~^' . preg_quote($ref, '~') . '-\d+$~', (string) ($t['externalid'] ?? ''))));
    }

    /** The order's step of this kind, as the box reads it. */
    private function step(WC_Order $o, string $step): array
    {
        foreach (SitooStockQuery::order_steps(wc_get_order($o->get_id())) as $s) {
            if ($s['step'] === $step) {
                return $s;
            }
        }
        $this->fail("no $step step");
    }

    /** The query arguments of the box's Try again links (the href as the browser follows it). */
    private function retryLinks(string $html): array
    {
        preg_match_all('~<a class="button button-small erpsync-step-retry" href="([^"]+)"~', $html, $m);
        return array_map(function ($href) {
            $href = html_entity_decode($href);
            $this->assertStringStartsWith(admin_url('admin-post.php?'), $href);
            parse_str((string) parse_url($href, PHP_URL_QUERY), $q);
            return $q;
        }, $m[1]);
    }

    /** Follows a Try again link: where it redirects to. */
    private function follow(array $q): string
    {
        $_GET = $_REQUEST = $q;
        try {
            SitooStockUi::handle_retry();
        } catch (Redirected $r) {
            return $r->location;
        } finally {
            $_GET = $_REQUEST = [];
        }
        $this->fail('no redirect');
    }

    private function pendingSteps(): array
    {
        return array_map(fn($a) => [$a['hook'], $a['args']], array_merge($this->pending(StockOrders::HOOK), $this->pending(StockRefunds::HOOK)));
    }

    /** An order of 4 whose reduction Sitoo refused 8 times: stopped. */
    private function stoppedReduction(): WC_Order
    {
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => self::TX, 'kind' => 'status', 'status' => 400, 'count' => StockStep::TRIES]);
        [$a] = array_keys($this->ids);
        $o = $this->newOrder([$a => 4], 'processing');
        $this->runQueue(true);
        $s = $this->step($o, 'reduce');
        $this->assertSame(['stopped', StockStep::TRIES], [$s['status'], $s['attempts']], 'stopped after 8 attempts');
        $this->assertSame([], $this->pendingSteps(), 'nothing more is queued');
        return $o;
    }

    /**
     * @group hpos
     */
    public function testAStoppedReductionTriedAgainIsSentOnceAndShowsDone(): void
    {
        [$a] = array_keys($this->ids);
        $ta = $this->total($a);
        $o = $this->stoppedReduction();
        $id = $o->get_id();
        $this->assertSame(0, $this->arrived("wco-$id"));
        $this->assertCount(StockStep::TRIES, $this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~'));
        $html = $this->box($o);
        $this->assertStringContainsString('stopped after 8 attempts: nothing more is sent', $html);
        $links = $this->retryLinks($html);
        $this->assertCount(1, $links, 'one Try again, by the stopped step');
        $this->assertSame(['action' => SitooStockUi::RETRY, 'order' => (string) $id, 'step' => 'reduce', 'refund' => '0'], array_diff_key($links[0], ['_wpnonce' => 1]));
        $this->assertArrayHasKey('_wpnonce', $links[0]);

        $this->assertSame($o->get_edit_order_url() . '#erpsync-sitoo-stock', $this->follow($links[0]), 'back to the order screen');
        $this->assertSame([[StockOrders::HOOK, [$id, 'reduce']]], $this->pendingSteps(), 'queued as any step');
        $name = wp_get_current_user()->display_name;
        $this->assertContains("Sitoo stock step wco-$id tried again by $name (Sitoo's transactions are read first: what arrived is not sent twice).", $this->notes($o));
        $s = $this->step($o, 'reduce');
        $this->assertSame(['retrying', 0, ''], [$s['status'], $s['attempts'], $s['error']]);
        $html = $this->box($o);
        $this->assertStringContainsString('Stock reduced (order processing): tried again. It is queued', $html, 'the notice says what was done');
        $this->assertStringContainsString('tried again: queued', $html);
        $this->assertSame([], $this->retryLinks($html));
        $this->assertStringNotContainsString('erpsync-retry-result', $this->box($o), 'the notice is shown once');

        $this->runQueue(true);
        $this->assertSame('reduced', StockOrders::state($id));
        $this->assertSame(1, $this->arrived("wco-$id"), 'sent once');
        $this->assertSame($ta - 4, $this->total($a));
        $this->assertCount(StockStep::TRIES + 1, $this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~'));
        $s = $this->step($o, 'reduce');
        $this->assertSame(['done', 1, [$a => -4.0]], [$s['status'], $s['attempts'], $s['amounts']]);
        $html = $this->box($o);
        $this->assertStringContainsString('<td class="erpsync-step-state">done</td>', $html, 'done in the box');
        $this->assertStringNotContainsString('stopped after', $html);
        StockDown::poll();
        $this->assertSame(46.0, $this->stock($a), 'no echo: the sale is accounted on both sides');
        $this->runQueue(true);
        $this->assertSame(1, $this->arrived("wco-$id"), 'once');
    }

    /**
     * @group hpos
     */
    public function testAStoppedReturnWhoseLastSendArrivedIsSettledByReadingNotSentAgain(): void
    {
        [$a] = array_keys($this->ids);
        $ta = $this->total($a);
        $o = $this->newOrder([$a => 4], 'processing');
        $this->assertSame($ta - 4, $this->total($a));
        // 7 sends refused, the 8th arrives but its reply is lost: the step stops, not knowing it arrived
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => self::TX, 'kind' => 'status', 'status' => 400, 'count' => StockStep::TRIES - 1]);
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => self::TX, 'kind' => 'lost_reply']);
        $r = $this->refund($o, [$a => 3]);
        $this->runQueue(true);
        $this->assertSame('returning', StockStep::state(StockRefunds::TYPE, $r));
        $this->assertSame(1, $this->arrived("wcrf-$r"), 'the 8th send arrived');
        $this->assertSame($ta - 1, $this->total($a));
        $s = $this->step($o, 'refund');
        $this->assertSame(['stopped', StockStep::TRIES], [$s['status'], $s['attempts']]);
        $this->assertContains(sprintf('Sitoo stock of refund #%d could not be returned: %s', $r, $s['error']), $this->notes($o));
        $links = $this->retryLinks($this->box($o));
        $this->assertCount(1, $links);
        $this->assertSame(['refund', (string) $r], [$links[0]['step'], $links[0]['refund']]);
        $posts = count($this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~'));

        $this->follow($links[0]);
        $this->assertSame([[StockRefunds::HOOK, [$r]]], $this->pendingSteps());
        $this->assertStringContainsString("Refund #$r: items put back in stock: tried again.", $this->box($o));
        $this->runQueue(true);
        $this->assertSame('returned', StockStep::state(StockRefunds::TYPE, $r), 'settled by the read-back');
        $this->assertSame(1, $this->arrived("wcrf-$r"), 'not sent twice');
        $this->assertSame($posts, count($this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~')), 'nothing was posted');
        $this->assertNotEmpty($this->posts('sitoo', 'GET', '~/warehousetransactions\.json$~'), 'Sitoo\'s transactions were read');
        $this->assertSame($ta - 1, $this->total($a));
        $this->assertContains(sprintf('Sitoo stock: refund #%d returned to warehouse 1: %s × 3.', $r, $a), $this->notes($o));
        $s = $this->step($o, 'refund');
        $this->assertSame(['done', [$a => 3.0]], [$s['status'], $s['amounts']]);
        StockDown::poll();
        $this->assertSame(49.0, $this->stock($a), 'the ledger counts it once: no echo');
    }

    /**
     * @group hpos
     */
    public function testTryAgainIsRefusedWithoutTheRightOrWithABadNonce(): void
    {
        $o = $this->stoppedReduction();
        $q = $this->retryLinks($this->box($o))[0];
        $notes = count($this->notes($o));
        $manager = wp_insert_user(['user_login' => 'nocap' . wp_rand(), 'user_pass' => wp_generate_password(), 'role' => 'shop_manager']);
        (new WP_User($manager))->add_cap('manage_woocommerce', false);
        wp_set_current_user($manager);
        $this->assertSame('', $this->box($o), 'no box for them');
        foreach ([
            'no manage_woocommerce' => $q,
            'no manage_woocommerce, their own nonce' => ['_wpnonce' => wp_create_nonce(SitooStockUi::RETRY . "_{$q['order']}_reduce_0")] + $q,
        ] as $why => $args) {
            try {
                $this->follow($args);
                $this->fail("tried again with $why");
            } catch (WpDie $e) {
                $this->assertSame(403, $e->status, $why);
            }
        }
        wp_set_current_user(self::$admin);
        $other = $this->newOrder([array_keys($this->ids)[1] => 1], 'processing');
        foreach ([
            'a bad nonce' => ['_wpnonce' => '0badnonce0'] + $q,
            'no nonce' => array_diff_key($q, ['_wpnonce' => 1]),
            'another order\'s nonce' => ['order' => (string) $other->get_id()] + $q,
            'another step\'s nonce' => ['step' => 'restock'] + $q,
        ] as $why => $args) {
            try {
                $this->follow($args);
                $this->fail("tried again with $why");
            } catch (WpDie $e) {
                $this->assertSame(403, $e->status, $why);
            }
        }
        $s = $this->step($o, 'reduce');
        $this->assertSame(['stopped', StockStep::TRIES], [$s['status'], $s['attempts']], 'still stopped');
        $this->assertSame([], $this->pendingSteps(), 'nothing queued');
        $this->assertSame(0, $this->arrived('wco-' . $o->get_id()));
        $this->assertCount($notes, $this->notes($o), 'no note');
    }

    /**
     * @group hpos
     */
    public function testAStoppedStepWithASendInFlightIsNotTriedAgain(): void
    {
        // a 9th try of a stopped step in flight (a delivery's own retry runs a stopped hand-back): its lease runs
        $o = $this->stoppedReduction();
        $q = $this->retryLinks($this->box($o))[0];
        global $wpdb;
        $wpdb->query($wpdb->prepare("UPDATE {$wpdb->prefix}erpsync_map SET attempts = attempts + 1, claimed_until = %s WHERE object_type = 'order_stock' AND local_id = %d",
            gmdate('Y-m-d H:i:s', time() + StockStep::LEASE), $o->get_id()));
        $notes = count($this->notes($o));
        $this->assertNotSame('stopped', $this->step($o, 'reduce')['status']);
        $this->assertSame([], $this->retryLinks($this->box($o)), 'no Try again while a send is in flight');
        $this->assertSame([], SitooStockQuery::stopped($o->get_id()));
        $this->follow($q);
        $this->assertStringContainsString('nothing was done', $this->box($o));
        $this->assertSame(StockStep::TRIES + 1, $this->step($o, 'reduce')['attempts'], 'its count is kept');
        $this->assertSame([], $this->pendingSteps(), 'nothing queued');
        $this->assertCount($notes, $this->notes($o), 'no note');
        $this->assertSame(0, $this->arrived('wco-' . $o->get_id()));
    }

    /**
     * @group hpos
     */
    public function testNothingHappensForAStepThatIsNotStopped(): void
    {
        [$a, $b] = array_keys($this->ids);
        $done = $this->newOrder([$a => 2], 'processing');
        $id = $done->get_id();
        $this->assertSame('done', $this->step($done, 'reduce')['status']);
        $this->assertSame([], $this->retryLinks($this->box($done)), 'no Try again on a done step');
        $posts = count($this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~'));
        $notes = count($this->notes($done));
        $q = ['action' => SitooStockUi::RETRY, 'order' => (string) $id, 'step' => 'reduce', 'refund' => '0', '_wpnonce' => wp_create_nonce(SitooStockUi::RETRY . "_{$id}_reduce_0")];
        $this->assertSame($done->get_edit_order_url() . '#erpsync-sitoo-stock', $this->follow($q));
        $this->assertStringContainsString('Stock reduced (order processing): nothing was done — the step is not stopped', $this->box($done));
        $this->assertSame([], $this->pendingSteps());
        $this->assertCount($notes, $this->notes($done), 'no note');
        $this->assertSame('reduced', StockOrders::state($id));

        // not confirmed yet (a lost reply, 1 attempt): its own retry settles it; Try again does nothing
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => self::TX, 'kind' => 'lost_reply']);
        $lost = $this->newOrder([$b => 1], 'processing');
        $lid = $lost->get_id();
        $this->assertSame(['unconfirmed', 1], [$this->step($lost, 'reduce')['status'], $this->step($lost, 'reduce')['attempts']]);
        $this->assertSame([], $this->retryLinks($this->box($lost)));
        $pending = $this->pendingSteps();
        $this->assertFalse(StockOrders::retry($lid, 'reduce', 'test'), 'not stopped');
        $this->follow(['action' => SitooStockUi::RETRY, 'order' => (string) $lid, 'step' => 'reduce', 'refund' => '0', '_wpnonce' => wp_create_nonce(SitooStockUi::RETRY . "_{$lid}_reduce_0")]);
        $this->assertSame(1, $this->step($lost, 'reduce')['attempts'], 'its count is kept');
        $this->assertSame($pending, $this->pendingSteps());
        // a step of another kind of the same order (restock: never begun), and a refund that is not the order's
        $this->assertFalse(StockOrders::retry($id, 'restock', 'test'));
        $this->assertFalse(StockOrders::retry($id, 'bogus', 'test'));
        $this->assertFalse(StockRefunds::retry($id, 'test'), 'an order is not a refund');
        $this->runQueue(true);
        $this->assertSame(['reduced', 'reduced'], [StockOrders::state($id), StockOrders::state($lid)]);
        $this->assertSame([1, 1], [$this->arrived("wco-$id"), $this->arrived("wco-$lid")], 'each sent once');
        $this->assertSame($posts + 1, count($this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~')), 'only the lost order\'s one send');
    }

    public function testWpCliListsTheStoppedStepsAndTriesThemAgain(): void
    {
        [$a] = array_keys($this->ids);
        $ta = $this->total($a);
        $o = $this->stoppedReduction();
        $id = $o->get_id();
        [$rc, $out, $err] = $this->wp('erpsync', 'sitoo-stock', 'stopped', '--format=json');
        $this->assertSame(0, $rc, $err);
        $rows = json_decode($out, true);
        $this->assertSame([[$id, 'reduce', '', "wco-$id", StockStep::TRIES]], array_map(fn($r) => [$r['order'], $r['step'], $r['refund'], $r['ref'], $r['attempts']], $rows));
        $this->assertStringContainsString('HTTP 400', $rows[0]['error']);
        $this->assertStringNotContainsString(ErpSyncTest\Sim::SITOO_PASSWORD, $out . $err);

        [$rc, $out] = $this->wp('erpsync', 'sitoo-stock', 'retry', (string) $id, '--dry-run');
        $this->assertSame(0, $rc);
        $this->assertStringContainsString("Order #$id: reduce (wco-$id) would be tried again.", $out);
        $this->assertSame('stopped', $this->step($o, 'reduce')['status'], 'a dry run changes nothing');
        $this->assertSame([], $this->pendingSteps());

        [$rc, $out, $err] = $this->wp('erpsync', 'sitoo-stock', 'retry', (string) $id);
        $this->assertSame(0, $rc, $err);
        $this->assertStringContainsString("Order #$id: reduce (wco-$id) tried again: queued.", $out);
        $this->assertSame([[StockOrders::HOOK, [$id, 'reduce']]], $this->pendingSteps());
        $this->assertContains("Sitoo stock step wco-$id tried again by WP-CLI (Sitoo's transactions are read first: what arrived is not sent twice).", $this->notes($o));
        [$rc, $out] = $this->wp('erpsync', 'sitoo-stock', 'stopped', '--format=json');
        $this->assertSame([], json_decode($out, true));

        [$rc, , $err] = $this->wp('erpsync', 'sitoo-stock', 'retry', (string) $id);
        $this->assertSame(1, $rc, 'nothing left to try again');
        $this->assertStringContainsString("Order #$id has no stopped Sitoo stock step.", $err);
        $this->runQueue(true);
        $this->assertSame('reduced', StockOrders::state($id));
        $this->assertSame(1, $this->arrived("wco-$id"));
        $this->assertSame($ta - 4, $this->total($a));
    }
}
