<?php
/**
 * Exactly-once export on real WordPress + MariaDB against the simulator over loopback (a real VASCO connector):
 * the back-office down then back, a reply lost after processing, 429 with Retry-After, a validation failure,
 * and the attempt limit. Nothing lost, nothing doubled.
 */

require_once __DIR__ . '/SimTestCase.php';

final class ExporterTest extends SimTestCase
{
    private function vasco(array $over = []): ErpSync\Connector\Vasco
    {
        return new ErpSync\Connector\Vasco(vasco_settings(self::$sim, $over + ['retry' => ['max_attempts' => 2, 'base_delay_ms' => 10, 'max_total_delay_ms' => 200],
            'timeout_ms' => 2000, 'connect_timeout_ms' => 500]));
    }

    private function orderPosts(): int
    {
        return count(array_filter(self::$sim->requests('vasco'), fn($q) => $q['method'] === 'POST' && $q['path'] === '/api/v1/FA/narociloKupca'));
    }

    public function testBackOfficeDownThenBackNothingLostNothingDoubled(): void
    {
        $E = ErpSync\Plugin\Orders\Exporter::class;
        $order = order_snapshot(['id' => 41, 'number' => '41']);
        self::$sim->stop();
        $r = $E::run('vasco', $this->vasco(), $order, ['customer_remote_id' => '1'], 'runner-a');
        $this->assertSame('retry', $r['outcome']);
        $this->assertSame(30, $r['retry_in']);
        $this->assertSame('retry', ErpSync\Plugin\Infra\Mapping::get('vasco', 'order', 41)['state'], 'connection refused: nothing can have been sent');
        self::$sim->restart();
        $r = $E::run('vasco', $this->vasco(), $order, ['customer_remote_id' => '1'], 'runner-a');
        $this->assertSame('done', $r['outcome']);
        $this->assertSame('41.2026', $r['remote_id']);
        $r = $E::run('vasco', $this->vasco(), $order, ['customer_remote_id' => '1'], 'runner-b');
        $this->assertSame('skipped', $r['outcome'], 'an exported order is never sent again');
        $this->assertCount(1, self::$sim->state('vasco')['orders']);
        $this->assertSame(1, $this->orderPosts());
    }

    public function testReplyLostAfterProcessingIsLinkedNotDuplicated(): void
    {
        $E = ErpSync\Plugin\Orders\Exporter::class;
        $order = order_snapshot(['id' => 42, 'number' => '42']);
        self::$sim->fault(['api' => 'vasco', 'method' => 'POST', 'path' => '/api/v1/FA/narociloKupca', 'kind' => 'lost_reply']);
        $r = $E::run('vasco', $this->vasco(), $order, ['customer_remote_id' => '1'], 'runner-a');
        $this->assertSame('retry', $r['outcome']);
        $r = $E::run('vasco', $this->vasco(), $order, ['customer_remote_id' => '1'], 'runner-a');
        $this->assertSame('done', $r['outcome']);
        $this->assertTrue($r['linked'], 'found at the back-office and linked');
        $this->assertSame(1, $this->orderPosts());
        $this->assertCount(1, self::$sim->state('vasco')['orders']);
        $this->assertSame('42.2026', ErpSync\Plugin\Infra\Mapping::get('vasco', 'order', 42)['remote_id']);
    }

    public function testRateLimitWaitsAtLeastRetryAfter(): void
    {
        $order = order_snapshot(['id' => 43, 'number' => '43']);
        self::$sim->fault(['api' => 'vasco', 'method' => 'GET', 'path' => '/api/v1/FA/narociloKupca', 'kind' => 'rate_limit', 'retry_after' => 120, 'count' => 5]);
        $r = ErpSync\Plugin\Orders\Exporter::run('vasco', $this->vasco(), $order, ['customer_remote_id' => '1'], 'runner-a');
        $this->assertSame('retry', $r['outcome']);
        $this->assertGreaterThanOrEqual(120, $r['retry_in']);
        $this->assertSame('retry', ErpSync\Plugin\Infra\Mapping::get('vasco', 'order', 43)['state'], 'a 429 was not processed: no lookup needed');
        $this->assertSame(0, $this->orderPosts());
    }

    public function testValidationFailureStopsWithTheReason(): void
    {
        $order = order_snapshot(['id' => 44, 'number' => '44', 'payment_method' => 'stripe']);
        $r = ErpSync\Plugin\Orders\Exporter::run('vasco', $this->vasco(), $order, ['customer_remote_id' => '1'], 'runner-a');
        $this->assertSame('failed', $r['outcome']);
        $this->assertSame('payment_method', $r['field']);
        $row = ErpSync\Plugin\Infra\Mapping::get('vasco', 'order', 44);
        $this->assertSame('failed', $row['state']);
        $this->assertStringContainsString('stripe', $row['last_error']);
        $this->assertSame('', $row['claimed_by'], 'the claim is released');
        $this->assertSame([], self::$sim->requests('vasco'), 'nothing was sent');
    }

    public function testGivesUpAfterTheAttemptLimit(): void
    {
        $order = order_snapshot(['id' => 45, 'number' => '45']);
        self::$sim->stop();
        $outcomes = [];
        for ($i = 0; $i < ErpSync\Plugin\Orders\Exporter::MAX_ATTEMPTS; $i++) {
            $outcomes[] = ErpSync\Plugin\Orders\Exporter::run('vasco', $this->vasco(), $order, ['customer_remote_id' => '1'], 'runner-a')['outcome'];
        }
        self::$sim->restart();
        $this->assertSame(array_fill(0, ErpSync\Plugin\Orders\Exporter::MAX_ATTEMPTS - 1, 'retry'), array_slice($outcomes, 0, -1));
        $this->assertSame('failed', end($outcomes));
        $this->assertSame([30, 60, 120, 3600], [ErpSync\Plugin\Orders\Exporter::backoff(1), ErpSync\Plugin\Orders\Exporter::backoff(2), ErpSync\Plugin\Orders\Exporter::backoff(3), ErpSync\Plugin\Orders\Exporter::backoff(20)]);
    }

    public function testARunnerThatDiedAfterSendingLeavesALookupNotASecondSend(): void
    {
        global $wpdb;
        $order = order_snapshot(['id' => 46, 'number' => '46']);
        // runner-a claims, marks the send, the back-office processes the order, and runner-a dies before recording it.
        $this->assertTrue(ErpSync\Plugin\Infra\Mapping::claim('vasco', 'order', 46, 'runner-a'));
        $this->assertTrue(ErpSync\Plugin\Infra\Mapping::sending('vasco', 'order', 46, 'runner-a'));
        $this->vasco()->exportOrder($order, ['customer_remote_id' => '1']);
        $wpdb->query($wpdb->prepare('UPDATE ' . ErpSync\Plugin\Infra\Installer::map_table() . ' SET claimed_until = %s WHERE local_id = 46', gmdate('Y-m-d H:i:s', time() - 1)));
        $r = ErpSync\Plugin\Orders\Exporter::run('vasco', $this->vasco(), $order, ['customer_remote_id' => '1'], 'runner-b');
        $this->assertSame('done', $r['outcome']);
        $this->assertTrue($r['linked']);
        $this->assertSame(1, $this->orderPosts());
        $this->assertCount(1, self::$sim->state('vasco')['orders']);
    }
}
