<?php
/**
 * A physical Sitoo warehouse's stock through orders, on real WooCommerce against the simulator: processing
 * reduces Sitoo's stock, cancelled restocks it, each exactly once (processing → completed with the delivery does
 * not reduce twice; a second processing or cancel changes nothing; a reduction whose reply was lost is settled by
 * reading Sitoo's transactions, not sent again); no echo (the poll brings none of it back down).
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooStockOrderSteps.php';

use ErpSync\Plugin\Sync\Sitoo\StockDown;
use ErpSync\Plugin\Sync\Sitoo\StockOrders;

final class SitooStockOrdersTest extends WcTestCase
{
    use SitooStockOrderSteps;

    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        $wpdb->query("DELETE FROM {$wpdb->prefix}erpsync_map WHERE object_type = 'order_stock'");
        $this->sitooStockShop(3, 2);
        $this->configure('sitoo', ['warehouse_id' => '1', 'warehouse_type' => 'physical', 'trigger_stock' => 'yes', 'statuses' => ['processing'],
            'deliver_on_complete' => 'yes']);
        StockDown::poll(); // baselines
    }

    /** Sitoo transactions of this order's steps (wco-, wcr-, wcd-): externalid => count. */
    private function steps(WC_Order $o): array
    {
        $out = [];
        foreach ($this->posts('sitoo', 'POST', '~/warehousetransactions\.json$~') as $r) {
            foreach (json_decode($r['body'], true) as $t) {
                if (preg_match('~^wc[ord]-' . $o->get_id() . '-\d+$~', (string) ($t['externalid'] ?? ''))) {
                    $out[$t['externalid']] = ($out[$t['externalid']] ?? 0) + 1;
                }
            }
        }
        return $out;
    }

    private function newOrder(string $sku, int $qty): WC_Order
    {
        $order = wc_create_order();
        $order->add_product(wc_get_product($this->ids[$sku]), $qty);
        $order->set_billing_email('maja@example.si');
        $order->calculate_totals();
        $order->save();
        return $order;
    }

    /**
     * @group hpos
     */
    public function testProcessingReducesOnceAndTheDeliveryDoesNotReduceTwice(): void
    {
        [$a] = array_keys($this->ids);
        $t0 = $this->total($a);
        $o = $this->newOrder($a, 2);
        $o = $this->status($o, 'processing');
        $this->assertSame($t0 - 2, $this->total($a), 'processing reduces Sitoo');
        $this->assertSame('reduced', StockOrders::state($o->get_id()));
        $this->assertSame(48.0, $this->stock($a));
        $o = $this->status($o, 'on-hold');
        $o = $this->status($o, 'processing');
        $this->assertSame($t0 - 2, $this->total($a), 'a second processing reduces nothing');
        StockDown::poll();
        $this->assertSame(48.0, $this->stock($a), 'the reduction does not come back down (no echo)');

        $o = $this->status($o, 'completed');
        $this->assertCount(1, self::$sim->state('sitoo')['deliveries'], 'delivered');
        $this->assertSame($t0 - 2, $this->total($a), 'processing → completed: one reduction in all');
        $this->assertSame(['wco-' . $o->get_id() . '-1' => 1, 'wcd-' . $o->get_id() . '-1' => 1], $this->steps($o));
        StockDown::poll();
        $this->assertSame(48.0, $this->stock($a), 'neither the hand-back nor the delivery comes back down');
    }

    /**
     * @group hpos
     */
    public function testCancelledAfterProcessingRestocksOnce(): void
    {
        [$a, $b] = array_keys($this->ids);
        $t0 = $this->total($a);
        $o = $this->newOrder($a, 3);
        $o = $this->status($o, 'processing');
        $this->assertSame($t0 - 3, $this->total($a));
        $o = $this->status($o, 'cancelled');
        $this->assertSame($t0, $this->total($a), 'cancelled restocks Sitoo');
        $this->assertSame(50.0, $this->stock($a), 'and WooCommerce restocked itself');
        $o = $this->status($o, 'on-hold');
        $o = $this->status($o, 'cancelled');
        $this->assertSame($t0, $this->total($a), 'restocked once');
        $this->assertSame(['wco-' . $o->get_id() . '-1' => 1, 'wcr-' . $o->get_id() . '-1' => 1], $this->steps($o));
        StockDown::poll();
        $this->assertSame(50.0, $this->stock($a));

        // cancelled without ever being processing: nothing to restock
        $tb = $this->total($b);
        $p = $this->newOrder($b, 1);
        $this->status($p, 'cancelled');
        $this->assertSame($tb, $this->total($b));
        $this->assertSame([], $this->steps($p));
    }

    /**
     * @group hpos
     */
    public function testAReductionWhoseReplyWasLostIsSettledByReadingNotSentAgain(): void
    {
        [$a] = array_keys($this->ids);
        $t0 = $this->total($a);
        $o = $this->newOrder($a, 4);
        self::$sim->fault(['api' => 'sitoo', 'method' => 'POST', 'path' => '/sites/1/warehousetransactions.json', 'kind' => 'lost_reply']);
        $o = $this->status($o, 'processing');
        $this->assertSame($t0 - 4, $this->total($a), 'Sitoo applied it');
        $this->assertSame('reducing', StockOrders::state($o->get_id()), 'the outcome is not known');
        $this->runQueue(true); // the retry: Sitoo's transactions read first
        $this->assertSame('reduced', StockOrders::state($o->get_id()));
        $this->assertSame($t0 - 4, $this->total($a), 'not reduced twice');
        $this->assertSame(1, $this->steps($o)['wco-' . $o->get_id() . '-1'] ?? 0, 'sent once');
        $this->assertNotEmpty(array_filter(self::$sim->requests('sitoo'), fn($r) => $r['method'] === 'GET' && str_contains($r['path'], 'warehousetransactions')
            && isset($r['query']['datecreatedfrom'])), 'settled by reading the transactions');
        StockDown::poll();
        $this->assertSame(46.0, $this->stock($a), 'no echo after the settlement');
    }
}
