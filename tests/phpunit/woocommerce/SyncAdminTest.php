<?php
/**
 * The sync's admin side on real WooCommerce: one menu entry (the runs are the tab ERP Sync → Sync runs; the old page's
 * URL redirects there); Sync now (nonce + manage_woocommerce) → queued slices → the run page with its progress and
 * result; dry run with the plan and its CSV; approval of a guarded run; the ownership form;
 * VASCO's own/supplier stock on the product's Inventory tab and in the products list.
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Admin\Dashboard;
use ErpSync\Plugin\Admin\SyncUi;
use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Schema;
use ErpSync\Plugin\Sync\SyncSettings;

final class SyncAdminTest extends WcTestCase
{
    private array $ids = [];

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
        delete_option('erpsync_sync_last_vasco_stock');
        $this->configure('vasco');
        self::$sim->seed(['api' => 'vasco', 'products' => 5, 'seed' => 4]);
        $eans = [];
        ErpSync\Plugin\Infra\Connectors::make('vasco')->fetchProducts(function ($items) use (&$eans) {
            foreach ($items as $a) {
                $eans[] = array_column($a['dodatnaPolja'], 'vrednost', 'naziv')['EAN'];
            }
        });
        foreach ($eans as $i => $ean) {
            $p = new WC_Product_Simple();
            $p->set_name("Admin product $i");
            $p->set_regular_price('9.00');
            $p->set_manage_stock(true);
            $p->set_stock_quantity(1000);
            $p->set_global_unique_id($ean);
            $this->ids[] = $p->save();
        }
    }

    /** The Sync runs tab alone (what Dashboard::page() draws inside the ERP Sync page). */
    private function page(array $get = []): string
    {
        $_GET = $_REQUEST = $get + ['page' => Dashboard::PAGE, 'tab' => SyncUi::TAB];
        ob_start();
        SyncUi::tab();
        return (string) ob_get_clean();
    }

    public function testOneMenuEntryTheRunsAreATabAndTheOldPageRedirects(): void
    {
        global $submenu, $_registered_pages;
        $saved = [$submenu, $_registered_pages];
        $submenu = ['woocommerce' => []];
        Dashboard::menu();
        SyncUi::menu();
        $entries = array_column($submenu['woocommerce'], 2);
        $this->assertSame(['erpsync'], array_values(array_filter($entries, fn($s) => str_starts_with($s, 'erpsync'))), 'one ERP Sync entry under WooCommerce');
        $this->assertArrayHasKey('admin_page_' . SyncUi::PAGE, $_registered_pages, 'the old URL still opens (to redirect)');
        $this->assertNotFalse(has_action('load-admin_page_' . SyncUi::PAGE, [SyncUi::class, 'redirect_old_page']));
        [$submenu, $_registered_pages] = $saved;

        $this->assertSame('Sync runs', Dashboard::tabs()[SyncUi::TAB]);
        $to = SyncUi::old_page_target(['page' => SyncUi::PAGE, 'run' => '7', 'paged' => '2', 'evil' => '<x>']);
        parse_str((string) parse_url($to, PHP_URL_QUERY), $q);
        $this->assertSame(['page' => 'erpsync', 'tab' => 'runs', 'run' => '7', 'paged' => '2'], $q);
        $this->assertSame(admin_url('admin.php'), strtok($to, '?'));
        parse_str((string) parse_url(SyncUi::old_page_target(['run' => 'abc']), PHP_URL_QUERY), $q);
        $this->assertSame(['page' => 'erpsync', 'tab' => 'runs'], $q);

        // Drawn inside the ERP Sync page: its tab bar, the syncs with their buttons.
        $_GET = ['page' => 'erpsync', 'tab' => 'runs'];
        ob_start();
        Dashboard::page();
        $html = (string) ob_get_clean();
        $this->assertMatchesRegularExpression('/class="nav-tab nav-tab-active"[^>]*aria-current="page">Sync runs</', $html);
        $this->assertStringContainsString('data-sync="vasco:stock"', $html);
        $this->assertStringContainsString('Who owns what', $html);

        // Other screens add their tab to the same list.
        $add = fn($t) => $t + ['extra' => ['title' => 'Extra screen', 'render' => fn() => print('<p id="extra-tab">x</p>')], 'broken' => ['title' => 'No render']];
        add_filter('erpsync_dashboard_tabs', $add);
        $tabs = Dashboard::tabs();
        $_GET = ['page' => 'erpsync', 'tab' => 'extra'];
        ob_start();
        Dashboard::page();
        $html = (string) ob_get_clean();
        remove_filter('erpsync_dashboard_tabs', $add);
        $this->assertSame('Extra screen', $tabs['extra']);
        $this->assertArrayNotHasKey('broken', $tabs, 'an entry without a render is left out');
        $this->assertStringContainsString('<p id="extra-tab">x</p>', $html);
    }

    private function post(string $method, array $post): ?string
    {
        $_POST = $_REQUEST = $post;
        try {
            SyncUi::$method();
        } catch (Redirected $r) {
            return $r->location;
        }
        return null;
    }

    public function testSyncNowShowsProgressThenTheResult(): void
    {
        $html = $this->page();
        $this->assertStringContainsString('VASCO — stock', $html);
        $this->assertStringContainsString('Sync now', $html);
        $this->assertStringContainsString('hourly', $html, 'VASCO stock runs hourly by default');

        $to = $this->post('start', ['sync' => 'vasco:stock', '_wpnonce' => wp_create_nonce('erpsync_sync_start_vasco_stock')]);
        $this->assertNotNull($to);
        $this->assertStringContainsString('run=', $to, (string) get_transient('erpsync_sync_notice_' . get_current_user_id()));
        $this->assertStringContainsString('page=erpsync&tab=runs&run=', $to, 'the run opens in the Sync runs tab');
        parse_str((string) parse_url($to, PHP_URL_QUERY), $q);
        $run = (int) $q['run'];
        $this->assertSame(Engine::SLICE_HOOK, $this->pending()[0]['hook']);
        $html = $this->page(['run' => (string) $run]);
        $this->assertStringContainsString('data-state="planning"', $html);
        $this->assertStringContainsString('http-equiv="refresh"', $html, 'the page follows the run while it runs');
        // Sync now is disabled while the run is active.
        $this->assertMatchesRegularExpression("/<button class=\"button button-primary\"\s+disabled='disabled'>Sync now/", $this->page());

        $this->runQueue();
        $html = $this->page(['run' => (string) $run]);
        $this->assertStringContainsString('data-state="done"', $html);
        $this->assertStringNotContainsString('http-equiv="refresh"', $html);
        $this->assertMatchesRegularExpression('/(\d+) of \1 planned writes applied/', $html);
        $this->assertStringContainsString('stock: 5', $html);
        $this->assertStringContainsString('Admin product 0', $html, 'the plan names the products');
    }

    public function testDryRunPlanAndCsvWithoutWriting(): void
    {
        $to = $this->post('start', ['sync' => 'vasco:stock', 'dry_run' => '1', '_wpnonce' => wp_create_nonce('erpsync_sync_start_vasco_stock')]);
        parse_str((string) parse_url($to, PHP_URL_QUERY), $q);
        $this->runQueue();
        $html = $this->page(['run' => $q['run']]);
        $this->assertStringContainsString('dry run (nothing written)', $html);
        $this->assertStringContainsString('Download CSV', $html);
        $csv = SyncUi::csv_text((int) $q['run']);
        $lines = array_filter(explode("\n", $csv));
        $this->assertSame('action,local_id,remote_id,field,old_value,new_value,reason,applied', $lines[0]);
        $this->assertCount(1 + 5 + 5 + 5, $lines, 'header, 5 stock updates, 5 links, 5 own/supplier rows');
        $this->assertStringContainsString('"update","' . $this->ids[0] . '"', $csv);
        foreach ($this->ids as $id) {
            $this->assertSame(1000, wc_get_product($id)->get_stock_quantity());
        }
    }

    public function testActionsRefuseWithoutNonceOrCapability(): void
    {
        foreach (['start' => ['sync' => 'vasco:stock'], 'approve' => ['run' => '1'], 'save_settings' => []] as $m => $post) {
            try {
                $this->post($m, $post);
                $this->fail("$m without nonce");
            } catch (WpDie $e) {
                $this->assertSame(403, $e->status, $m);
            }
        }
        $user = wp_insert_user(['user_login' => 'sub' . wp_rand(), 'user_pass' => wp_generate_password(), 'role' => 'subscriber']);
        wp_set_current_user($user);
        try {
            $this->post('start', ['sync' => 'vasco:stock', '_wpnonce' => wp_create_nonce('erpsync_sync_start_vasco_stock')]);
            $this->fail('a subscriber started a sync');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        $this->assertSame('', $this->page(), 'the page shows nothing without the capability');
        $this->assertSame([], Engine::runs());
        wp_delete_user($user);
    }

    public function testGuardedRunIsApprovedFromItsPage(): void
    {
        self::$sim->reset(); // an empty back-office
        $to = $this->post('start', ['sync' => 'vasco:stock', '_wpnonce' => wp_create_nonce('erpsync_sync_start_vasco_stock')]);
        parse_str((string) parse_url($to, PHP_URL_QUERY), $q);
        $this->runQueue();
        $html = $this->page(['run' => $q['run']]);
        $this->assertStringContainsString('stopped by the guard', $html);
        $this->assertStringContainsString('returned no items', $html);
        $this->assertStringContainsString('Apply this plan anyway', $html);
        $this->post('approve', ['run' => $q['run'], '_wpnonce' => wp_create_nonce('erpsync_sync_approve_' . $q['run'])]);
        $this->runQueue();
        $this->assertSame('done', Engine::run((int) $q['run'])['state']);
    }

    public function testOwnershipFormAndRefusedValues(): void
    {
        $this->post('save_settings', ['_wpnonce' => wp_create_nonce('erpsync_sync_settings'), 'erpsync_sync' => [
            'own' => ['vasco' => ['stock' => 'none', 'regular_price' => 'remote', 'name' => 'owner-of-all']],
            'schedule' => ['vasco:stock' => 'daily'], 'guard_percent' => 'lots', 'vasco_ean' => 'meta', 'vasco_ean_meta' => "bad key'",
        ]]);
        $s = SyncSettings::get();
        $this->assertSame('none', $s['own']['vasco']['stock']);
        $this->assertSame('remote', $s['own']['vasco']['regular_price']);
        $this->assertSame('shop', $s['own']['vasco']['name'], 'an unknown owner is not stored');
        $this->assertSame('daily', $s['schedule']['vasco:stock']);
        $this->assertSame(20, $s['guard_percent']);
        $html = $this->page();
        $this->assertStringContainsString('Saved, except: Guard: share of products set out of stock (a number from 0 to 100); VASCO: EAN meta key', $html);
        // The schedule follows the setting: one recurring tick, daily.
        $ticks = $this->pending(Engine::TICK_HOOK);
        $this->assertCount(1, $ticks);
        $this->assertSame(['vasco', 'stock'], $ticks[0]['args']);
        $this->assertSame(86400, ActionScheduler::store()->fetch_action($ticks[0]['id'])->get_schedule()->get_recurrence());
        // Switched off: no tick left.
        SyncSettings::put(['schedule' => ['vasco:stock' => 'off']]);
        Engine::ensure_schedules(true);
        $this->assertSame([], $this->pending(Engine::TICK_HOOK));
    }

    public function testVascoStockOnTheProductScreenAndList(): void
    {
        Engine::run_inline(Engine::start('vasco', 'stock'));
        global $post;
        $post = get_post($this->ids[0]);
        require_once WC()->plugin_path() . '/includes/admin/wc-meta-box-functions.php'; // loaded by the product screen
        ob_start();
        SyncUi::inventory_fields();
        $html = (string) ob_get_clean();
        [$own, $supplier] = explode('|', get_post_meta($this->ids[0], '_erpsync_vasco_stock', true));
        $this->assertMatchesRegularExpression('/id="erpsync_vasco_own"[^>]*value="' . preg_quote($own, '/') . '"|value="' . preg_quote($own, '/') . '"[^>]*id="erpsync_vasco_own"/', $html);
        $this->assertStringContainsString('readonly', $html);
        $this->assertStringContainsString('VASCO supplier stock', $html);
        $this->assertStringNotContainsString('not linked', $html);
        $this->assertArrayHasKey('erpsync_vasco_stock', SyncUi::columns([]));
        ob_start();
        SyncUi::column('erpsync_vasco_stock', $this->ids[0]);
        $this->assertSame("own $own / supplier $supplier", ob_get_clean());
    }
}
