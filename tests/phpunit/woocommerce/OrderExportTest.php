<?php
/**
 * The order side end to end on real WooCommerce: status transitions queue Action Scheduler actions (no HTTP in the
 * request that changes the status), the action builds the snapshot through the CRUD and sends the order once;
 * back-office down then back, reply lost, 429, validation failure, blacklist — each visible on the order.
 * Runs with HPOS on and again with HPOS off (group hpos).
 *
 * @group hpos
 */

require_once __DIR__ . '/WcTestCase.php';

final class OrderExportTest extends WcTestCase
{
    private const VASCO_ORDERS = '#^/api/v1/FA/narociloKupca$#';

    public function testStorageIsTheOneThisPassAskedFor(): void
    {
        $order = $this->order();
        $hpos = Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled();
        $this->assertSame(getenv('ERPSYNC_HPOS') === '1', $hpos);
        $this->assertSame($hpos ? 'shop_order_placehold' : 'shop_order', get_post_type($order->get_id()) ?: 'shop_order_placehold');
    }

    public function testStatusTransitionQueuesAndMakesNoHttpCall(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        $this->assertSame([], $this->pending(), 'a new pending order is not queued');
        $order->update_status('processing');
        $pending = $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT);
        $this->assertCount(1, $pending);
        $this->assertSame(['order_id' => $order->get_id(), 'connector' => 'vasco'], $pending[0]['args']);
        $this->assertSame([], self::$sim->requests('vasco'), 'the request that changed the status made no HTTP call');
        $this->assertSame('queued', $this->row('vasco', $order)['state']);
        // The same transition again (e.g. a second hook firing) does not add a second action.
        ErpSync\Plugin\Orders\Queue::on_status_changed($order->get_id(), 'pending', 'processing', $order);
        $this->assertCount(1, $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT));
    }

    public function testAnOrderCreatedDirectlyInAnExportStatusIsQueued(): void
    {
        $this->configure('vasco');
        $order = wc_create_order(['status' => 'processing']); // as the REST API or an import creates it
        $order->add_product($this->product('ART-000001', '18.00'), 1);
        $order->set_billing_email('rest@example.si');
        $order->calculate_totals();
        $order->save();
        $pending = $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT);
        $this->assertCount(1, $pending);
        $this->assertSame($order->get_id(), $pending[0]['args']['order_id']);
    }

    public function testOnlyTheConfiguredStatusesExport(): void
    {
        $this->configure('vasco', ['statuses' => ['completed']]);
        $order = $this->order();
        $order->update_status('on-hold');
        $order->update_status('processing');
        $this->assertSame([], $this->pending(), 'on-hold and processing are not configured');
        $order->update_status('completed');
        $this->assertCount(1, $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT));
    }

    public function testTheActionSendsTheOrderOnceWithItsRealAmounts(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        $order->update_status('processing');
        $this->assertSame(1, $this->runQueue());
        $posts = $this->posts('vasco', 'POST', self::VASCO_ORDERS);
        $this->assertCount(1, $posts);
        $body = json_decode($posts[0]['body'], true);
        $lines = $body['postavke'];
        $this->assertSame('ART-000001', $lines[0]['sifra']);
        $this->assertEquals(2, $lines[0]['kolicina']);
        $this->assertSame('DOSTAVA', end($lines)['sifra'], 'shipping is a line');
        $this->assertSame('3', (string) array_column($body['dodatnaPolja'], 'vrednost', 'naziv')['SIFRA_PLACILA'], 'bacs → payment code 3 from the settings');
        $row = $this->row('vasco', $order);
        $this->assertSame('done', $row['state']);
        $this->assertSame($order->get_order_number() . '.' . gmdate('Y'), $row['remote_id']);
        $this->assertSame($order->get_order_number(), $row['remote_number'], 'VASCO numbers the order with the shop\'s number');
        $this->assertStringContainsString('VASCO: sent, document ' . $row['remote_number'], implode("\n", $this->notes($order)));
        // Completed later: configured for processing only, so nothing more; a re-queue is refused for a done order.
        $order->update_status('completed');
        $this->assertFalse(ErpSync\Plugin\Orders\Queue::enqueue($order->get_id(), 'vasco', 0, true));
        $this->assertSame(0, $this->runQueue());
        $this->assertCount(1, self::$sim->state('vasco')['orders']);
        // 153.48-style exactness: the snapshot's total is WooCommerce's total as a string.
        $snap = ErpSync\Plugin\Orders\Snapshot::order(wc_get_order($order->get_id()));
        $this->assertSame(wc_format_decimal($order->get_total()), $snap['total']);
        $this->assertSame('22', $snap['line_items'][0]['tax_rate_percent']);
        $this->assertSame('3830000000015', $snap['line_items'][0]['ean']);
    }

    public function testBackOfficeDownThenBackNothingLostNothingDoubled(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        self::$sim->stop();
        $order->update_status('processing');
        $this->runQueue();
        $row = $this->row('vasco', $order);
        $this->assertSame('retry', $row['state'], 'the customer lookup could not reach VASCO: nothing was sent yet');
        $this->assertStringContainsString('connect', strtolower($row['last_error']));
        $next = $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT);
        $this->assertCount(1, $next, 'a new action is scheduled (Action Scheduler has no retry of its own)');
        $this->assertGreaterThanOrEqual(time() + 25, $next[0]['time']);
        $this->assertStringContainsString('VASCO: not reached', implode("\n", $this->notes($order)));
        self::$sim->restart();
        $this->assertSame(0, $this->runQueue(), 'not due yet');
        $this->runQueue(true);
        $this->assertSame('done', $this->row('vasco', $order)['state']);
        $this->assertCount(1, $this->posts('vasco', 'POST', self::VASCO_ORDERS));
        $this->assertCount(1, self::$sim->state('vasco')['orders']);
    }

    public function testReplyLostAfterProcessingIsLinkedNotSentAgain(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        self::$sim->fault(['api' => 'vasco', 'method' => 'POST', 'path' => '/api/v1/FA/narociloKupca', 'kind' => 'lost_reply']);
        $order->update_status('processing');
        $this->runQueue();
        $this->assertSame('unknown', $this->row('vasco', $order)['state']);
        $this->runQueue(true);
        $this->assertSame('done', $this->row('vasco', $order)['state'], (string) $this->row('vasco', $order)['last_error']);
        $this->assertCount(1, $this->posts('vasco', 'POST', self::VASCO_ORDERS));
        $this->assertCount(1, self::$sim->state('vasco')['orders']);
        $this->assertStringContainsString('already there as document', implode("\n", $this->notes($order)));
    }

    public function testRateLimitReschedulesAfterRetryAfter(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        self::$sim->fault(['api' => 'vasco', 'method' => 'GET', 'path' => '/api/v1/FA/narociloKupca', 'kind' => 'rate_limit', 'retry_after' => 120, 'count' => 5]);
        $order->update_status('processing');
        $this->runQueue();
        $next = $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT);
        $this->assertCount(1, $next);
        $this->assertGreaterThanOrEqual(time() + 115, $next[0]['time']);
        $this->assertSame('retry', $this->row('vasco', $order)['state']);
        $this->assertSame([], $this->posts('vasco', 'POST', self::VASCO_ORDERS));
    }

    public function testValidationFailureIsShownOnTheOrderAndRetryRequeues(): void
    {
        $this->configure('vasco', ['payment_codes' => ['cod' => '4']]);
        $order = $this->order();
        $order->update_status('processing');
        $this->runQueue();
        $row = $this->row('vasco', $order);
        $this->assertSame('failed', $row['state']);
        $this->assertStringContainsString('bacs', $row['last_error']);
        $this->assertSame([], $this->pending(), 'a validation failure is not retried');
        $this->assertStringContainsString('VASCO: not sent:', implode("\n", $this->notes($order)));
        $this->assertSame([], self::$sim->requests('vasco') ? $this->posts('vasco', 'POST', self::VASCO_ORDERS) : []);

        ob_start();
        ErpSync\Plugin\Admin\OrderUi::meta_box($order);
        $box = ob_get_clean();
        $this->assertStringContainsString('<span class="erpsync-state">failed</span>', $box);
        $this->assertStringContainsString(esc_html($row['last_error']), $box);
        $this->assertMatchesRegularExpression('/class="button erpsync-retry" href="[^"]*action=erpsync_retry[^"]*_wpnonce=/', $box);
        ob_start();
        ErpSync\Plugin\Admin\OrderUi::column_hpos('erpsync', $order);
        $this->assertStringContainsString('erpsync-state-failed', ob_get_clean());

        // The owner maps the gateway and presses Retry.
        ErpSync\Plugin\Infra\Settings::put('vasco', ['payment_codes' => ['bacs' => '3', 'cod' => '4']]);
        $_GET = $_REQUEST = ['connector' => 'vasco', 'order_id' => (string) $order->get_id(), '_wpnonce' => wp_create_nonce('erpsync_retry_' . $order->get_id() . '_vasco')];
        try {
            ErpSync\Plugin\Admin\Actions::retry();
            $this->fail('redirect expected');
        } catch (Redirected $r) {
            $this->assertStringContainsString('erpsync_queued=1', $r->location);
        }
        $this->assertSame('queued', $this->row('vasco', $order)['state']);
        $this->runQueue();
        $this->assertSame('done', $this->row('vasco', $order)['state']);
    }

    public function testBlacklistedEmailIsRecordedCountedAndNotSent(): void
    {
        $this->configure('vasco', ['email_blacklist' => "*@blocked.example\nother@example.si"]);
        $order = $this->order(['billing' => ['email' => 'someone@blocked.example']]);
        $order->update_status('processing');
        $this->runQueue();
        $this->assertSame('blacklisted', $this->row('vasco', $order)['state']);
        $this->assertSame([], self::$sim->requests('vasco'));
        $this->assertSame(['someone@blocked.example' => 1], get_option(ErpSync\Plugin\Orders\Pipeline::BLACKLIST_COUNT_OPTION));
        $this->assertStringContainsString('blacklist', implode("\n", $this->notes($order)));
    }

    public function testBulkActionQueuesChosenOrdersAndSkipsExportedOnes(): void
    {
        $this->configure('vasco');
        $a = $this->order();
        $b = $this->order();
        $a->update_status('processing');
        $this->runQueue();
        as_unschedule_all_actions('', [], 'erpsync');
        $url = ErpSync\Plugin\Admin\OrderUi::handle_bulk('admin.php?page=wc-orders', 'erpsync_send', [$a->get_id(), $b->get_id()]);
        $this->assertStringContainsString('erpsync_queued=1', $url, 'the exported order is not queued again');
        $pending = $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT);
        $this->assertSame([$b->get_id()], array_map(fn($p) => $p['args']['order_id'], $pending));
    }

    public function testTwoRunnersRacingForOneOrderSendItOnce(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        $order->update_status('processing');
        as_unschedule_all_actions('', [], 'erpsync');
        // Two queue runners in two processes start the same export at the same moment (slow back-office).
        self::$sim->fault(['api' => 'vasco', 'method' => 'POST', 'path' => '/api/v1/FA/narociloKupca', 'kind' => 'latency', 'ms' => 800]);
        $procs = [];
        foreach ([1, 2] as $i) {
            $procs[] = proc_open([PHP_BINARY, '-d', 'extension=' . dirname(__DIR__, 3) . '/modules/erpsync.so', __DIR__ . '/run-export.php', (string) $order->get_id(), 'vasco'],
                [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes[$i], null, ['ERPSYNC_WP_PREFIX' => getenv('ERPSYNC_WP_PREFIX') ?: 'wc_'] + getenv());
        }
        $outcomes = [];
        foreach ($procs as $k => $p) {
            $outcomes[] = trim(stream_get_contents($pipes[$k + 1][1]));
            fclose($pipes[$k + 1][1]);
            fclose($pipes[$k + 1][2]);
            proc_close($p);
        }
        sort($outcomes);
        $this->assertSame(['busy', 'done'], $outcomes);
        $this->assertCount(1, $this->posts('vasco', 'POST', self::VASCO_ORDERS));
        $this->assertCount(1, self::$sim->state('vasco')['orders']);
    }

    public function testDeactivationAndReactivationLoseNoWaitingOrder(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        $order->update_status('processing');
        $this->assertCount(1, $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT));
        ErpSync\Plugin\Infra\Installer::deactivate();
        $this->assertSame([], $this->pending(), 'deactivation unschedules (nothing would run the actions)');
        $this->assertSame('queued', $this->row('vasco', $order)['state'], 'the order still waits');
        ErpSync\Plugin\Infra\Installer::activate();
        $this->assertSame('yes', get_option(ErpSync\Plugin\Orders\Queue::RESCUE_OPTION), 'activation asks for the waiting exports to be queued again');
        delete_option(ErpSync\Plugin\Orders\Queue::RESCUE_OPTION);
        $this->assertSame(1, ErpSync\Plugin\Orders\Queue::rescue());
        $this->assertSame(0, ErpSync\Plugin\Orders\Queue::rescue(), 'one action per waiting export');
        $this->runQueue();
        $this->assertSame('done', $this->row('vasco', $order)['state']);
        $this->assertCount(1, self::$sim->state('vasco')['orders']);
    }

    public function testAnOrderCancelledWhileWaitingIsNotSent(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        self::$sim->stop();
        $order->update_status('processing');
        $this->runQueue();
        self::$sim->restart();
        $this->assertCount(1, $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT), 'waiting for its retry');
        $order->update_status('cancelled');
        $this->runQueue(true);
        $row = $this->row('vasco', $order);
        $this->assertSame('failed', $row['state']);
        $this->assertStringContainsString('Cancelled', $row['last_error']);
        $this->assertSame([], $this->posts('vasco', 'POST', self::VASCO_ORDERS));
    }

    public function testRefundsMadeBeforeTheExportAreSubtracted(): void
    {
        $this->configure('vasco', ['statuses' => ['completed']]);
        $order = $this->order();
        $order->update_status('processing');
        $items = array_values($order->get_items('line_item'));
        $kava = $items[0]; // 2 × 18.00 + 22 % tax
        $rate = array_key_first($kava->get_taxes()['total']);
        // One of the two bags comes back, then a goodwill refund of 5.00 not tied to any line.
        wc_create_refund(['order_id' => $order->get_id(), 'amount' => '21.96', 'line_items' => [
            $kava->get_id() => ['qty' => 1, 'refund_total' => '18.00', 'refund_tax' => [$rate => '3.96']]]]);
        wc_create_refund(['order_id' => $order->get_id(), 'amount' => '5.00']);
        $order = wc_get_order($order->get_id());
        $order->update_status('completed');
        $this->runQueue();
        $this->assertSame('done', $this->row('vasco', $order)['state'], (string) $this->row('vasco', $order)['last_error']);

        $snap = ErpSync\Plugin\Orders\Snapshot::order(wc_get_order($order->get_id()));
        $this->assertSame('1', $snap['line_items'][0]['quantity']);
        $this->assertSame('18', $snap['line_items'][0]['total']);
        $this->assertSame('3.96', $snap['line_items'][0]['total_tax']);
        $this->assertSame('18', $snap['line_items'][0]['subtotal'], 'the subtotal (2 × 18.00) scales with the quantity kept');
        $this->assertSame(['Refund', '-5', '0'], [end($snap['fee_lines'])['name'], end($snap['fee_lines'])['total'], end($snap['fee_lines'])['total_tax']]);
        $this->assertSame(wc_format_decimal((float) $order->get_total() - 26.96, 2), wc_format_decimal($snap['total'], 2));
        // The lines add up to the order total.
        $sum = 0.0;
        foreach (array_merge($snap['line_items'], $snap['shipping_lines'], $snap['fee_lines']) as $l) {
            $sum += (float) $l['total'] + (float) $l['total_tax'];
        }
        $this->assertEqualsWithDelta((float) $snap['total'], $sum, 0.0001);

        $body = json_decode($this->posts('vasco', 'POST', self::VASCO_ORDERS)[0]['body'], true);
        $this->assertEquals(1, $body['postavke'][0]['kolicina']);
        $this->assertSame('PROVIZIJA', end($body['postavke'])['sifra'], 'the unallotted refund is a (negative) fee line');
    }

    public function testADocumentThatDoesNotAddUpIsNotSentAndTheOrderSaysByHowMuch(): void
    {
        // Unit prices cut to 2 decimals (an owner's override) cannot carry 3 × 3.3333: VASCO's arithmetic would
        // make the line 9.99 (or invent a negative discount), so the document does not reconcile and is not sent.
        $this->configure('vasco', ['rounding_article' => 'ZAOKROZITEV', 'overrides' => '{"line_price_decimals": 2}']);
        $order = wc_create_order(['status' => 'pending']);
        $order->add_product($this->product('ART-THIRDS', '3.3333'), 3);
        $order->set_address(['first_name' => 'Maja', 'last_name' => 'Horvat', 'address_1' => 'Dunajska cesta 5', 'city' => 'Ljubljana',
            'postcode' => '1000', 'country' => 'SI', 'email' => 'maja@example.si'], 'billing');
        $order->set_payment_method('bacs');
        $order->calculate_totals(true);
        $order->save();
        $order->update_status('processing');
        $this->runQueue();
        $row = $this->row('vasco', $order);
        $this->assertSame('failed', $row['state']);
        $this->assertStringContainsString('does not add up', (string) $row['last_error']);
        $this->assertSame([], $this->posts('vasco', 'POST', self::VASCO_ORDERS), 'nothing was sent');
        $note = implode("\n", $this->notes(wc_get_order($order->get_id())));
        $this->assertMatchesRegularExpression('/VASCO.*does not add up.*discount -0\.01 instead of 0\.00/', $note);

        // With the default precision the same order reconciles.
        $this->configure('vasco', ['rounding_article' => 'ZAOKROZITEV', 'overrides' => '']);
        $r = ErpSync\Plugin\Infra\Connectors::make('vasco')->reconcileOrder(ErpSync\Plugin\Orders\Snapshot::order(wc_get_order($order->get_id())), ['customer_remote_id' => '10482']);
        $this->assertTrue($r['ok'], $r['message']);
        $this->assertSame($r['woocommerce'], $r['document']);
        $this->assertSame(wc_format_decimal($order->get_total(), 2), $r['document']['total']);
    }
}
