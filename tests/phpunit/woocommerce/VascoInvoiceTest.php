<?php
/**
 * Invoice state of orders exported to VASCO: the recurring action polls `orderState` for recently exported orders
 * (window and batch from the settings), notes "VASCO: Invoice … generated" once — also when two runners in their own
 * processes poll the same order at once — shows the state in the order's meta box, and pauses on a 429. Orders are
 * exported through the real queue. Runs with HPOS on and off.
 *
 * @group hpos
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Orders\VascoInvoice;
use ErpSync\Plugin\Sync\SyncSettings;

final class VascoInvoiceTest extends WcTestCase
{
    private const STATE = '#/api/v1/FA/narociloKupca/stanje/#';

    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        $wpdb->query('DELETE FROM ' . Installer::map_table() . " WHERE connector = 'vasco'");
        delete_option(SyncSettings::OPTION);
        delete_option(VascoInvoice::PAUSE);
        $this->configure('vasco');
    }

    /** An order exported to VASCO through the queue; returns [order, "number.year"]. */
    private function exported(): array
    {
        $order = $this->order();
        $order->update_status('processing');
        $this->runQueue(true);
        $row = $this->row('vasco', $order);
        $this->assertSame('done', $row['state'], (string) $row['last_error']);
        return [$order, $row['remote_id']];
    }

    private function invoiceNotes(WC_Order $order): array
    {
        return array_values(array_filter($this->notes($order), fn($n) => str_contains($n, 'VASCO: Invoice')));
    }

    public function testTheInvoiceIsNotedOnceAndShownInTheMetaBox(): void
    {
        [$a, $ra] = $this->exported();
        [$b, $rb] = $this->exported();
        $this->assertSame([[ (string) $a->get_id(), $ra ], [ (string) $b->get_id(), $rb ]], array_map(fn($r) => [(string) $r[0], $r[1]], VascoInvoice::due(10)));

        // No document yet: checked, nothing noted.
        $c = VascoInvoice::poll();
        $this->assertSame(['checked' => 2, 'invoiced' => 0, 'errors' => 0, 'paused' => 0], $c);
        $this->assertSame([], $this->invoiceNotes($a));
        $this->assertStringContainsString('No invoice yet (checked', VascoInvoice::label($a->get_id()));

        // A delivery note counts only when the owner says so; an invoice (RAC) does by the setting.
        SyncSettings::put(['vasco_invoice_docs' => 'RAC']);
        self::$sim->seed(['api' => 'vasco', 'documents' => [
            ['order' => $ra, 'dokument' => 'DOB', 'stevilka' => 3, 'leto' => 2026, 'datum' => '2026-03-23'],
            ['order' => $ra, 'dokument' => 'RAC', 'stevilka' => 12, 'leto' => 2026, 'datum' => '2026-03-24'],
            ['order' => $rb, 'dokument' => 'DOB', 'stevilka' => 4, 'leto' => 2026, 'datum' => '2026-03-24'],
        ]]);
        $c = VascoInvoice::poll();
        $this->assertSame(1, $c['invoiced']);
        $this->assertSame(['VASCO: Invoice RAC 12/2026 generated (2026-03-24).'], $this->invoiceNotes($a));
        $this->assertSame([], $this->invoiceNotes($b));

        // Later polls do not ask for A again and never note it twice.
        $before = count($this->posts('vasco', 'GET', self::STATE));
        VascoInvoice::poll();
        VascoInvoice::poll();
        $this->assertSame(2, count($this->posts('vasco', 'GET', self::STATE)) - $before, 'only B is asked again');
        $this->assertCount(1, $this->invoiceNotes(wc_get_order($a->get_id())));
        $this->assertSame([(string) $b->get_id()], array_map(fn($r) => (string) $r[0], VascoInvoice::due(10)));
        $this->assertFalse(VascoInvoice::record($a->get_id(), ['type' => 'RAC', 'number' => '12', 'year' => '2026', 'date' => '']));
        $this->assertCount(1, $this->invoiceNotes(wc_get_order($a->get_id())));

        // The meta box shows it.
        ob_start();
        ErpSync\Plugin\Admin\OrderUi::meta_box(wc_get_order($a->get_id()));
        $box = ob_get_clean();
        $this->assertStringContainsString('Invoice RAC 12/2026 (2026-03-24)', $box);
    }

    public function testOnlyRecentExportsAreCheckedInBatches(): void
    {
        global $wpdb;
        $orders = [];
        for ($i = 0; $i < 3; $i++) {
            $orders[] = $this->exported()[0];
        }
        // The first was exported 30 days ago: outside the default window of 14 days.
        $wpdb->query($wpdb->prepare('UPDATE ' . Installer::map_table() . " SET updated_at = %s WHERE connector = 'vasco' AND object_type = 'order' AND local_id = %d", gmdate('Y-m-d H:i:s', time() - 30 * DAY_IN_SECONDS), $orders[0]->get_id()));
        SyncSettings::put(['vasco_invoice_batch' => 1]);
        $seen = [];
        for ($i = 0; $i < 4; $i++) {
            $before = self::$sim->requests('vasco');
            $this->assertSame(1, VascoInvoice::poll()['checked']);
            $new = array_slice(self::$sim->requests('vasco'), count($before));
            foreach ($new as $q) {
                if (preg_match(self::STATE, $q['path'])) {
                    $seen[] = $q['path'];
                }
            }
        }
        $why = json_encode([$seen, array_map(fn($o) => [$o->get_id(), $this->row('vasco', $o)['updated_at']], $orders), $GLOBALS['wpdb']->get_results('SELECT local_id, state, updated_at FROM ' . Installer::map_table() . " WHERE object_type = 'invoice'")]);
        $this->assertCount(4, $seen);
        // Least recently checked first: the two recent orders alternate, the old one is never asked.
        $this->assertSame($seen[0], $seen[2], $why);
        $this->assertSame($seen[1], $seen[3], $why);
        $this->assertNotSame($seen[0], $seen[1], $why);
        $old = $this->row('vasco', $orders[0])['remote_id'];
        $this->assertSame([], array_filter($seen, fn($p) => str_contains($p, '/' . str_replace('.', '/', $old))));
        SyncSettings::put(['vasco_invoice_days' => 60]);
        $this->assertCount(3, VascoInvoice::due(10));
    }

    public function testARateLimitPausesTheChecks(): void
    {
        $this->exported();
        $this->exported();
        self::$sim->fault(['api' => 'vasco', 'method' => 'GET', 'path' => '/api/v1/FA/narociloKupca/stanje', 'kind' => 'rate_limit', 'retry_after' => 300, 'count' => 10]);
        $before = count($this->posts('vasco', 'GET', self::STATE));
        $c = VascoInvoice::poll();
        $this->assertSame(1, $c['paused']);
        $this->assertSame(0, $c['checked']);
        $this->assertGreaterThanOrEqual(time() + 290, (int) get_option(VascoInvoice::PAUSE));
        $asked = count($this->posts('vasco', 'GET', self::STATE)) - $before;
        $this->assertGreaterThanOrEqual(1, $asked);
        // The batch stopped at the first 429 (the second order was not asked), and the next run waits.
        $this->assertSame(['checked' => 0, 'invoiced' => 0, 'errors' => 0, 'paused' => 1], VascoInvoice::poll());
        $this->assertSame($asked, count($this->posts('vasco', 'GET', self::STATE)) - $before);
    }

    public function testTheRecurringActionFollowsTheSetting(): void
    {
        VascoInvoice::ensure_schedule(true);
        $this->assertNotFalse(as_next_scheduled_action(VascoInvoice::HOOK, [], 'erpsync'));
        SyncSettings::put(['vasco_invoice_frequency' => 'off']);
        VascoInvoice::ensure_schedule(true);
        $this->assertFalse(as_next_scheduled_action(VascoInvoice::HOOK, [], 'erpsync'));
        SyncSettings::put(['vasco_invoice_frequency' => 'hourly']);
        VascoInvoice::ensure_schedule(true);
        // The action runs the poll the way the queue runner does.
        [$order, $remote] = $this->exported();
        self::$sim->seed(['api' => 'vasco', 'documents' => [['order' => $remote, 'dokument' => 'RAC', 'stevilka' => 7, 'leto' => 2026, 'datum' => '2026-04-01']]]);
        $id = (int) as_next_scheduled_action(VascoInvoice::HOOK, [], 'erpsync') ? $this->pending(VascoInvoice::HOOK)[0]['id'] : 0;
        ActionScheduler::runner()->process_action($id, 'erpsync tests');
        $this->assertSame(['VASCO: Invoice RAC 7/2026 generated (2026-04-01).'], $this->invoiceNotes(wc_get_order($order->get_id())));
    }

    public function testTwoRunnersPollingAtOnceNoteTheInvoiceOnce(): void
    {
        [$order, $remote] = $this->exported();
        self::$sim->seed(['api' => 'vasco', 'documents' => [['order' => $remote, 'dokument' => 'RAC', 'stevilka' => 99, 'leto' => 2026, 'datum' => '2026-05-05']]]);
        $start = microtime(true) + 2.0;
        $procs = [];
        $pipes = [];
        for ($i = 0; $i < 2; $i++) {
            $procs[$i] = proc_open([PHP_BINARY, '-d', 'extension=' . dirname(__DIR__, 3) . '/modules/erpsync.so', __DIR__ . '/run-invoice-poll.php', (string) $start, '1.5'],
                [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes[$i], null, ['ERPSYNC_WP_PREFIX' => 'wc_'] + getenv());
        }
        $out = [];
        foreach ($procs as $i => $p) {
            $out[$i] = json_decode(trim(stream_get_contents($pipes[$i][1])), true);
            $err = stream_get_contents($pipes[$i][2]);
            $this->assertSame(0, proc_close($p), $err);
        }
        $this->assertSame(2, $out[0]['checked'] + $out[1]['checked'], 'both runners asked VASCO (their checks overlapped)');
        $this->assertSame(1, $out[0]['invoiced'] + $out[1]['invoiced']);
        $this->assertSame(['VASCO: Invoice RAC 99/2026 generated (2026-05-05).'], $this->invoiceNotes(wc_get_order($order->get_id())));
    }
}
