<?php
/**
 * Several `wp erpsync queue run` workers (real WP-CLI processes, tests/wp/wp-cli.sh) draining one shop's queue at
 * the same time against the simulator: every order exported exactly once, every new guest created once.
 */

require_once __DIR__ . '/WcTestCase.php';

final class WorkersTest extends WcTestCase
{
    public function testThreeWorkersExportEveryOrderOnceAndEveryNewGuestOnce(): void
    {
        $this->configure('vasco');
        self::$sim->seed(['api' => 'vasco', 'partners' => 40]);
        // A little latency at VASCO so that the workers' requests overlap.
        self::$sim->fault(['api' => 'vasco', 'kind' => 'latency', 'ms' => 30, 'count' => 1000]);
        $orders = [];
        for ($i = 0; $i < 18; $i++) {
            // Three new guests with several orders each, and existing partners (partner<code>@example.si).
            $email = $i % 3 === 0 ? 'partner' . (2 + $i) . '@example.si' : 'guest' . ($i % 3) . '-' . ($i % 4) . '@example.com';
            $order = $this->order(['billing' => ['email' => $email, 'last_name' => "Horvat $i"]]);
            $order->update_status('processing');
            $orders[] = $order;
        }
        $emails = array_unique(array_map(fn($o) => $o->get_billing_email(), $orders));
        $newGuests = array_filter($emails, fn($e) => str_starts_with($e, 'guest'));

        $cmd = [dirname(__DIR__, 2) . '/wp/wp-cli.sh', 'erpsync', 'queue', 'run', '--batch-size=2', '--force'];
        $procs = [];
        for ($w = 0; $w < 3; $w++) {
            $procs[] = proc_open($cmd, [1 => ['file', '/dev/null', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['ERPSYNC_WP_PREFIX' => 'wc_'] + getenv());
            $errs[] = $pipes[2];
        }
        foreach ($procs as $k => $p) {
            $err = stream_get_contents($errs[$k]);
            fclose($errs[$k]);
            $this->assertSame(0, proc_close($p), "worker $k: $err");
        }

        $this->assertSame([], $this->pending(), 'the queue is empty');
        foreach ($orders as $o) {
            $this->assertSame('done', $this->row('vasco', $o)['state'], 'order ' . $o->get_id());
        }
        $sent = array_count_values(array_map(fn($q) => (string) json_decode($q['body'], true)['stevilka'], $this->posts('vasco', 'POST', '~/FA/narociloKupca$~')));
        $this->assertCount(count($orders), $sent, 'every order POSTed');
        $this->assertSame([1], array_values(array_unique($sent)), 'and each exactly once');
        $created = array_map(fn($q) => strtolower((string) json_decode($q['body'], true)['email']), $this->posts('vasco', 'POST', '~/SkupniSifranti/partner$~'));
        sort($created);
        $newGuests = array_values($newGuests);
        sort($newGuests);
        $this->assertSame($newGuests, $created, 'each new guest created once, whichever worker met it first');
    }

    /**
     * A worker killed in the middle of a batch (Orders\Batch: one claim for the batch, marked `unknown` and committed
     * before the first send, the `done` rows committed at the end): the orders it had sent are looked up and
     * linked by the next run, the others sent, each order exactly once.
     */
    public function testAWorkerKilledInTheMiddleOfABatchLeavesNoOrderSentTwice(): void
    {
        global $wpdb;
        $this->configure('vasco');
        self::$sim->seed(['api' => 'vasco', 'partners' => 10]);
        self::$sim->fault(['api' => 'vasco', 'kind' => 'latency', 'ms' => 150, 'count' => 1000]);
        $orders = [];
        for ($i = 0; $i < 8; $i++) {
            $order = $this->order(['billing' => ['email' => 'partner' . (2 + $i) . '@example.si', 'last_name' => "Kos $i"]]);
            $order->update_status('processing');
            $orders[] = $order;
        }
        // Batches of 4: a batch sends its orders as one list (in parallel), so the kill lands while the first
        // batch's sends are in flight or done and the second batch has sent nothing.
        $cmd = [dirname(__DIR__, 2) . '/wp/wp-cli.sh', 'erpsync', 'queue', 'run', '--batch-size=4', '--force'];
        $p = proc_open($cmd, [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, ['ERPSYNC_WP_PREFIX' => 'wc_'] + getenv());
        $posted = fn() => count($this->posts('vasco', 'POST', '~/FA/narociloKupca$~'));
        $deadline = microtime(true) + 120;
        while ($posted() < 2 && microtime(true) < $deadline) {
            usleep(50000);
        }
        // Kill the whole process group of the worker (wp-cli.sh execs php, so the pid is the worker).
        $pid = proc_get_status($p)['pid'];
        posix_kill($pid, SIGKILL);
        proc_close($p);
        $sentBefore = $posted();
        $this->assertGreaterThanOrEqual(2, $sentBefore, 'the worker sent some orders before it was killed');
        $this->assertLessThan(count($orders), $sentBefore, 'and was killed before the last one');
        $map = ErpSync\Plugin\Infra\Installer::map_table();
        $states = $wpdb->get_col("SELECT state FROM {$map} WHERE connector = 'vasco' AND object_type = 'order'");
        // Committed: the batch's `unknown` marks, and the `done` rows up to the last customer link (committed before
        // its lock is released); never `done` for more orders than arrived.
        $this->assertSame([], array_values(array_diff($states, ['unknown', 'done', 'queued'])), 'what the dead batch held is `unknown` or `done`, the next batch\'s orders still queued');
        $this->assertGreaterThanOrEqual($sentBefore, count($states) - count(array_keys($states, 'queued', true)), 'every order sent was claimed and marked first');
        $this->assertLessThanOrEqual($sentBefore, count(array_keys($states, 'done', true)));
        $this->assertContains('unknown', $states);
        // Time passes: the claims (15 min) expire and Action Scheduler resets the dead worker's running actions.
        $wpdb->query("UPDATE {$map} SET claimed_until = '2000-01-01 00:00:00' WHERE connector = 'vasco'");
        $wpdb->query("UPDATE {$wpdb->prefix}actionscheduler_actions SET status = 'pending', claim_id = 0 WHERE hook = 'erpsync_export_order' AND status = 'in-progress'");
        $p = proc_open($cmd, [1 => ['file', '/dev/null', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['ERPSYNC_WP_PREFIX' => 'wc_'] + getenv());
        $err = stream_get_contents($pipes[2]);
        $this->assertSame(0, proc_close($p), $err);
        foreach ($orders as $o) {
            $this->assertSame('done', $this->row('vasco', $o)['state'], 'order ' . $o->get_id());
        }
        $sent = array_count_values(array_map(fn($q) => (string) json_decode($q['body'], true)['stevilka'], $this->posts('vasco', 'POST', '~/FA/narociloKupca$~')));
        $this->assertCount(count($orders), $sent, 'every order POSTed');
        $this->assertSame([1], array_values(array_unique($sent)), 'and each exactly once');
    }

    /**
     * The database rolls a batch's transaction back (a deadlock victim, say; wpdb only reports a failed query): the
     * orders whose `done` rows were lost are not left behind as complete actions — they go back to the queue with
     * their rows `unknown` and unclaimed, and the next run links them (a lookup, no second POST).
     */
    public function testABatchWhoseTransactionIsRolledBackPutsItsOrdersBackInTheQueue(): void
    {
        global $wpdb;
        $this->configure('vasco');
        self::$sim->seed(['api' => 'vasco', 'partners' => 10]);
        $orders = [];
        for ($i = 0; $i < 4; $i++) {
            $order = $this->order(['billing' => ['email' => 'partner' . (2 + $i) . '@example.si', 'last_name' => "Zupan $i"]]);
            $order->update_status('processing');
            $orders[] = $order;
        }
        $claim = ActionScheduler::store()->stake_claim(10, null, [ErpSync\Plugin\Orders\Queue::EXPORT]);
        $actions = [];
        foreach ($claim->get_actions() as $id) {
            $args = ActionScheduler::store()->fetch_action($id)->get_args();
            $actions[(int) $id] = [(int) $args['order_id'], (string) $args['connector']];
        }
        $this->assertCount(4, $actions);
        $rolled = false;
        $rollback = static function () use (&$rolled, $wpdb) {
            if (!$rolled) {
                $rolled = true;
                $wpdb->query('ROLLBACK'); // what the server does to a deadlock victim
            }
        };
        // Just before the fourth order's `done` row is written (the orders are sent as one list, then their rows are
        // written one by one, then the batch's notes): the first three `done` rows are gone, the fourth is written.
        $n = 0;
        $map = ErpSync\Plugin\Infra\Installer::map_table();
        $fourth = static function ($q) use (&$n, $rollback, $map) {
            if (str_starts_with($q, "UPDATE `{$map}` SET `state` = 'done'") && ++$n === 4) {
                $rollback();
            }
            return $q;
        };
        add_filter('query', $fourth);
        try {
            $ran = ErpSync\Plugin\Orders\Batch::run($actions, (int) $claim->get_id(), 'test');
        } finally {
            remove_filter('query', $fourth);
            ActionScheduler::store()->release_claim($claim);
        }
        $this->assertSame(4, $ran);
        $this->assertTrue($rolled);
        $this->assertCount(4, $this->posts('vasco', 'POST', '~/FA/narociloKupca$~'), 'each order sent once');
        // Committed before the rollback: the `done` rows up to the last customer link (a link is committed before
        // its lock is released); lost: the third order's `done` row at least.
        $lost = array_values(array_filter($orders, fn($o) => $this->row('vasco', $o)['state'] !== 'done'));
        $this->assertContains($orders[2], $lost, 'the third order lost its done row');
        $this->assertSame($n >= 4, true, 'the fourth done row came after the rollback');
        $this->assertNotContains($orders[3], $lost, 'the fourth, after the rollback, did not');
        foreach ($lost as $o) {
            $this->assertSame('unknown', $this->row('vasco', $o)['state'], 'a lost done row leaves unknown');
            $this->assertSame('', (string) $this->row('vasco', $o)['claimed_by'], 'and the claim released');
        }
        $pending = array_map(fn($p) => $p['args']['order_id'], $this->pending(ErpSync\Plugin\Orders\Queue::EXPORT));
        sort($pending);
        $this->assertSame(array_map(fn($o) => $o->get_id(), $lost), $pending, 'their actions are pending again, the others complete');
        $this->runQueue();
        foreach ($orders as $o) {
            $this->assertSame('done', $this->row('vasco', $o)['state']);
        }
        $this->assertCount(4, $this->posts('vasco', 'POST', '~/FA/narociloKupca$~'), 'looked up and linked, not sent again');
    }

    /**
     * The database picks a worker's claim release as a deadlock victim (seen with 4 workers in the drain benchmark:
     * Action Scheduler's `UPDATE … SET claim_id = 0` then fails and it throws, which ended the worker with a fatal
     * error). Here the UPDATE fails on purpose in the worker process (a --require'd filter): twice → released on a
     * later try; every time → a warning, and the worker still ends normally with every order exported once.
     */
    public function testAWorkerWhoseClaimReleaseFailsTriesAgainThenGoesOn(): void
    {
        global $wpdb;
        $this->configure('vasco');
        self::$sim->seed(['api' => 'vasco', 'partners' => 10]);
        $fail = tempnam(sys_get_temp_dir(), 'erpsync-release') . '.php';
        file_put_contents($fail, '<?php
            // A failed claim release, as a deadlock victim\'s: ERPSYNC_TEST_RELEASE_FAILS times.
            WP_CLI::add_hook("after_wp_load", static function () {
                add_filter("query", static function ($q) {
                    static $n = 0;
                    if (preg_match("~^UPDATE \\S+actionscheduler_actions SET claim_id = 0 WHERE action_id IN~", $q)
                        && $n++ < (int) getenv("ERPSYNC_TEST_RELEASE_FAILS")) {
                        return "UPDATE no_such_table_deadlock SET x = 0";
                    }
                    return $q;
                });
            });');
        $sent = 0;
        try {
            foreach ([2 => false, 1000 => true] as $fails => $warned) {
                $orders = [];
                for ($i = 0; $i < 3; $i++) {
                    $order = $this->order(['billing' => ['email' => 'partner' . (2 + $i) . '@example.si', 'last_name' => "Kos $i"]]);
                    $order->update_status('processing');
                    $orders[] = $order;
                }
                $cmd = [dirname(__DIR__, 2) . '/wp/wp-cli.sh', 'erpsync', 'queue', 'run', '--batch-size=10', '--force', '--require=' . $fail];
                $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null,
                    ['ERPSYNC_WP_PREFIX' => 'wc_', 'ERPSYNC_TEST_RELEASE_FAILS' => (string) $fails] + getenv());
                $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
                fclose($pipes[1]);
                fclose($pipes[2]);
                $this->assertSame(0, proc_close($p), "fails=$fails: the worker ends normally: $out");
                $this->assertStringNotContainsString('Fatal error', $out);
                $this->assertSame($warned, str_contains($out, 'Could not release the queue claim'), "fails=$fails: $out");
                foreach ($orders as $o) {
                    $this->assertSame('done', $this->row('vasco', $o)['state'], "fails=$fails: order " . $o->get_id());
                }
                $claimed = (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->actionscheduler_actions} WHERE claim_id <> 0");
                $this->assertSame($warned ? 3 : 0, $claimed, "fails=$fails: the claim released on a later try, or left for the cleaner");
                $sent += 3;
                $this->assertCount($sent, $this->posts('vasco', 'POST', '~/FA/narociloKupca$~'), 'each order sent once');
            }
        } finally {
            unlink($fail);
            $wpdb->query("UPDATE {$wpdb->actionscheduler_actions} SET claim_id = 0");
        }
    }
}
