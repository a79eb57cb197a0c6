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
}
