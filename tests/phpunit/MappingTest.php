<?php
/**
 * The mapping table's claim on real MariaDB: one runner at a time, even when two processes race for the same
 * order; a dead runner's claim expires; an exported order is never claimed again.
 */

use PHPUnit\Framework\TestCase;

final class MappingTest extends TestCase
{
    public static function setUpBeforeClass(): void
    {
        require_once WP_PLUGIN_DIR . '/erpsync/erpsync.php';
        ErpSync\Plugin\Infra\Installer::activate();
    }

    protected function setUp(): void
    {
        global $wpdb;
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table());
    }

    public function testOneClaimAtATimeAndNeverAfterDone(): void
    {
        $M = ErpSync\Plugin\Infra\Mapping::class;
        $this->assertTrue($M::claim('vasco', 'order', 7, 'runner-a'));
        $this->assertFalse($M::claim('vasco', 'order', 7, 'runner-b'), 'held by runner-a');
        $this->assertTrue($M::claim('sors', 'order', 7, 'runner-b'), 'another connector is another row');
        $M::failed('vasco', 'order', 7, 'retry', 'VASCO: 503');
        $this->assertTrue($M::claim('vasco', 'order', 7, 'runner-b'), 'released after a failure');
        $M::done('vasco', 'order', 7, '1284.2026', '1284');
        $this->assertFalse($M::claim('vasco', 'order', 7, 'runner-c'), 'exported: never again');
        $row = $M::get('vasco', 'order', 7);
        $this->assertSame(['done', '1284.2026', '2'], [$row['state'], $row['remote_id'], $row['attempts']]);
    }

    public function testAnExpiredClaimCanBeTakenOver(): void
    {
        global $wpdb;
        $M = ErpSync\Plugin\Infra\Mapping::class;
        $this->assertTrue($M::claim('sitoo', 'order', 9, 'dead-runner', 300));
        $wpdb->query($wpdb->prepare('UPDATE ' . ErpSync\Plugin\Infra\Installer::map_table() . ' SET claimed_until = %s', gmdate('Y-m-d H:i:s', time() - 5)));
        $this->assertTrue($M::claim('sitoo', 'order', 9, 'new-runner'));
        $this->assertSame('new-runner', $M::get('sitoo', 'order', 9)['claimed_by']);
    }

    public function testTwoProcessesRacingForTheSameOrdersWinEachOnce(): void
    {
        $wp = dirname(__DIR__, 2) . '/.work/wordpress';
        $script = sys_get_temp_dir() . '/erpsync-race-' . getmypid() . '.php';
        file_put_contents($script, '<?php $_SERVER["HTTP_HOST"] = "127.0.0.1:8089"; require $argv[1] . "/wp-load.php";
            require_once WP_PLUGIN_DIR . "/erpsync/erpsync.php";
            $won = 0; for ($i = 1; $i <= 200; $i++) { if (ErpSync\Plugin\Infra\Mapping::claim("vasco", "order", 5000 + $i, $argv[2])) { $won++; } }
            echo $won;');
        $procs = [];
        foreach (['racer-1', 'racer-2'] as $r) {
            $procs[$r] = proc_open([PHP_BINARY, $script, $wp, $r], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes[$r]);
        }
        $won = [];
        foreach ($procs as $r => $p) {
            $won[$r] = (int) stream_get_contents($pipes[$r][1]);
            proc_close($p);
        }
        unlink($script);
        global $wpdb;
        $t = ErpSync\Plugin\Infra\Installer::map_table();
        $this->assertSame(200, $won['racer-1'] + $won['racer-2'], 'every order claimed exactly once in total');
        $this->assertSame('200', $wpdb->get_var("SELECT COUNT(*) FROM {$t} WHERE local_id > 5000"));
        $this->assertSame('0', $wpdb->get_var("SELECT COUNT(*) FROM {$t} WHERE local_id > 5000 AND attempts <> 1"), 'no order claimed twice');
    }

    public function testARunnerThatLostItsClaimCannotWrite(): void
    {
        global $wpdb;
        $M = ErpSync\Plugin\Infra\Mapping::class;
        $this->assertTrue($M::claim('vasco', 'order', 9, 'runner-a'));
        $this->assertTrue($M::sending('vasco', 'order', 9, 'runner-a'));
        $this->assertSame('unknown', $M::get('vasco', 'order', 9)['state'], 'marked before the send: a crash leaves a lookup behind');
        // runner-a overruns its claim; runner-b takes over.
        $wpdb->query($wpdb->prepare('UPDATE ' . ErpSync\Plugin\Infra\Installer::map_table() . ' SET claimed_until = %s WHERE local_id = 9', gmdate('Y-m-d H:i:s', time() - 1)));
        $this->assertTrue($M::claim('vasco', 'order', 9, 'runner-b'));
        $this->assertFalse($M::done('vasco', 'order', 9, 'X', 'X', 'runner-a'), "runner-a's late write is refused");
        $this->assertFalse($M::sending('vasco', 'order', 9, 'runner-a'), 'and it may not send');
        $this->assertFalse($M::failed('vasco', 'order', 9, 'retry', 'late', 'runner-a'));
        $row = $M::get('vasco', 'order', 9);
        $this->assertSame(['unknown', '', 'runner-b'], [$row['state'], $row['remote_id'], $row['claimed_by']]);
        $this->assertTrue($M::done('vasco', 'order', 9, '9.2026', '9', 'runner-b'));
    }
}
