<?php
/**
 * What each back-office adds to the order flow, on real WooCommerce against the simulator: SORS customers by PIB
 * (found or created, then the stored link), Logistos consent + handshake with read-only REST keys + historical
 * orders in batches then each new order, Sitoo Click-and-Collect at its own status and delivery of completed
 * orders, logs under WooCommerce → Status → Logs without secrets.
 */

require_once __DIR__ . '/WcTestCase.php';

final class ConnectorsFlowTest extends WcTestCase
{
    public function testSorsFindsTheCustomerByPibOrCreatesItOnce(): void
    {
        $this->configure('sors');
        $a = $this->order(['meta' => ['_billing_vat' => '101234567'], 'billing' => ['company' => 'Kafa d.o.o.', 'country' => 'RS', 'email' => 'kafa@example.rs']]);
        $a->update_status('processing');
        $this->runQueue();
        $this->assertSame('done', $this->row('sors', $a)['state'], (string) $this->row('sors', $a)['last_error']);
        $created = $this->posts('sors', 'POST', '#/customers$#');
        $this->assertCount(1, $created, 'an unknown PIB creates the customer');
        $this->assertSame('101234567', json_decode($created[0]['body'], true)['pib']);
        $b = $this->order(['meta' => ['_billing_vat' => '101234567'], 'billing' => ['company' => 'Kafa d.o.o.', 'country' => 'RS', 'email' => 'other@example.rs']]);
        $b->update_status('processing');
        $this->runQueue();
        $this->assertSame('done', $this->row('sors', $b)['state']);
        $this->assertCount(1, $this->posts('sors', 'POST', '#/customers$#'), 'the second order finds it by PIB');
        $docs = $this->posts('sors', 'POST', '#/documents#');
        $this->assertCount(2, $docs);
        $this->assertSame(json_decode($docs[0]['body'], true)['customerId'], json_decode($docs[1]['body'], true)['customerId']);
    }

    public function testLogistosNeedsConsentThenHandshakesAndSendsHistoryThenNewOrders(): void
    {
        global $wpdb;
        $this->configure('logistos', ['statuses' => ['processing'], 'history_statuses' => ['completed', 'processing']]);
        foreach (wc_get_orders(['limit' => -1, 'status' => 'any', 'type' => 'shop_order']) as $o) {
            $o->delete(true); // a shop whose history is exactly the four orders below
        }
        $old = [];
        foreach (['completed', 'processing', 'completed', 'cancelled'] as $st) {
            $o = $this->order();
            $o->set_status($st);
            $o->save();
            $old[] = $o;
        }
        as_unschedule_all_actions('', [], 'erpsync'); // the processing one was queued by its transition: history covers it
        $r = ErpSync\Plugin\Admin\Actions::handshake(self::$admin);
        $this->assertFalse($r['ok']);
        $this->assertStringContainsString('Share REST keys', $r['message']);
        $this->assertSame([], self::$sim->requests('logistos'), 'nothing leaves the shop without consent');

        ErpSync\Plugin\Infra\Settings::put('logistos', ['consent' => 'yes']);
        $r = ErpSync\Plugin\Admin\Actions::handshake(self::$admin);
        $this->assertTrue($r['ok'], $r['message']);
        $stores = self::$sim->state('logistos')['stores'];
        $this->assertCount(1, $stores);
        $store = array_values($stores)[0];
        $this->assertSame(home_url('/'), $store['store_url']);
        $key = $wpdb->get_row($wpdb->prepare("SELECT * FROM {$wpdb->prefix}woocommerce_api_keys WHERE key_id = %d", ErpSync\Plugin\Infra\Settings::get('logistos')['api_key_id']), ARRAY_A);
        $this->assertSame('read', $key['permissions'], 'a read-only key');
        $this->assertSame(substr($store['consumer_key'], -7), $key['truncated_key']);
        $this->assertSame(sha1($key['consumer_secret']), $store['consumer_secret_sha1']);
        $this->assertStringNotContainsString($key['consumer_secret'], serialize(ErpSync\Plugin\Infra\Settings::get('logistos')), 'the secret is not kept in the settings');

        $this->runQueue();
        $sent = array_map('intval', array_column(self::$sim->state('logistos')['orders'], 'id'));
        sort($sent);
        $this->assertSame([$old[0]->get_id(), $old[1]->get_id(), $old[2]->get_id()], $sent, 'completed and processing, not cancelled');
        foreach ([0, 1, 2] as $i) {
            $this->assertSame('done', $this->row('logistos', $old[$i])['state']);
        }
        $new = $this->order();
        $new->update_status('processing');
        $this->runQueue();
        $this->assertCount(4, self::$sim->state('logistos')['orders']);
        $this->assertSame(0, self::$sim->state('logistos')['duplicates']);
        // The status of an old order changes again: it is not sent twice.
        $old[1]->update_status('completed');
        $old[1]->update_status('processing');
        $this->runQueue();
        $this->assertSame(0, self::$sim->state('logistos')['duplicates']);

        // Uninstall with data removal chosen: the REST key made for Logistos goes too; then the plugin is back.
        update_option('erpsync_remove_data_on_uninstall', 'yes');
        ErpSync\Plugin\Infra\Installer::uninstall();
        $this->assertNull($wpdb->get_var($wpdb->prepare("SELECT key_id FROM {$wpdb->prefix}woocommerce_api_keys WHERE key_id = %d", $key['key_id'])));
        $this->assertFalse(get_option('erpsync_logistos'));
        ErpSync\Plugin\Infra\Installer::activate();
    }

    public function testSitooClickAndCollectAtItsOwnStatusAndDeliveryAfterCompletion(): void
    {
        $this->configure('sitoo', ['statuses' => ['processing'], 'click_and_collect_methods' => ['local_pickup'],
            'click_and_collect_statuses' => ['on-hold'], 'click_and_collect_warehouse_id' => '2', 'deliver_on_complete' => 'yes']);
        $cc = $this->order(['shipping_method' => 'local_pickup']);
        $cc->update_status('processing');
        $this->assertSame([], $this->pending(), 'a Click-and-Collect order waits for its own status');
        $cc->update_status('on-hold');
        $this->runQueue();
        $orders = self::$sim->state('sitoo')['orders'];
        $this->assertCount(1, $orders);
        $this->assertSame('true', $orders[0]['additionaldata']['click-and-collect'] ?? null);
        $this->assertSame(2, (int) $orders[0]['warehouseid']);
        $this->assertSame('wc-' . $cc->get_id(), $orders[0]['externalid']);

        $home = $this->order();
        $home->update_status('processing');
        $this->runQueue();
        $this->assertCount(2, self::$sim->state('sitoo')['orders']);
        $this->assertSame([], self::$sim->state('sitoo')['deliveries']);
        $home->update_status('completed');
        $this->runQueue();
        $deliveries = self::$sim->state('sitoo')['deliveries'];
        $this->assertCount(1, $deliveries);
        $this->assertSame((int) $this->row('sitoo', $home)['remote_id'], (int) $deliveries[0]['orderid']);
        $this->assertStringContainsString('delivered', implode("\n", $this->notes($home)));
    }

    public function testLogsGoToWooCommerceAndTheRequestLogWithoutSecrets(): void
    {
        global $wpdb;
        $this->configure('vasco');
        $order = $this->order();
        $order->update_status('processing');
        $this->runQueue();
        $files = glob(WC_LOG_DIR . 'erpsync-vasco-*.log') ?: [];
        $this->assertNotEmpty($files, 'WooCommerce → Status → Logs has the source erpsync-vasco');
        $text = implode("\n", array_map('file_get_contents', $files));
        $this->assertStringContainsString('order ' . $order->get_id() . ': done', $text);
        $log = $wpdb->get_results('SELECT * FROM ' . ErpSync\Plugin\Infra\Installer::log_table(), ARRAY_A);
        $this->assertNotEmpty($log);
        $this->assertContains('POST', array_column($log, 'method'));
        $all = $text . serialize($log) . implode("\n", $this->notes($order));
        foreach ([ErpSyncTest\Sim::VASCO_PASSWORD] as $secret) {
            $this->assertStringNotContainsString($secret, $all);
        }
    }

    public function testLogistosAfterAnAmbiguousFailureStopsInsteadOfSendingAgain(): void
    {
        $this->configure('logistos', ['statuses' => ['processing']]);
        self::$sim->fault(['api' => 'logistos', 'method' => 'POST', 'path' => '/integration/woo_commerce_orders', 'kind' => 'lost_reply']);
        $order = $this->order();
        $order->update_status('processing');
        $this->runQueue();
        $this->assertSame('unknown', $this->row('logistos', $order)['state'], 'the reply was lost: it may have arrived');
        $this->runQueue(true);
        $row = $this->row('logistos', $order);
        $this->assertSame('failed', $row['state']);
        $this->assertStringContainsString('offers no lookup', $row['last_error']);
        $this->assertSame(1, self::$sim->state('logistos')['received'], 'not sent a second time');
        // The owner checked Logistos and presses Retry: sent again, on purpose.
        ErpSync\Plugin\Orders\Queue::enqueue($order->get_id(), 'logistos', 0, true);
        $this->runQueue();
        $this->assertSame('done', $this->row('logistos', $order)['state']);
    }

    public function testACustomerLinkIsNotUsedInAnotherSorsDatabase(): void
    {
        $this->configure('sors');
        $user = wp_insert_user(['user_login' => 'kupac' . wp_rand(), 'user_pass' => wp_generate_password(), 'user_email' => 'kupac' . wp_rand() . '@example.rs', 'role' => 'customer']);
        $a = $this->order(['customer_id' => $user, 'billing' => ['company' => 'Kafa d.o.o.', 'country' => 'RS', 'email' => 'linked@example.rs']]);
        $a->update_status('processing');
        $this->runQueue();
        $this->assertSame('done', $this->row('sors', $a)['state']);
        $link = ErpSync\Plugin\Infra\Mapping::get('sors', 'customer', $user);
        $this->assertSame('done', $link['state']);
        $this->assertCount(1, $this->posts('sors', 'POST', '#/customers$#'));
        // Same database: the stored link is used, no lookup, no create.
        $b = $this->order(['customer_id' => $user, 'billing' => ['company' => 'Kafa d.o.o.', 'country' => 'RS', 'email' => 'linked@example.rs']]);
        $b->update_status('processing');
        $this->runQueue();
        $this->assertCount(1, $this->posts('sors', 'POST', '#/customers$#'));
        $this->assertCount(1, $this->posts('sors', 'GET', '#/customers$#'), 'only the first order looked the customer up');
        // The owner switches to the 2025 database: that link belongs to Shop2026 and is not used there.
        ErpSync\Plugin\Infra\Settings::put('sors', ['database' => 'Shop2025']);
        $c = $this->order(['customer_id' => $user, 'billing' => ['company' => 'Kafa d.o.o.', 'country' => 'RS', 'email' => 'linked@example.rs']]);
        $c->update_status('processing');
        $this->runQueue();
        $this->assertSame('done', $this->row('sors', $c)['state']);
        $creates = $this->posts('sors', 'POST', '#/customers$#');
        $this->assertCount(2, $creates);
        $this->assertStringContainsString('Shop2025', $creates[1]['path']);
        $this->assertNotSame($link['env'], ErpSync\Plugin\Infra\Mapping::get('sors', 'customer', $user)['env']);
    }
}
