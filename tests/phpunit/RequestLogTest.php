<?php
/**
 * The request log on real WordPress + MariaDB, fed by a real connector talking to the simulator: one row per
 * attempt, credentials redacted (the extension does it in C), old rows pruned after the retention period.
 */

use PHPUnit\Framework\TestCase;

require_once dirname(__DIR__) . '/sim/sim.inc.php';

final class RequestLogTest extends TestCase
{
    public static function setUpBeforeClass(): void
    {
        require_once WP_PLUGIN_DIR . '/erpsync/erpsync.php';
        ErpSync\Plugin\Infra\Installer::activate();
    }

    public function testEveryAttemptIsLoggedWithoutSecrets(): void
    {
        global $wpdb;
        $t = ErpSync\Plugin\Infra\Installer::log_table();
        $wpdb->query("DELETE FROM {$t}");
        $sim = ErpSyncTest\Sim::start();
        $v = new ErpSync\Connector\Vasco([
            'base_url' => $sim->url('vasco'), 'username' => ErpSyncTest\Sim::VASCO_USER,
            'password' => ErpSyncTest\Sim::VASCO_PASSWORD, 'tax_number' => ErpSyncTest\Sim::VASCO_TAX_NUMBER,
            'retry' => ['max_attempts' => 3, 'base_delay_ms' => 10],
            'log' => ErpSync\Plugin\Infra\RequestLog::callback('vasco'),
        ]);
        $sim->fault(['api' => 'vasco', 'method' => 'GET', 'path' => '/api/v1/SkupniSifranti/partner', 'kind' => 'status', 'status' => 503, 'count' => 1]);
        $this->assertTrue($v->testConnection()['ok']);
        $rows = $wpdb->get_results("SELECT * FROM {$t} ORDER BY id", ARRAY_A);
        $this->assertSame(['POST', 'GET', 'GET'], array_column($rows, 'method'), 'login, the 503, the retry');
        $this->assertSame(['200', '503', '200'], array_column($rows, 'status'));
        $this->assertSame(['1', '1', '2'], array_column($rows, 'attempt'));
        $this->assertSame(['vasco'], array_values(array_unique(array_column($rows, 'connector'))));
        $all = json_encode($rows);
        $this->assertStringNotContainsString(ErpSyncTest\Sim::VASCO_PASSWORD, $all);
        $this->assertStringContainsString('[redacted]', $rows[0]['request_excerpt']);
        $this->assertStringNotContainsString(substr((string) $sim->requests('vasco')[1]['headers']['authorization'], 7, 40), $all, 'the bearer token is not logged');
        $sim->stop();
    }

    public function testOldEntriesArePrunedAfterTheRetentionPeriod(): void
    {
        global $wpdb;
        $t = ErpSync\Plugin\Infra\Installer::log_table();
        $wpdb->query("DELETE FROM {$t}");
        update_option(ErpSync\Plugin\Infra\RequestLog::RETENTION_OPTION, 7);
        foreach ([1, 6, 8, 30] as $days) {
            ErpSync\Plugin\Infra\RequestLog::write('sors', ['method' => 'GET', 'url' => 'https://x/y', 'status' => 200]);
            $wpdb->query($wpdb->prepare("UPDATE {$t} SET created_at = %s WHERE id = %d", gmdate('Y-m-d H:i:s', time() - $days * DAY_IN_SECONDS), $wpdb->insert_id));
        }
        $this->assertSame(2, ErpSync\Plugin\Infra\RequestLog::prune());
        $this->assertSame('2', $wpdb->get_var("SELECT COUNT(*) FROM {$t}"));
        update_option(ErpSync\Plugin\Infra\RequestLog::RETENTION_OPTION, 'nonsense');
        $this->assertSame(1, ErpSync\Plugin\Infra\RequestLog::retention_days(), 'a bad setting falls back into 1..365');
        delete_option(ErpSync\Plugin\Infra\RequestLog::RETENTION_OPTION);
        $this->assertSame(14, ErpSync\Plugin\Infra\RequestLog::retention_days());
    }

    public function testPruningRunsDailyWhileThePluginIsActive(): void
    {
        ErpSync\Plugin\Infra\Installer::activate();
        $this->assertNotFalse(wp_next_scheduled('erpsync_daily'));
        $this->assertNotFalse(has_action('erpsync_daily', [ErpSync\Plugin\Infra\RequestLog::class, 'prune']));
        ErpSync\Plugin\Infra\Installer::deactivate();
        $this->assertFalse(wp_next_scheduled('erpsync_daily'));
        ErpSync\Plugin\Infra\Installer::activate();
    }

    public function testLongBodiesAreCutOnACharacterBoundary(): void
    {
        global $wpdb;
        $t = ErpSync\Plugin\Infra\Installer::log_table();
        ErpSync\Plugin\Infra\RequestLog::write('sitoo', ['method' => 'POST', 'url' => 'u', 'request_body' => str_repeat('č', 3000)]);
        $stored = $wpdb->get_var($wpdb->prepare("SELECT request_excerpt FROM {$t} WHERE id = %d", $wpdb->insert_id));
        $this->assertTrue(mb_check_encoding($stored, 'UTF-8'));
        $this->assertLessThanOrEqual(2003, strlen($stored));
        $this->assertStringEndsWith('…', $stored);
    }
}
