<?php
/**
 * The Sitoo Complete Sync job on real WooCommerce and Action Scheduler against the simulator: operations run in the
 * order chosen, resumable steps with progress, the allowance pre-check (refused with the number of requests), a
 * rate limit mid-job pausing until the reset and continuing, per-item errors stopping or listed, one job at a time,
 * the admin handler and page.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooTestSetUp.php';

use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Sitoo\CompleteSync;
use ErpSync\Plugin\Sync\Sitoo\CompleteSyncPage;
use ErpSync\Plugin\Sync\Sitoo\CompleteSyncRefused;
use ErpSync\Plugin\Sync\Sitoo\Operation;

/** A test operation: needs $steps steps, $requests requests; each step reads Sitoo's categories $calls times. */
final class SitooTestOperation implements Operation
{
    public static array $log = [];

    public function __construct(private string $id, private int $steps = 1, private int $requests = 1, private int $calls = 0)
    {
    }

    public function id(): string
    {
        return $this->id;
    }

    public function label(): string
    {
        return "Test <$this->id>";
    }

    public function requests_needed(array $options): int
    {
        return $this->requests;
    }

    public function step(array &$state, float $deadline, array $options): array
    {
        for ($i = 0; $i < $this->calls; $i++) {
            ErpSync\Plugin\Sync\Sitoo\CatalogOperation::connector()->categories();
        }
        $state['n'] = ($state['n'] ?? 0) + 1;
        self::$log[] = $this->id . ':' . $state['n'];
        return ['done' => $state['n'] >= $this->steps, 'progress' => [$state['n'], $this->steps], 'counts' => ['steps' => 1], 'errors' => []];
    }
}

final class SitooCompleteSyncTest extends WcTestCase
{
    use SitooTestSetUp;

    private $filter;

    protected function setUp(): void
    {
        parent::setUp();
        $this->configure('sitoo');
        $this->endActiveSyncRuns();
        SitooTestOperation::$log = [];
        $this->filter = function ($ops) {
            $ops['test_a'] = new SitooTestOperation('test_a');
            $ops['test_b'] = new SitooTestOperation('test_b', 3);
            $ops['test_big'] = new SitooTestOperation('test_big', 1, 50);
            $ops['test_calls'] = new SitooTestOperation('test_calls', 2, 4, 2);
            return $ops;
        };
        add_filter('erpsync_sitoo_operations', $this->filter);
    }

    protected function tearDown(): void
    {
        remove_filter('erpsync_sitoo_operations', $this->filter);
        parent::tearDown();
    }

    public function testOperationsRunInTheChosenOrderAsResumableSteps(): void
    {
        $id = CompleteSync::start(['test_b', 'test_a'], [], 'test');
        $this->assertCount(1, $this->pending(Engine::SLICE_HOOK), 'the first step is queued in Action Scheduler');
        $run = CompleteSync::step($id, 0.0); // a step with no time left does one piece of work
        $this->assertSame('running', $run['state']);
        $p = CompleteSync::progress($run);
        $this->assertSame([1, 3], [$p['ops'][0]['n'], $p['ops'][0]['of']]);
        $this->assertSame(16, $p['percent'], 'overall: a third of the first of two operations');
        $this->assertTrue($p['ops'][0]['current']);
        $this->assertSame(1, $this->runQueue(false, 1), 'each step queues the next');
        $run = CompleteSync::run_inline($id);
        $this->assertSame('done', $run['state']);
        $this->assertSame(['test_b:1', 'test_b:2', 'test_b:3', 'test_a:1'], SitooTestOperation::$log, 'in the order chosen, test_b resumed where it stopped');
        $this->assertSame(100, CompleteSync::progress($run)['percent']);
        $this->assertSame(3, $run['counts']['ops']['test_b']['counts']['steps']);
    }

    public function testOneJobAtATimeAndUnknownOperationsRefused(): void
    {
        $id = CompleteSync::start(['test_a'], [], 'test', false);
        try {
            CompleteSync::start(['test_a'], [], 'test', false);
            $this->fail('a second job started');
        } catch (RuntimeException $e) {
            $this->assertStringContainsString("#$id", $e->getMessage());
        }
        CompleteSync::run_inline($id);
        $this->expectException(InvalidArgumentException::class);
        CompleteSync::start(['no_such_op'], [], 'test', false);
    }

    public function testAllowancePrecheckRefusesWithTheNumberOfRequests(): void
    {
        global $wpdb;
        self::$sim->config(['api' => 'sitoo', 'allowance' => 20, 'allowance_reset' => 40]);
        $before = (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->prefix}erpsync_sync_runs");
        try {
            CompleteSync::start(['test_a', 'test_big'], ['check_allowance' => true], 'test', false);
            $this->fail('started although 51 requests are needed and 20 remain');
        } catch (CompleteSyncRefused $e) {
            $this->assertSame(51, $e->needed);
            $this->assertSame(19, $e->remaining, 'the allowance call itself used one');
            $this->assertStringContainsString('51 requests', $e->getMessage());
            $this->assertStringContainsString('40 s', $e->getMessage());
        }
        $this->assertSame($before, (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->prefix}erpsync_sync_runs"), 'no run was made');
        $id = CompleteSync::start(['test_a'], ['check_allowance' => true], 'test', false);
        $this->assertSame('done', CompleteSync::run_inline($id)['state'], 'a job that fits starts');
        $id = CompleteSync::start(['test_big'], ['check_allowance' => false], 'test', false);
        $this->assertSame('done', CompleteSync::run_inline($id)['state'], 'without the check it starts');
    }

    public function testRateLimitMidJobPausesUntilTheResetThenContinues(): void
    {
        self::$sim->config(['api' => 'sitoo', 'allowance' => 3, 'allowance_reset' => 30]);
        $id = CompleteSync::start(['test_calls', 'test_a'], [], 'test', false);
        $run = CompleteSync::run_inline($id);
        $this->assertSame('paused', $run['state'], 'the allowance ran out in the second step');
        $this->assertStringContainsString('30 s', $run['message']);
        $due = $this->pending(Engine::SLICE_HOOK);
        $this->assertCount(1, $due);
        $this->assertGreaterThanOrEqual(time() + 25, $due[0]['time'], 'the next step waits for the reset');
        self::$sim->config(['api' => 'sitoo', 'allowance' => 100]); // the window reset ...
        ErpSync\Plugin\Infra\Connectors::forget(); // ... and the step runs in a later process (this one's client still holds until the reset)
        $this->runQueue(true);
        $run = Engine::run($id);
        $this->assertSame('done', $run['state']);
        $this->assertSame(['test_calls:1', 'test_calls:2', 'test_a:1'], SitooTestOperation::$log, 'continued where it stopped');
    }

    public function testPerItemErrorsStopTheJobUnlessIgnoredAndAreListed(): void
    {
        $p = new WC_Product_Simple();
        $p->set_name('No SKU');
        $p->set_regular_price('3.00');
        $p->save();
        $ok = $this->product('HAS-SKU-1', '4.00');
        $run = CompleteSync::run_inline(CompleteSync::start(['products_up'], [], 'test', false));
        $this->assertSame('failed', $run['state']);
        $this->assertStringContainsString('per-item errors are not ignored', $run['message']);
        $this->assertStringContainsString('Fix SKU', $run['message']);
        $run = CompleteSync::run_inline(CompleteSync::start(['products_up'], ['ignore_errors' => true], 'test', false));
        $this->assertSame('done', $run['state']);
        $this->assertCount(1, $run['counts']['ops']['products_up']['errors'], 'the error is still listed');
        $this->assertNotNull(ErpSync\Plugin\Sync\Sitoo\CatalogMap::remote('product', $ok->get_id()), 'the others went');
        wp_delete_post($p->get_id(), true);
        wp_delete_post($ok->get_id(), true);
    }

    public function testExcludeExternalProducts(): void
    {
        if ($old = wc_get_product_id_by_sku('EXT-1')) {
            wp_delete_post($old, true);
        }
        $e = new WC_Product_External();
        $e->set_name('Affiliate');
        $e->set_sku('EXT-1');
        $e->set_product_url('https://example.com/x');
        $e->save();
        $run = CompleteSync::run_inline(CompleteSync::start(['products_up'], ['exclude_external' => true, 'ignore_errors' => true], 'test', false));
        $this->assertSame('done', $run['state']);
        $this->assertNull(ErpSync\Plugin\Sync\Sitoo\CatalogMap::remote('product', $e->get_id()), 'excluded');
        $this->assertSame([], $this->posts('sitoo', 'GET', '~never~'));
        $run = CompleteSync::run_inline(CompleteSync::start(['products_up'], ['ignore_errors' => true], 'test', false));
        $this->assertNotNull(ErpSync\Plugin\Sync\Sitoo\CatalogMap::remote('product', $e->get_id()), 'sent when not excluded');
        wp_delete_post($e->get_id(), true);
    }

    public function testAdminStartsTheJobWithTheOrderAndShowsProgress(): void
    {
        $_POST = $_REQUEST = ['_wpnonce' => wp_create_nonce('erpsync_sitoo_complete'), 'ops' => ['test_b', 'test_a'],
            'order' => ['test_b', 'test_a', 'products_down'], 'options' => ['ignore_errors' => '1']];
        try {
            CompleteSyncPage::start();
            $this->fail('no redirect');
        } catch (Redirected $r) {
            $this->assertStringContainsString('page=erpsync&tab=sitoo', $r->location);
        }
        $run = CompleteSync::latest();
        $this->assertSame(['test_b', 'test_a'], $run['options']['ops']);
        $this->assertTrue($run['options']['options']['ignore_errors']);
        $this->assertSame(['test_b', 'test_a', 'products_down'], Settings::get('sitoo')['complete_operations']['order'], 'the order is remembered');
        CompleteSync::step((int) $run['id'], 0.0);
        ob_start();
        CompleteSyncPage::page();
        $html = ob_get_clean();
        $this->assertStringContainsString('Test &lt;test_b&gt;', $html, 'labels escaped');
        $this->assertStringContainsString('1 / 3', $html);
        $this->assertStringContainsString('id="erpsync-sitoo-ops"', $html);
        $this->assertStringContainsString('location.reload', $html, 'a running job reloads the page');
        $this->assertMatchesRegularExpression('~data-op="test_b".*data-op="test_a".*data-op="products_down"~s', $html, 'the saved order');

        wp_set_current_user(0);
        $this->expectException(WpDie::class);
        CompleteSyncPage::start();
    }

    public function testTheStartHandlerChecksTheNonce(): void
    {
        $_POST = $_REQUEST = ['_wpnonce' => 'bad', 'ops' => ['test_a']];
        $this->expectException(WpDie::class);
        CompleteSyncPage::start();
    }
}
