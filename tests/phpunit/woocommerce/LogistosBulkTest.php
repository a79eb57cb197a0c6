<?php
/**
 * Logistos has no lookup: after lost replies its exports stop as failed. The orders list resolves many at once:
 * bulk "Retry" (queued again, sent once more) and "Mark as received by the back-office" (done, nothing sent), on the
 * HPOS and the posts screen, with the list's bulk nonce and manage_woocommerce; orders in other states are left
 * alone. Runs with HPOS on and off.
 *
 * @group hpos
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Admin\LogistosBulk;

final class LogistosBulkTest extends WcTestCase
{
    private const ORDERS = '#/integration/woo_commerce_orders$#';

    /** Four orders whose export to Logistos lost its reply: each ends failed, with the reason. */
    private function failedOrders(int $n): array
    {
        $this->configure('logistos', ['statuses' => ['processing']]);
        $orders = [];
        for ($i = 0; $i < $n; $i++) {
            self::$sim->fault(['api' => 'logistos', 'method' => 'POST', 'path' => '/integration/woo_commerce_orders', 'kind' => 'lost_reply']);
            $o = $this->order();
            $o->update_status('processing');
            $this->runQueue(true);
            $row = $this->row('logistos', $o);
            $this->assertSame('failed', $row['state']);
            $this->assertStringContainsString('check whether the order is there', $row['last_error']);
            $orders[] = $o;
        }
        return $orders;
    }

    private function screenNonce(): string
    {
        return Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ? 'bulk-orders' : 'bulk-posts';
    }

    private function bulk(string $action, array $orders, ?string $nonce = null): array
    {
        $action_name = $nonce ?? $this->screenNonce();
        $_REQUEST['_wpnonce'] = wp_create_nonce($action_name);
        $screen = $action_name === 'bulk-orders' ? 'woocommerce_page_wc-orders' : 'edit-shop_order';
        $url = apply_filters("handle_bulk_actions-{$screen}", 'admin.php?page=wc-orders', $action, array_map(fn($o) => $o->get_id(), $orders));
        parse_str((string) parse_url($url, PHP_URL_QUERY), $q);
        return $q;
    }

    public function testTheActionsAreOfferedOnBothScreensWhenLogistosIsOn(): void
    {
        $this->assertArrayNotHasKey(LogistosBulk::RETRY, apply_filters('bulk_actions-woocommerce_page_wc-orders', []));
        $this->configure('logistos');
        foreach (['woocommerce_page_wc-orders', 'edit-shop_order'] as $screen) {
            $actions = apply_filters("bulk_actions-{$screen}", []);
            $this->assertArrayHasKey(LogistosBulk::RETRY, $actions);
            $this->assertArrayHasKey(LogistosBulk::RECEIVED, $actions);
            $this->assertSame('Logistos: Mark as received by the back-office', $actions[LogistosBulk::RECEIVED]);
        }
    }

    public function testMarkAsReceivedResolvesManyAtOnceAndSendsNothing(): void
    {
        $failed = $this->failedOrders(3);
        $posts = count($this->posts('logistos', 'POST', self::ORDERS));
        $exported = $this->order();
        $exported->update_status('processing');
        $this->runQueue();
        $this->assertSame('done', $this->row('logistos', $exported)['state']);
        $posts++;

        $q = $this->bulk(LogistosBulk::RECEIVED, array_merge($failed, [$exported]));
        $this->assertSame(['received', '3', '1'], [$q['erpsync_logistos'], $q['erpsync_n'], $q['erpsync_skipped']]);
        foreach ($failed as $o) {
            $row = $this->row('logistos', $o);
            $this->assertSame('done', $row['state']);
            $this->assertSame((string) $o->get_id(), $row['remote_id']);
            $this->assertSame('', $row['last_error']);
            $this->assertStringContainsString('marked as received by the back-office by', implode("\n", $this->notes($o)));
        }
        $this->runQueue(true);
        $this->assertCount($posts, $this->posts('logistos', 'POST', self::ORDERS), 'nothing was sent');

        // Pressed again: already done, left alone.
        $q = $this->bulk(LogistosBulk::RECEIVED, $failed);
        $this->assertSame(['0', '3'], [$q['erpsync_n'], $q['erpsync_skipped']]);
    }

    public function testRetrySendsEachChosenFailedOrderOnceMore(): void
    {
        [$a, $b, $c] = $this->failedOrders(3);
        $before = self::$sim->state('logistos')['received'];
        $q = $this->bulk(LogistosBulk::RETRY, [$a, $b]);
        $this->assertSame(['retried', '2', '0'], [$q['erpsync_logistos'], $q['erpsync_n'], $q['erpsync_skipped']]);
        $this->assertSame('queued', $this->row('logistos', $a)['state']);
        $this->runQueue(true);
        $this->assertSame('done', $this->row('logistos', $a)['state']);
        $this->assertSame('done', $this->row('logistos', $b)['state']);
        $this->assertSame('failed', $this->row('logistos', $c)['state'], 'an order not chosen is left alone');
        $this->assertSame($before + 2, self::$sim->state('logistos')['received'], 'two orders sent, once each');
        $this->assertStringContainsString('queued again by', implode("\n", $this->notes($a)));
    }

    public function testAnOrderInDoubtIsRetriedToo(): void
    {
        $this->configure('logistos', ['statuses' => ['processing']]);
        self::$sim->fault(['api' => 'logistos', 'method' => 'POST', 'path' => '/integration/woo_commerce_orders', 'kind' => 'lost_reply']);
        $o = $this->order();
        $o->update_status('processing');
        $this->runQueue(); // the first attempt only: the row waits as unknown with a backoff action
        $this->assertSame('unknown', $this->row('logistos', $o)['state']);
        $q = $this->bulk(LogistosBulk::RETRY, [$o]);
        $this->assertSame('1', $q['erpsync_n']);
        $this->assertCount(1, $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT), 'the waiting action was replaced by one that runs now');
        $this->runQueue();
        $this->assertSame('done', $this->row('logistos', $o)['state']);
    }

    public function testNonceAndCapabilityAreRequired(): void
    {
        [$a] = $this->failedOrders(1);
        $_REQUEST['_wpnonce'] = 'forged';
        try {
            apply_filters('handle_bulk_actions-woocommerce_page_wc-orders', 'x', LogistosBulk::RECEIVED, [$a->get_id()]);
            $this->fail('a forged nonce must be refused');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        $this->assertSame('failed', $this->row('logistos', $a)['state']);

        $shop_worker = wp_insert_user(['user_login' => 'editor-' . wp_generate_password(6, false), 'user_pass' => wp_generate_password(), 'role' => 'editor']);
        wp_set_current_user($shop_worker);
        $this->assertArrayNotHasKey(LogistosBulk::RETRY, LogistosBulk::bulk_actions([]), 'not offered without manage_woocommerce');
        try {
            $this->bulk(LogistosBulk::RECEIVED, [$a]);
            $this->fail('without manage_woocommerce the action must be refused');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        } finally {
            wp_set_current_user(self::$admin);
            wp_delete_user($shop_worker);
        }
        $this->assertSame('failed', $this->row('logistos', $a)['state']);
    }
}
