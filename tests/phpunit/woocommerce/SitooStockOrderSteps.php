<?php
/**
 * What the tests of an order's Sitoo stock steps share (SitooStockRefundsTest, SitooStockViewTest,
 * SitooStockRetryTest; on top of SitooTestSetUp, whose sitooStockShop() fills $this->ids): an order of shop SKUs, a
 * status change with the queue run after it, and a refund as the admin's refund button makes it.
 */

require_once __DIR__ . '/SitooTestSetUp.php';

trait SitooStockOrderSteps
{
    use SitooTestSetUp;

    /** The order-step views' shop: no step rows of earlier tests, Sitoo seeded with 3 items, all 3 in the shop (the
     * first 2 stock-managed), StockOrders' connector made anew. */
    private function stepsShop(): void
    {
        global $wpdb;
        $wpdb->query("DELETE FROM {$wpdb->prefix}erpsync_map WHERE object_type IN ('order_stock', 'refund_stock', 'stock_unknown')");
        $this->sitooStockShop(3, 3, 2);
        ErpSync\Plugin\Sync\Sitoo\StockOrders::$connector = null;
    }

    /** What $f prints. */
    private function out(callable $f): string
    {
        ob_start();
        try {
            $f();
        } finally {
            $html = (string) ob_get_clean();
        }
        return $html;
    }

    /** An order of SKU => quantity (billing SI), left pending or moved to $status with the queue run. */
    private function newOrder(array $lines, string $status = 'pending'): WC_Order
    {
        $order = wc_create_order();
        foreach ($lines as $sku => $qty) {
            $order->add_product(wc_get_product($this->ids[$sku]), $qty);
        }
        $order->set_billing_email('maja@example.si');
        $order->set_billing_country('SI');
        $order->calculate_totals();
        $order->save();
        return 'pending' === $status ? wc_get_order($order->get_id()) : $this->status($order, $status);
    }

    /** The order moved to $status, then the queue run. */
    private function status(WC_Order $o, string $status): WC_Order
    {
        $o = wc_get_order($o->get_id());
        $o->set_status($status);
        $o->save();
        $this->runQueue();
        return wc_get_order($o->get_id());
    }

    /** A refund as the admin's refund button makes it: SKU => quantity, restocked or not; then the queue run. */
    private function refund(WC_Order $o, array $lines, bool $restock = true): int
    {
        $o = wc_get_order($o->get_id());
        $items = [];
        $amount = 0.0;
        foreach ($o->get_items() as $id => $item) {
            $sku = $item->get_product()->get_sku();
            if (isset($lines[$sku])) {
                $total = round((float) $item->get_total() / $item->get_quantity() * $lines[$sku], 2);
                $tax = [];
                foreach ($item->get_taxes()['total'] as $rate => $t) {
                    $tax[$rate] = round((float) $t / $item->get_quantity() * $lines[$sku], 2);
                }
                $items[$id] = ['qty' => $lines[$sku], 'refund_total' => $total, 'refund_tax' => $tax];
                $amount += $total + array_sum($tax);
            }
        }
        $r = wc_create_refund(['order_id' => $o->get_id(), 'amount' => round($amount, 2), 'line_items' => $items, 'restock_items' => $restock, 'reason' => 'test']);
        $this->assertInstanceOf(WC_Order_Refund::class, $r, is_wp_error($r) ? $r->get_error_message() : '');
        $this->runQueue();
        return $r->get_id();
    }
}
