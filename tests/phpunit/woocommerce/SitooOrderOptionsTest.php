<?php
/**
 * Sitoo order options on real WooCommerce against the simulator: "Shipping as order rows" (Misc) off leaves the
 * shipping out of a non-Click-and-Collect order (no row; the one payment = the rows' sum = the shop's total less
 * shipping and its tax, Sitoo's arithmetic), on keeps the row; a Click-and-Collect order keeps its row either way.
 * Click-and-Collect orders take their own open/closed state, other orders keep `order_state`.
 */

require_once __DIR__ . '/WcTestCase.php';

final class SitooOrderOptionsTest extends WcTestCase
{
    private function sent(WC_Order $order): array
    {
        foreach (self::$sim->state('sitoo')['orders'] as $o) {
            if ($o['externalid'] === 'wc-' . $order->get_id()) {
                return $o;
            }
        }
        $this->fail('order ' . $order->get_id() . ' not in Sitoo; notes: ' . implode(' | ', $this->notes($order)));
    }

    private static function cents(string $money): int
    {
        return (int) round(((float) $money) * 100); // two-decimal strings from the simulator's state: exact in cents
    }

    private static function rowSum(array $o): int
    {
        return array_sum(array_map(fn($r) => self::cents($r['moneyrowprice']), $o['orderitems']));
    }

    public function testShippingRowsOffLeavesTheShippingOutAndThePaymentStillEqualsTheRows(): void
    {
        $this->configure('sitoo', ['statuses' => ['processing'], 'misc_shipping_rows' => 'no', 'click_and_collect_methods' => ['local_pickup'],
            'click_and_collect_statuses' => ['processing']]);
        $order = $this->order();
        $shipGross = self::cents($order->get_shipping_total()) + self::cents($order->get_shipping_tax());
        $this->assertGreaterThan(0, $shipGross, 'the fixture has paid shipping');
        $order->update_status('processing');
        $this->runQueue();
        $o = $this->sent($order);
        $this->assertSame(['ART-000001', 'ART-000002'], array_column($o['orderitems'], 'sku'), 'no SHIPPING row');
        $this->assertCount(1, $o['payments']);
        $paid = self::cents($o['payments'][0]['moneyamount']);
        $this->assertSame(self::cents($order->get_total()) - $shipGross, $paid, 'the payment is the shop total less shipping and its tax');
        $this->assertSame($paid, self::rowSum($o), 'Sitoo: the rows add up to the payment');

        // a Click-and-Collect order keeps its shipping row (the setting is about the other orders)
        $cc = $this->order(['shipping_method' => 'local_pickup']);
        $cc->update_status('processing');
        $this->runQueue();
        $c = $this->sent($cc);
        $this->assertContains('SHIPPING', array_column($c['orderitems'], 'sku'));
        $this->assertSame(self::cents($cc->get_total()), self::cents($c['payments'][0]['moneyamount']));
    }

    public function testShippingRowsOnSendsTheRowAndTheWholeTotal(): void
    {
        $this->configure('sitoo', ['statuses' => ['processing'], 'misc_shipping_rows' => 'yes']);
        $order = $this->order();
        $order->update_status('processing');
        $this->runQueue();
        $o = $this->sent($order);
        $ship = array_values(array_filter($o['orderitems'], fn($r) => $r['sku'] === 'SHIPPING'));
        $this->assertCount(1, $ship);
        $this->assertSame(self::cents($order->get_shipping_total()) + self::cents($order->get_shipping_tax()), self::cents($ship[0]['moneyrowprice']));
        $this->assertSame(self::cents($order->get_total()), self::cents($o['payments'][0]['moneyamount']));
        $this->assertSame(self::cents($order->get_total()), self::rowSum($o));
    }

    public function testShippingRowsOffWithNetRowsStillAddsUp(): void
    {
        $this->configure('sitoo', ['statuses' => ['processing'], 'misc_shipping_rows' => 'no', 'misc_prices_incl_vat' => 'no']);
        $order = $this->order();
        $order->update_status('processing');
        $this->runQueue();
        $o = $this->sent($order);
        $this->assertNotContains('SHIPPING', array_column($o['orderitems'], 'sku'));
        $net = self::rowSum($o);
        $vat = 0;
        foreach ($o['orderitems'] as $r) { // Sitoo: row VAT = round2(price · v / 100) on net rows
            $vat += (int) round(self::cents($r['moneyrowprice']) * (float) $r['vatvalue'] / 100);
        }
        $this->assertSame(self::cents($o['payments'][0]['moneyamount']), $net + $vat);
        $this->assertSame(self::cents($order->get_total()) - self::cents($order->get_shipping_total()) - self::cents($order->get_shipping_tax()), $net + $vat);
    }

    public function testClickAndCollectOrdersTakeTheirOwnOpenOrClosedState(): void
    {
        $this->configure('sitoo', ['statuses' => ['processing'], 'click_and_collect_methods' => ['local_pickup'], 'click_and_collect_statuses' => ['processing'],
            'order_state' => '0', 'click_and_collect_order_state' => '10']);
        $cc = $this->order(['shipping_method' => 'local_pickup']);
        $home = $this->order();
        $cc->update_status('processing');
        $home->update_status('processing');
        $this->runQueue();
        $this->assertSame(10, (int) $this->sent($cc)['orderstateid'], 'Click-and-Collect: closed, its own setting');
        $this->assertSame(0, (int) $this->sent($home)['orderstateid'], 'other orders: order_state');
        $this->assertSame('10', ErpSync\Plugin\Infra\Settings::get('sitoo')['click_and_collect_order_state']);
        $this->assertSame(10, ErpSync\Plugin\Infra\Settings::connector_settings('sitoo')['click_and_collect_order_state'] ?? null);
    }
}
