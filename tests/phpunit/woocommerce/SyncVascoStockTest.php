<?php
/**
 * The inbound sync engine end to end with VASCO stock: the simulator's articles and stock, the shop's products made
 * with the WooCommerce CRUD, runs through Action Scheduler and WP-CLI; dry run, ownership, the guard, and a slice
 * killed mid-chunk (a real process exiting inside the transaction) resumed without writing anything twice.
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Schema;
use ErpSync\Plugin\Sync\SyncSettings;

final class SyncVascoStockTest extends WcTestCase
{
    /** @var array<string,array> EAN → VASCO article */
    private array $articles = [];
    /** @var array<string,array> code → fetchStock row */
    private array $stock = [];

    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        foreach (wc_get_products(['limit' => -1, 'status' => 'any', 'type' => ['simple', 'variable', 'variation'], 'return' => 'ids']) as $id) {
            wp_delete_post($id, true);
        }
        $wpdb->query('DELETE FROM ' . Schema::runs_table());
        $wpdb->query('DELETE FROM ' . Schema::plan_table());
        delete_option(SyncSettings::OPTION);
        $this->configure('vasco', ['stock_warehouses' => '1,2']);
        self::$sim->seed(['api' => 'vasco', 'products' => 30, 'seed' => 3]);
        $c = ErpSync\Plugin\Infra\Connectors::make('vasco');
        foreach ($c->fetchStock() as $r) {
            $this->stock[$r['code']] = $r;
        }
        $c->fetchProducts(function (array $items) {
            foreach ($items as $a) {
                foreach ($a['dodatnaPolja'] as $f) {
                    if ($f['naziv'] === 'EAN') {
                        $this->articles[$f['vrednost']] = $a;
                    }
                }
            }
        });
    }

    /** 20 products with the EAN of the first 20 articles (stock 5, managed), 2 without EAN. */
    private function shop(int $n = 20, string $eanMeta = ''): array
    {
        $ids = [];
        foreach (array_slice(array_keys($this->articles), 0, $n) as $i => $ean) {
            $p = new WC_Product_Simple();
            $p->set_name("Shop product $i");
            $p->set_sku("SHOP-$i");
            $p->set_regular_price('10.00');
            $p->set_manage_stock(true);
            $p->set_stock_quantity(5);
            if ($eanMeta === '') {
                $p->set_global_unique_id($ean);
            } else {
                $p->update_meta_data($eanMeta, $ean);
            }
            $ids[$ean] = $p->save();
        }
        foreach (['NOEAN-1', 'NOEAN-2'] as $sku) {
            $p = new WC_Product_Simple();
            $p->set_name($sku);
            $p->set_sku($sku);
            $p->set_regular_price('3.00');
            $p->set_manage_stock(true);
            $p->set_stock_quantity(7);
            $ids[$sku] = $p->save();
        }
        return $ids;
    }

    private function expected(string $ean): int
    {
        return (int) $this->stock[$this->articles[$ean]['sifra']]['total'];
    }

    private function stockOf(int $id): ?int
    {
        wp_cache_delete($id, 'post_meta');
        $v = get_post_meta($id, '_stock', true);
        return $v === '' ? null : (int) $v;
    }

    public function testStockComesInThroughActionSchedulerAndASecondRunWritesNothing(): void
    {
        $ids = $this->shop();
        $id = Engine::start('vasco', 'stock', ['queue' => true, 'by' => 'test']);
        $this->assertSame(Engine::SLICE_HOOK, $this->pending()[0]['hook']);
        $this->runQueue();
        $run = Engine::run($id);
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $c = $run['counts'];
        $this->assertSame(30, $c['fetched']);
        $this->assertSame(22, $c['local']);
        $this->assertSame(20, $c['matched']);
        $this->assertSame(['no_ean' => 2, 'not_in_shop' => 10], $c['planned']['skip']);
        $this->assertSame(20, $c['linked']);
        foreach ($ids as $ean => $pid) {
            if (str_starts_with($ean, 'NOEAN')) {
                $this->assertSame(7, $this->stockOf($pid), 'a product without EAN is left alone');
                continue;
            }
            $product = wc_get_product($pid);
            $want = $this->expected($ean);
            $this->assertSame($want, $product->get_stock_quantity(), "stock of $ean");
            $this->assertSame($want > 0 ? 'instock' : 'outofstock', $product->get_stock_status());
            $row = $this->stock[$this->articles[$ean]['sifra']];
            $this->assertSame(['own' => (string) $row['own'], 'supplier' => (string) $row['supplier']], ErpSync\Plugin\Sync\VascoStock::product_stock($pid));
            $this->assertSame($this->articles[$ean]['sifra'], ErpSync\Plugin\Infra\Mapping::get('vasco', 'product', $pid)['remote_id']);
            $this->assertSame('10.00', $product->get_regular_price(), 'the shop owns prices by default');
            global $wpdb;
            $this->assertSame((string) $want, $wpdb->get_var($wpdb->prepare("SELECT stock_quantity + 0 FROM {$wpdb->wc_product_meta_lookup} WHERE product_id = %d", $pid)));
        }
        // The products without EAN are listed for the owner.
        $listed = array_map('intval', array_column(Engine::plan($id, 0, 100, 'skip'), 'local_id'));
        $this->assertContains($ids['NOEAN-1'], $listed);
        $this->assertContains($ids['NOEAN-2'], $listed);

        // Nothing changed at VASCO: the second run matches by link and writes nothing.
        $id2 = Engine::start('vasco', 'stock', ['queue' => true]);
        $this->runQueue();
        $c2 = Engine::run($id2)['counts'];
        $this->assertSame('done', Engine::run($id2)['state']);
        $this->assertSame(20, $c2['matched']);
        $this->assertSame(20, $c2['unchanged']);
        $this->assertArrayNotHasKey('update', $c2['planned']);
        $this->assertArrayNotHasKey('link', $c2['planned']);
        $this->assertArrayNotHasKey('meta', $c2['planned']);
        $this->assertArrayNotHasKey('applied', $c2);
    }

    public function testEanFromAMetaKeyAndTwoRunsNeverOverlap(): void
    {
        SyncSettings::put(['vasco_ean' => 'meta', 'vasco_ean_meta' => '_alg_ean']);
        $ids = $this->shop(5, '_alg_ean');
        $id = Engine::start('vasco', 'stock');
        try {
            Engine::start('vasco', 'stock');
            $this->fail('a second run of the same sync started');
        } catch (RuntimeException $e) {
            $this->assertStringContainsString("already running (run #$id", $e->getMessage());
        }
        Engine::run_inline($id);
        $this->assertSame(5, Engine::run($id)['counts']['matched']);
        foreach (array_slice($ids, 0, 5, true) as $ean => $pid) {
            $this->assertSame($this->expected($ean), $this->stockOf($pid));
        }
        // The owner does not count supplier stock: the shop gets own − reserved.
        SyncSettings::put(['vasco_supplier' => 'no']);
        $next = Engine::start('vasco', 'stock');
        $this->assertGreaterThan($id, $next, 'finished: the next run may start');
        Engine::run_inline($next);
        foreach (array_slice($ids, 0, 5, true) as $ean => $pid) {
            $r = $this->stock[$this->articles[$ean]['sifra']];
            $this->assertSame((int) $r['own'] - (int) $r['reserved'], $this->stockOf($pid));
        }
    }

    public function testDryRunWritesNothingAndShowsThePlan(): void
    {
        global $wpdb;
        $ids = $this->shop();
        $before = $wpdb->get_results("SELECT post_id, meta_key, meta_value FROM {$wpdb->postmeta} ORDER BY meta_id", ARRAY_N);
        $lookup = $wpdb->get_results("SELECT * FROM {$wpdb->wc_product_meta_lookup} ORDER BY product_id", ARRAY_N);
        $id = Engine::start('vasco', 'stock', ['dry_run' => true]);
        $run = Engine::run_inline($id);
        $this->assertSame('dry-run', $run['state']);
        $this->assertSame($before, $wpdb->get_results("SELECT post_id, meta_key, meta_value FROM {$wpdb->postmeta} ORDER BY meta_id", ARRAY_N));
        $this->assertSame($lookup, $wpdb->get_results("SELECT * FROM {$wpdb->wc_product_meta_lookup} ORDER BY product_id", ARRAY_N));
        $this->assertSame('0', $wpdb->get_var('SELECT COUNT(*) FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE object_type = 'product'"));
        $updates = Engine::plan($id, 0, 100, 'update');
        $changed = array_filter(array_keys($ids), fn($e) => !str_starts_with($e, 'NOEAN') && $this->expected($e) !== 5);
        $this->assertCount(count($changed), $updates);
        foreach ($updates as $u) {
            $this->assertSame('stock', $u['field']);
            $this->assertSame('5', $u['old_value']);
            $ean = array_search((int) $u['local_id'], $ids, true);
            $this->assertSame((string) $this->expected($ean), $u['new_value']);
        }
        $this->assertSame('0', $wpdb->get_var($wpdb->prepare('SELECT COUNT(*) FROM ' . Schema::plan_table() . ' WHERE run_id = %d AND applied = 1', $id)));
    }

    public function testOnlyWhatTheBackOfficeOwnsIsWritten(): void
    {
        $ids = $this->shop(3);
        // Default: VASCO owns stock only; its prices and names differ from the shop's and are not written.
        Engine::run_inline(Engine::start('vasco', 'stock'));
        foreach (array_slice($ids, 0, 3, true) as $ean => $pid) {
            $p = wc_get_product($pid);
            $this->assertSame('10.00', $p->get_regular_price());
            $this->assertStringStartsWith('Shop product', $p->get_name());
            $this->assertSame($this->expected($ean), $p->get_stock_quantity());
        }
        // The owner gives prices to VASCO and takes stock back.
        SyncSettings::put(['own' => ['vasco' => ['regular_price' => 'remote', 'stock' => 'shop']]]);
        foreach (array_slice($ids, 0, 3, true) as $pid) {
            wc_update_product_stock($pid, 99);
        }
        $run = Engine::run_inline(Engine::start('vasco', 'stock'));
        $this->assertSame(['regular_price' => 3], $run['counts']['updated']);
        foreach (array_slice($ids, 0, 3, true) as $ean => $pid) {
            $p = wc_get_product($pid);
            $this->assertEquals((float) $this->articles[$ean]['prodajnaCena'], (float) $p->get_regular_price());
            $this->assertSame($p->get_regular_price(), $p->get_price());
            $this->assertSame(99, $p->get_stock_quantity(), 'stock now belongs to the shop');
        }
    }

    public function testAProductOnSaleIsComparedByItsRegularPrice(): void
    {
        $ids = $this->shop(2);
        SyncSettings::put(['own' => ['vasco' => ['regular_price' => 'remote', 'stock' => 'shop']]]);
        [$e0, $e1] = array_slice(array_keys($ids), 0, 2);
        foreach ([$e0, $e1] as $e) {
            $p = wc_get_product($ids[$e]);
            $p->set_regular_price((string) $this->articles[$e]['prodajnaCena']); // in step with VASCO
            $p->save();
        }
        $p = wc_get_product($ids[$e0]);
        $p->set_sale_price('0.50'); // on sale: the lookup's price is the sale price
        $p->save();
        $run = Engine::run_inline(Engine::start('vasco', 'stock'));
        $this->assertArrayNotHasKey('update', $run['counts']['planned'], 'a sale is not a difference of the regular price');
        $this->assertSame('0.50', wc_get_product($ids[$e0])->get_price());
    }

    public function testGuardStopsAnEmptyBackOfficeAndTooManyOutOfStock(): void
    {
        global $wpdb;
        $ids = $this->shop();
        self::$sim->reset(); // VASCO now answers empty lists
        $run = Engine::run_inline(Engine::start('vasco', 'stock'));
        $this->assertSame('guarded', $run['state']);
        $this->assertStringContainsString('returned no items', $run['message']);

        // A back-office that answers every article with stock 0.
        Engine::$factories['vasco:stock'] = fn() => new class(array_keys($ids)) extends ErpSyncTestZeroSource {};
        try {
            $run = Engine::run_inline(Engine::start('vasco', 'stock'));
            $this->assertSame('guarded', $run['state']);
            $this->assertStringContainsString('would set 20 products out of stock', $run['message']);
            $this->assertSame(5, $this->stockOf($ids[array_key_first($ids)]), 'nothing written before approval');
            $this->assertNull(Engine::active_run('vasco', 'stock'), 'a guarded run does not block the next one');
            // The owner approves: the stored plan is applied.
            Engine::approve((int) $run['id'], false);
            $run = Engine::run_inline((int) $run['id']);
            $this->assertSame('done', $run['state']);
            $this->assertSame(0, $this->stockOf($ids[array_key_first($ids)]));
            $this->assertSame('outofstock', wc_get_product($ids[array_key_first($ids)])->get_stock_status());
            // A share under the limit applies at once.
            SyncSettings::put(['guard_percent' => 95]);
            foreach ($ids as $pid) {
                wc_update_product_stock($pid, 4);
            }
            $this->assertSame('done', Engine::run_inline(Engine::start('vasco', 'stock'))['state']);
        } finally {
            Engine::$factories = [];
        }
    }

    public function testASliceKilledInsideAChunkIsResumedWithoutWritingTwice(): void
    {
        global $wpdb;
        $ids = $this->shop();
        SyncSettings::put(['chunk' => 5]);
        $id = Engine::start('vasco', 'stock');
        // Plan in this process, then apply in another one that exits inside its third chunk's transaction.
        Engine::slice($id, 0.0);
        $this->assertSame('applying', Engine::run($id)['state']);
        $writing = (int) $wpdb->get_var($wpdb->prepare('SELECT COUNT(*) FROM ' . Schema::plan_table() . " WHERE run_id = %d AND action IN ('update','link','meta')", $id));
        $this->assertGreaterThan(15, $writing);
        $code = 'add_action("erpsync_sync_chunk_before_commit", function () { static $n = 0; if (++$n === 3) { echo "killed"; exit(3); } });'
            . ' ErpSync\Plugin\Sync\Engine::slice(' . $id . ', 60.0);';
        $cmd = [dirname(__DIR__, 2) . '/wp/wp-cli.sh', 'eval', $code];
        $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['ERPSYNC_WP_PREFIX' => 'wc_'] + getenv());
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        $rc = proc_close($p);
        $this->assertSame(3, $rc, $out . $err);
        $this->assertStringContainsString('killed', $out);
        // Two chunks committed; the third was rolled back with its marks and counts.
        $run = Engine::run($id);
        $this->assertSame('applying', $run['state']);
        $this->assertSame(10, $run['counts']['applied']);
        $this->assertSame('10', $wpdb->get_var($wpdb->prepare('SELECT COUNT(*) FROM ' . Schema::plan_table() . ' WHERE run_id = %d AND applied = 1', $id)));

        // The watchdog sees the silent run and queues it again; the queue finishes it.
        $wpdb->query($wpdb->prepare('UPDATE ' . Schema::runs_table() . ' SET heartbeat = %s WHERE id = %d', gmdate('Y-m-d H:i:s', time() - 3600), $id));
        $this->assertSame([$id], Engine::watchdog());
        $this->runQueue();
        $run = Engine::run($id);
        $this->assertSame('done', $run['state']);
        $this->assertSame($writing, $run['counts']['applied'], 'every plan row applied exactly once');
        $stockChanges = (int) $wpdb->get_var($wpdb->prepare('SELECT COUNT(*) FROM ' . Schema::plan_table() . " WHERE run_id = %d AND action = 'update' AND field = 'stock'", $id));
        $this->assertSame($stockChanges, $run['counts']['updated']['stock']);
        $this->assertSame(20, $run['counts']['linked'] + 0);
        $this->assertSame('0', $wpdb->get_var("SELECT COUNT(*) FROM (SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key IN ('_stock', '_erpsync_vasco_stock', '_stock_status', '_product_version') GROUP BY post_id, meta_key HAVING COUNT(*) > 1) d"), 'no meta row written twice');
        foreach ($ids as $ean => $pid) {
            if (!str_starts_with($ean, 'NOEAN')) {
                $this->assertSame($this->expected($ean), wc_get_product($pid)->get_stock_quantity());
            }
        }
    }

    public function testAScheduledTickStartsOneRunAndSkipsWhileItRuns(): void
    {
        $this->shop(3);
        Engine::tick('vasco', 'stock');
        $runs = Engine::runs();
        $this->assertCount(1, $runs);
        $this->assertSame('schedule', $runs[0]['started_by']);
        $this->assertCount(1, $this->pending(Engine::SLICE_HOOK));
        Engine::tick('vasco', 'stock'); // the hourly tick comes again while the run waits in the queue
        $this->assertCount(1, Engine::runs(), 'no second run while one is active');
        $this->runQueue();
        $this->assertSame('done', Engine::run((int) $runs[0]['id'])['state']);
        ErpSync\Plugin\Infra\Settings::put('vasco', ['enabled' => 'no']);
        Engine::tick('vasco', 'stock');
        $this->assertCount(1, Engine::runs(), 'a disabled back-office is not synced');
    }

    public function testWpCliSyncAndRuns(): void
    {
        $this->shop(4);
        $run = function (string ...$args): array {
            $p = proc_open(array_merge([dirname(__DIR__, 2) . '/wp/wp-cli.sh'], $args), [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['ERPSYNC_WP_PREFIX' => 'wc_'] + getenv());
            $out = stream_get_contents($pipes[1]);
            $err = stream_get_contents($pipes[2]);
            fclose($pipes[1]);
            fclose($pipes[2]);
            return [proc_close($p), $out, $err];
        };
        [$rc, $out, $err] = $run('erpsync', 'sync', 'vasco', 'stock', '--dry-run', '--format=json');
        $this->assertSame(0, $rc, $err);
        $this->assertStringContainsString('"action":"link"', $out);
        [$rc, $out, $err] = $run('erpsync', 'sync', 'vasco', 'stock', '--limit=3');
        $this->assertSame(0, $rc, $err);
        $this->assertStringContainsString('Success: Run #', $out);
        $last = Engine::runs(1)[0];
        $this->assertSame(3, $last['counts']['applied']);
        [$rc, $out] = $run('erpsync', 'runs', '--format=json');
        $this->assertSame(0, $rc);
        $rows = json_decode($out, true);
        $this->assertSame(['done', 'dry-run'], array_column($rows, 'state'));
        [$rc, , $err] = $run('erpsync', 'sync', 'vasco', 'prices');
        $this->assertSame(1, $rc);
        $this->assertStringContainsString('There is no sync "vasco prices"; the syncs are: vasco stock', $err);
    }
}

/** A back-office whose every article has stock 0 (for the guard), matched by EAN like VASCO. */
abstract class ErpSyncTestZeroSource implements ErpSync\Plugin\Sync\Source
{
    public function __construct(private array $eans) {}
    public function matcher_options(): array { return ['keys' => ['ean'], 'own' => ['stock' => 'remote', 'price' => 'local', 'name' => 'local']]; }
    public function fetch($m): int
    {
        $items = [];
        foreach ($this->eans as $i => $ean) {
            if (!str_starts_with((string) $ean, 'NOEAN')) {
                $items[] = ['id' => "Z$i", 'ean' => (string) $ean, 'stock' => '0'];
            }
        }
        return $m->addRemote($items);
    }
    public function ean_meta_key(): string { return '_global_unique_id'; }
    public function required_key(): string { return 'ean'; }
    public function extra_rows(array $pairs): array { return []; }
    public function unmatched_rows(array $ids): array { return []; }
}
