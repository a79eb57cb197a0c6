<?php
/**
 * The WP-CLI commands, run by real WP-CLI (tests/wp/wp-cli.sh, from Composer) in their own process on the same
 * site and database, against the simulator.
 */

require_once __DIR__ . '/WcTestCase.php';

final class CliTest extends WcTestCase
{
    public function testStatusAndTestConnection(): void
    {
        $this->configure('vasco');
        [$rc, $out] = $this->wp('erpsync', 'status', '--format=json');
        $this->assertSame(0, $rc);
        $rows = array_column(json_decode($out, true), null, 'connector');
        $this->assertSame('yes', $rows['vasco']['enabled']);
        $this->assertSame('no', $rows['sors']['enabled']);

        [$rc, $out] = $this->wp('erpsync', 'test-connection', 'vasco');
        $this->assertSame(0, $rc);
        $this->assertStringContainsString('Success: Connected to VASCO', $out);

        ErpSync\Plugin\Infra\Settings::put('vasco', ['production_password' => 'wrong-pass-Qw3']);
        [$rc, $out, $err] = $this->wp('erpsync', 'test-connection', 'vasco');
        $this->assertSame(1, $rc);
        $this->assertStringContainsString('Error:', $err);
        $this->assertStringNotContainsString('wrong-pass-Qw3', $out . $err);

        [$rc, , $err] = $this->wp('erpsync', 'test-connection', 'nope');
        $this->assertSame(1, $rc);
        $this->assertStringContainsString('Unknown connector "nope"', $err);
    }

    public function testStatusCountsOrdersChangedAfterTheExport(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        $order->update_status('processing');
        $this->runQueue();
        $this->assertSame('done', $this->row('vasco', $order)['state']);
        [$rc, $out] = $this->wp('erpsync', 'status', '--format=json');
        $this->assertSame(0, $rc);
        $this->assertSame(0, (int) array_column(json_decode($out, true), null, 'connector')['vasco']['changed']);
        wc_get_order($order->get_id())->update_status('cancelled');
        [$rc, $out] = $this->wp('erpsync', 'status', '--format=json');
        $this->assertSame(0, $rc);
        $rows = array_column(json_decode($out, true), null, 'connector');
        $this->assertSame(1, (int) $rows['vasco']['changed'], 'a cancel after the export is counted');
        $this->assertSame(1, (int) $rows['vasco']['done'], 'the export itself stays done');
    }

    public function testExportOrdersDryRunThenQueueRun(): void
    {
        $this->configure('vasco', ['statuses' => ['completed']]);
        $good = $this->order();
        $bad = $this->order(['payment_method' => 'cheque']);
        foreach ([$good, $bad] as $o) {
            $o->set_status('processing'); // not an export status: nothing queued
            $o->save();
        }
        $since = gmdate('Y-m-d');
        [$rc, $out] = $this->wp('erpsync', 'export-orders', '--connector=vasco', '--status=processing', "--since=$since", '--dry-run', '--format=json');
        $this->assertSame(0, $rc);
        $plan = array_column(json_decode($out, true), null, 'order');
        $this->assertSame('send', $plan[$good->get_id()]['action']);
        $this->assertSame('invalid', $plan[$bad->get_id()]['action']);
        $this->assertStringContainsString('cheque', $plan[$bad->get_id()]['detail']);
        $this->assertSame([], $this->pending(), 'a dry run queues nothing');
        $this->assertSame([], self::$sim->requests('vasco') ? $this->posts('vasco', 'POST', '#narociloKupca$#') : []);

        [$rc, $out] = $this->wp('erpsync', 'export-orders', '--connector=vasco', '--status=processing', "--since=$since");
        $this->assertSame(0, $rc);
        $this->assertMatchesRegularExpression('/Success: (\d+) exports queued/', $out);
        preg_match('/Success: (\d+) exports queued/', $out, $m);
        $this->assertGreaterThanOrEqual(2, (int) $m[1]);
        [$rc, $out, $err] = $this->wp('erpsync', 'queue', 'run');
        $this->assertSame(0, $rc, $out . $err);
        // Output is a pipe here, not a terminal: the count must still be the actions that ran (it said 0 before).
        $this->assertStringContainsString('Success: ' . (int) $m[1] . ' actions run.', $out);
        $this->assertSame('done', $this->row('vasco', $good)['state']);
        $this->assertSame('failed', $this->row('vasco', $bad)['state']);

        [$rc, , $err] = $this->wp('erpsync', 'export-orders', '--connector=vasco', '--since=30.11.2026');
        $this->assertSame(1, $rc);
        $this->assertStringContainsString('--since', $err);
    }
}
