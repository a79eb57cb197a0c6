<?php
/**
 * Refunds with "Restock refunded items" on an order whose stock a physical Sitoo warehouse reduced (StockOrders),
 * on real WooCommerce (wc_create_refund, as the admin's refund button calls it) against the simulator: what
 * WooCommerce put back goes back to the warehouse exactly once per refund; several refunds and a cancel of the rest
 * never give back more than the reduction took; a refund made before the reduction is left out of it instead; a
 * refund without restock, or of a line whose stock is not managed, gives nothing back; a return whose reply was lost
 * is settled by reading Sitoo's transactions, not sent again; no echo (the poll brings none of it back down).
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooStockOrderSteps.php';

use ErpSync\Plugin\Sync\Sitoo\StockDown;
use ErpSync\Plugin\Sync\Sitoo\StockOrders;
use ErpSync\Plugin\Sync\Sitoo\StockRefunds;
use ErpSync\Plugin\Sync\Sitoo\StockStep;

final class SitooStockRefundsTest extends WcTestCase
{
    use SitooStockOrderSteps;

    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        $wpdb->query("DELETE FROM {$wpdb->prefix}erpsync_map WHERE object_type IN ('order_stock', 'refund_stock')");
        $this->sitooStockShop(3, 3, 2); // the third: stock not managed by WooCommerce
        StockOrders::$connector = null;
        $this->configure('sitoo', ['warehouse_id' => '1', 'warehouse_type' => 'physical', 'trigger_stock' => 'yes', 'statuses' => ['processing']]);
        StockDown::poll(); // baselines
    }

    /** Transactions Sitoo received for the order's steps and its refunds' returns: externalid => [count, SKU => quantity]. */
    private function sent(WC_Order $o, array $refunds = []): array
    {
        $ids = implode('|', array_merge([$o->get_id()], $refunds));
        $out = [];
        foreach ($this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~') as $r) {
            foreach (json_decode($r['body'], true) as $t) {
                $ext = (string) ($t['externalid'] ?? '');
                if (preg_match('~^wc(o|r|d|rf)-(' . $ids . ')-\d+$~', $ext)) {
                    $out[$ext]['count'] = ($out[$ext]['count'] ?? 0) + 1;
                    foreach ($t['warehousetransactionitems'] ?? $t['items'] ?? [] as $it) {
                        $out[$ext][(string) $it['sku']] = (float) ($it['decimalquantity'] ?? $it['quantity'] ?? 0);
                    }
                }
            }
        }
        return $out;
    }

    /**
     * @group hpos
     */
    public function testRefundsGoBackOnceEachAndACancelGivesBackOnlyWhatIsLeft(): void
    {
        [$a, $b] = array_keys($this->ids);
        $ta = $this->total($a);
        $tb = $this->total($b);
        $o = $this->newOrder([$a => 5, $b => 2], 'processing');
        $this->assertSame('reduced', StockOrders::state($o->get_id()));
        $this->assertSame($ta - 5, $this->total($a));
        $this->assertSame(45.0, $this->stock($a));

        $r1 = $this->refund($o, [$a => 2]);
        $this->assertSame(47.0, $this->stock($a), 'WooCommerce put 2 back');
        $this->assertSame($ta - 3, $this->total($a), 'and so did Sitoo');
        $this->assertSame($tb - 2, $this->total($b), 'the line not refunded is left alone');
        $this->assertSame('returned', StockStep::state(StockRefunds::TYPE, $r1));
        $this->assertContains(sprintf('Sitoo stock: refund #%d returned to warehouse 1: %s × 2.', $r1, $a), $this->notes($o));
        StockDown::poll();
        $this->assertSame(47.0, $this->stock($a), 'no echo: the return does not come back down');

        // the same refund's action again, and a second runner: nothing more
        $this->assertTrue(StockRefunds::run($r1));
        $this->runQueue(true);
        $this->assertSame($ta - 3, $this->total($a), 'returned once');

        $r2 = $this->refund($o, [$a => 1, $b => 1]);
        $this->assertSame($ta - 2, $this->total($a));
        $this->assertSame($tb - 1, $this->total($b));
        $this->assertSame(48.0, $this->stock($a));

        $o = $this->status($o, 'cancelled');
        $this->assertSame(50.0, $this->stock($a), 'WooCommerce restocked the rest itself');
        $this->assertSame(50.0, $this->stock($b));
        $this->assertSame($ta, $this->total($a), 'the cancel gives back only what is left: never more than was reduced');
        $this->assertSame($tb, $this->total($b));
        $this->status($o, 'on-hold');
        $this->status($o, 'cancelled');
        $this->runQueue(true);
        $this->assertSame($ta, $this->total($a));
        $sent = $this->sent($o, [$r1, $r2]);
        $this->assertSame([
            'wco-' . $o->get_id() . '-1' => ['count' => 1, $a => -5.0, $b => -2.0],
            'wcrf-' . $r1 . '-1' => ['count' => 1, $a => 2.0],
            'wcrf-' . $r2 . '-1' => ['count' => 1, $a => 1.0, $b => 1.0],
            'wcr-' . $o->get_id() . '-1' => ['count' => 1, $a => 2.0, $b => 1.0],
        ], $sent);
        StockDown::poll();
        $this->assertSame(50.0, $this->stock($a), 'no echo');
        $this->assertSame(50.0, $this->stock($b));
    }

    /**
     * @group hpos
     */
    public function testWhatWasNotReducedOrNotRestockedGivesNothingBack(): void
    {
        [$a, $b, $c] = array_keys($this->ids);
        $ta = $this->total($a);
        $tc = $this->total($c);
        $o = $this->newOrder([$a => 4, $c => 1], 'processing');
        $this->assertSame($ta - 4, $this->total($a));
        $this->assertSame($tc, $this->total($c), 'stock not managed: never reduced');

        $r1 = $this->refund($o, [$a => 1], false); // money back, item not back in stock
        $r2 = $this->refund($o, [$c => 1]);          // restock asked on a line whose stock is not managed
        $this->assertSame(46.0, $this->stock($a));
        $this->assertSame($ta - 4, $this->total($a), 'a refund without restock gives nothing back');
        $this->assertSame($tc, $this->total($c));
        $this->assertSame('', StockStep::state(StockRefunds::TYPE, $r1));
        $this->assertSame('', StockStep::state(StockRefunds::TYPE, $r2));

        // cancelled: WooCommerce puts all 4 back (the refund did not restock), and so does Sitoo
        $this->status($o, 'cancelled');
        $this->assertSame(50.0, $this->stock($a));
        $this->assertSame($ta, $this->total($a));
        StockDown::poll();
        $this->assertSame(50.0, $this->stock($a));

        // an order never reduced in Sitoo (on-hold: WooCommerce reduced, Sitoo waits for processing) refunded with
        // restock and then cancelled: nothing is ever sent
        $tb = $this->total($b);
        $p = $this->newOrder([$b => 3], 'on-hold');
        $this->assertSame(47.0, $this->stock($b));
        $rp = $this->refund($p, [$b => 1]);
        $this->assertSame(48.0, $this->stock($b));
        $this->assertSame('waiting', StockStep::state(StockRefunds::TYPE, $rp));
        $this->status($p, 'cancelled');
        $this->runQueue(true);
        $this->assertSame($tb, $this->total($b));
        $this->assertSame([], $this->sent($p, [$rp]));
        StockDown::poll();
        $this->assertSame(50.0, $this->stock($b));
    }

    /**
     * @group hpos
     */
    public function testARefundBeforeTheReductionIsLeftOutOfIt(): void
    {
        [$a] = array_keys($this->ids);
        $ta = $this->total($a);
        $o = $this->newOrder([$a => 5], 'on-hold'); // bank transfer: WooCommerce reduces at on-hold
        $this->assertSame(45.0, $this->stock($a));
        $r = $this->refund($o, [$a => 2]);
        $this->assertSame(47.0, $this->stock($a));
        $this->assertSame($ta, $this->total($a), 'nothing reduced yet, nothing given back');
        $o = $this->status($o, 'processing');
        $this->assertSame($ta - 3, $this->total($a), 'the reduction leaves the refunded-and-restocked 2 out');
        $this->assertSame('absorbed', StockStep::state(StockRefunds::TYPE, $r));
        $this->runQueue(true);
        $this->assertSame($ta - 3, $this->total($a));
        $this->assertSame(['wco-' . $o->get_id() . '-1' => ['count' => 1, $a => -3.0]], $this->sent($o, [$r]));
        StockDown::poll();
        $this->assertSame(47.0, $this->stock($a), 'no echo');
        $this->status($o, 'cancelled');
        $this->assertSame($ta, $this->total($a));
        $this->assertSame(50.0, $this->stock($a));
    }

    /**
     * @group hpos
     */
    public function testAReturnWhoseReplyWasLostIsSettledByReadingNotSentAgain(): void
    {
        [$a] = array_keys($this->ids);
        $ta = $this->total($a);
        $o = $this->newOrder([$a => 4], 'processing');
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/warehousetransactions.json', 'kind' => 'lost_reply']);
        $r = $this->refund($o, [$a => 3]);
        $this->assertSame($ta - 1, $this->total($a), 'Sitoo applied it');
        $this->assertSame('returning', StockStep::state(StockRefunds::TYPE, $r), 'the outcome is not known');
        $this->assertNotContains(sprintf('Sitoo stock: refund #%d returned to warehouse 1: %s × 3.', $r, $a), $this->notes($o));
        $this->runQueue(true); // the retry: Sitoo's transactions read first
        $this->assertSame('returned', StockStep::state(StockRefunds::TYPE, $r));
        $this->assertSame($ta - 1, $this->total($a), 'not returned twice');
        $this->assertSame(['count' => 1, $a => 3.0], $this->sent($o, [$r])['wcrf-' . $r . '-1']);
        $this->assertContains(sprintf('Sitoo stock: refund #%d returned to warehouse 1: %s × 3.', $r, $a), $this->notes($o));
        StockDown::poll();
        $this->assertSame(49.0, $this->stock($a), 'no echo after the settlement');
        // a cancel then gives back the 1 left
        $this->status($o, 'cancelled');
        $this->assertSame($ta, $this->total($a));
        $this->assertSame(50.0, $this->stock($a));
    }

    /**
     * @group hpos
     */
    public function testARefundThenTheDeliveryTakesOnlyWhatWasSold(): void
    {
        $this->configure('sitoo', ['warehouse_id' => '1', 'warehouse_type' => 'physical', 'trigger_stock' => 'yes', 'statuses' => ['processing'],
            'deliver_on_complete' => 'yes']);
        [$a] = array_keys($this->ids);
        $ta = $this->total($a);
        $o = $this->newOrder([$a => 5], 'processing'); // exported to Sitoo with 5, and reduced by 5
        $this->assertSame('done', $this->row('sitoo', $o)['state'] ?? null, 'exported');
        $this->assertSame($ta - 5, $this->total($a));
        $r = $this->refund($o, [$a => 2]);
        $this->assertSame($ta - 3, $this->total($a));
        $o = $this->status($o, 'completed');
        $this->assertCount(1, self::$sim->state('sitoo')['deliveries'], 'delivered');
        // the delivery takes the 5 of the Sitoo order; the hand-back before it gave those 5 back
        $this->assertSame($ta - 3, $this->total($a), 'Sitoo is down by what was sold and kept: 5 − 2');
        $this->assertSame(47.0, $this->stock($a));
        $this->assertSame(5.0, $this->sent($o, [$r])['wcd-' . $o->get_id() . '-1'][$a] ?? null);
        StockDown::poll();
        $this->assertSame(47.0, $this->stock($a), 'no echo of the hand-back, the delivery or the return');
    }

    /**
     * @group hpos
     */
    public function testAnOrderReducedBeforeTheAmountsWereKeptStillGivesBackOnlyWhatWasReduced(): void
    {
        [$a] = array_keys($this->ids);
        $ta = $this->total($a);
        $o = $this->newOrder([$a => 5], 'processing');
        $this->assertSame($ta - 5, $this->total($a));
        // as an earlier version left it: reduced, without the kept amounts
        $o->delete_meta_data(StockOrders::META . 'reduce');
        $o->save_meta_data();
        $o = wc_get_order($o->get_id());
        $this->assertSame('', $o->get_meta(StockOrders::META . 'reduce'));
        $this->refund($o, [$a => 2]);
        $this->assertSame($ta - 3, $this->total($a));
        $this->status($o, 'cancelled');
        $this->assertSame($ta, $this->total($a), 'the cancel gives back the 3 left');
        $this->assertSame(50.0, $this->stock($a));
        StockDown::poll();
        $this->assertSame(50.0, $this->stock($a));
    }
}
