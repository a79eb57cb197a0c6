<?php
/**
 * Sitoo tools and Misc settings on real WooCommerce: Fix SKU and Fix image names (each dry run lists and writes
 * nothing), Clear all and Reset timestamp (test mode only, the confirmation names what goes), the Misc settings
 * reaching the connector and the product fetch filter, logs on/off.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooTestSetUp.php';

use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Sitoo\CatalogMap;
use ErpSync\Plugin\Sync\Sitoo\CompleteSync;
use ErpSync\Plugin\Sync\Sitoo\CompleteSyncPage;
use ErpSync\Plugin\Sync\Sitoo\MiscSettings;
use ErpSync\Plugin\Sync\Sitoo\Tools;

final class SitooToolsTest extends WcTestCase
{
    use SitooTestSetUp;

    protected function setUp(): void
    {
        parent::setUp();
        $this->configure('sitoo');
        $this->endActiveSyncRuns();
        self::wipeCatalog();
    }

    private function simple(string $sku): WC_Product_Simple
    {
        $p = new WC_Product_Simple();
        $p->set_name('P ' . $sku);
        $p->set_regular_price('1.00');
        $p->save();
        if ($sku !== '') {
            // a SKU Sitoo refuses, written the way an import would (WooCommerce itself accepts it)
            $p->set_sku($sku);
            $p->save();
        }
        return $p;
    }

    public function testFixSkuDryRunThenFix(): void
    {
        $bad = $this->simple('Ä b#1');
        $empty = $this->simple('');
        $good = $this->simple('GOOD-1');
        $taken = $this->simple('A-b-1');
        $dry = Tools::fix_sku('WEB-', true);
        $byId = array_column($dry, null, 'id');
        $this->assertSame(['Ä b#1', 'A-b-1-' . $bad->get_id()], [$byId[$bad->get_id()]['old'], $byId[$bad->get_id()]['new']], 'the fixed SKU another product holds gets the id');
        $this->assertSame('WEB-' . $empty->get_id(), $byId[$empty->get_id()]['new'], 'empty: prefix + id');
        $this->assertArrayNotHasKey($good->get_id(), $byId);
        $this->assertArrayNotHasKey($taken->get_id(), $byId);
        $this->assertSame('Ä b#1', wc_get_product($bad->get_id())->get_sku(), 'the dry run wrote nothing');
        $this->assertSame('', wc_get_product($empty->get_id())->get_sku());

        $done = Tools::fix_sku('WEB-', false);
        $this->assertCount(count($dry), $done);
        $this->assertSame('A-b-1-' . $bad->get_id(), wc_get_product($bad->get_id())->get_sku());
        $this->assertSame('WEB-' . $empty->get_id(), wc_get_product($empty->get_id())->get_sku());
        $this->assertSame([], Tools::fix_sku('WEB-', true), 'nothing left to fix');
        foreach ([$bad, $empty, $good, $taken] as $p) {
            $this->assertSame(wc_get_product($p->get_id())->get_sku(), ErpSync\Connector\Sitoo::fixSku(wc_get_product($p->get_id())->get_sku()));
        }
    }

    public function testFixSkuThroughTheAdminHandlerShowsTheDryRun(): void
    {
        $bad = $this->simple('x y');
        $_POST = $_REQUEST = ['_wpnonce' => wp_create_nonce('erpsync_sitoo_tool'), 'tool' => 'fix_sku', 'dry' => '1', 'prefix' => 'P-'];
        try {
            CompleteSyncPage::tool();
        } catch (Redirected $r) {
            unset($r);
        }
        $this->assertSame('x y', wc_get_product($bad->get_id())->get_sku());
        $this->assertSame('P-', Settings::get('sitoo')['tools_sku_prefix'], 'the prefix is remembered');
        ob_start();
        CompleteSyncPage::page();
        $html = ob_get_clean();
        $this->assertStringContainsString('1 SKUs would change', $html);
        $this->assertStringContainsString('<code>x-y</code>', $html);
    }

    public function testFixImageNamesDryRunThenRename(): void
    {
        $upload = wp_upload_dir();
        $dir = $upload['path'];
        wp_mkdir_p($dir);
        $png = base64_decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==');
        $name = 'Bild Ä #' . wp_rand(1000, 9999) . '.png';
        file_put_contents("$dir/$name", $png);
        $aid = wp_insert_attachment(['post_mime_type' => 'image/png', 'post_title' => 'x', 'post_status' => 'inherit'], "$dir/$name");
        wp_update_attachment_metadata($aid, ['file' => _wp_relative_upload_path("$dir/$name"), 'width' => 1, 'height' => 1, 'sizes' => []]);
        $p = $this->simple('IMG-1');
        $p->set_image_id($aid);
        $p->save();
        $dry = Tools::fix_image_names(true);
        $this->assertCount(1, $dry);
        $this->assertSame($name, $dry[0]['old']);
        $this->assertMatchesRegularExpression('/^[A-Za-z0-9_.-]+$/', $dry[0]['new']);
        $this->assertFileExists("$dir/$name", 'the dry run renamed nothing');
        $done = Tools::fix_image_names(false);
        $this->assertSame('', $done[0]['error']);
        $this->assertFileDoesNotExist("$dir/$name");
        $this->assertFileExists("$dir/" . $done[0]['new']);
        $this->assertSame($done[0]['new'], wp_basename(get_attached_file($aid)));
        $this->assertSame([], Tools::fix_image_names(true));
        @unlink("$dir/" . $done[0]['new']);
    }

    public function testClearAllAndResetTimestampOnlyInTestModeWithAConfirmationNamingWhatGoes(): void
    {
        CatalogMap::link('product', [101 => '9001', 102 => '9002']);
        CatalogMap::link('category', [5 => '77']);
        update_option('erpsync_sitoo_orders_last', 123);
        update_option('erpsync_sitoo_manufacturers_at', 456);
        Settings::put('sitoo', ['misc_fetch_products' => 'active']);
        try {
            Tools::clear_all();
            $this->fail('cleared in live mode');
        } catch (RuntimeException $e) {
            $this->assertStringContainsString('test mode', $e->getMessage());
        }
        $this->assertCount(2, CatalogMap::all('product'), 'live: nothing removed');
        ob_start();
        CompleteSyncPage::page();
        $this->assertStringNotContainsString('Clear all…', ob_get_clean(), 'not offered in live mode');

        $this->configure('sitoo', ['mode' => 'sandbox', 'sandbox_base_url' => self::$sim->url('sitoo'), 'sandbox_api_id' => ErpSyncTest\Sim::SITOO_USER,
            'sandbox_password' => ErpSyncTest\Sim::SITOO_PASSWORD]);
        CatalogMap::link('product', [101 => '9001', 102 => '9002']); // links are per instance: made again in the sandbox
        Settings::put('sitoo', ['shipping_sku' => 'POSTAGE']);
        $_GET['confirm'] = 'clear_all';
        ob_start();
        CompleteSyncPage::page();
        $html = ob_get_clean();
        unset($_GET['confirm']);
        $this->assertStringContainsString('product: 2', $html, 'the confirmation names the links that go');
        $this->assertStringContainsString('erpsync_sitoo_orders_last', $html);
        $this->assertStringContainsString('misc_fetch_products', $html);
        $this->assertStringContainsString('shipping_sku', $html);
        $this->assertStringNotContainsString(ErpSyncTest\Sim::SITOO_PASSWORD, $html, 'names, never values');

        $_POST = $_REQUEST = ['_wpnonce' => wp_create_nonce('erpsync_sitoo_tool'), 'tool' => 'clear_all'];
        try {
            CompleteSyncPage::tool();
        } catch (Redirected $r) {
            $this->assertStringContainsString('confirm=clear_all', $r->location, 'without the confirmation nothing goes');
        }
        $this->assertCount(2, CatalogMap::all('product'));

        $this->assertSame(['erpsync_sitoo_orders_last'], Tools::reset_timestamp());
        $this->assertFalse(get_option('erpsync_sitoo_orders_last'));
        $this->assertSame(456, (int) get_option('erpsync_sitoo_manufacturers_at'), 'reset timestamp: only the orders\' one');

        $_POST = $_REQUEST = ['_wpnonce' => wp_create_nonce('erpsync_sitoo_tool'), 'tool' => 'clear_all', 'confirmed' => '1'];
        try {
            CompleteSyncPage::tool();
        } catch (Redirected $r) {
            unset($r);
        }
        $this->assertSame([], CatalogMap::counts(), 'every Sitoo link went');
        $this->assertFalse(get_option('erpsync_sitoo_manufacturers_at'));
        $s = Settings::get('sitoo');
        $this->assertSame('all', $s['misc_fetch_products']);
        $this->assertSame('SHIPPING', $s['shipping_sku']);
        $this->assertSame('sandbox', $s['mode'], 'the connection is kept');
        $this->assertSame(ErpSyncTest\Sim::SITOO_PASSWORD, $s['sandbox_password']);
    }

    public function testMiscSettingsReachTheConnectorAndTheFetch(): void
    {
        $this->assertSame(['percent' => 100, 'fixed_cart' => 200], MiscSettings::voucher_types('percent:100, fixed_cart:200 bogus'));
        Settings::put('sitoo', ['misc_voucher_types' => 'percent:100', 'misc_prices_incl_vat' => 'no']);
        $cs = Settings::connector_settings('sitoo');
        $this->assertSame(['percent' => 100], $cs['voucher_types']);
        $this->assertFalse($cs['prices_include_tax']);
        $fields = ErpSync\Plugin\Admin\Fields::definitions('sitoo');
        foreach (['misc_fetch_products', 'misc_coupons_as_vouchers', 'misc_shipping_rows', 'misc_prices_incl_vat', 'misc_send_at_once', 'tools_logs'] as $k) {
            $this->assertArrayHasKey($k, $fields);
            $this->assertSame('misc', ErpSync\Plugin\Admin\SettingsGroups::group_of($k));
        }
        $this->assertSame(array_keys(MiscSettings::fetch_choices()), array_keys($fields['misc_fetch_products'][3]));

        // Which products a complete sync fetches: every 4th product inactive (alternately POS-only and hidden).
        self::$sim->seed(['api' => 'sitoo', 'products' => 8, 'inactive_every' => 4]);
        $counts = [];
        foreach (['all' => 8, 'active' => 7, 'inactive' => 1, 'active_webshop' => 6] as $status => $want) {
            Settings::put('sitoo', ['misc_fetch_products' => $status]);
            self::wipeCatalog();
            global $wpdb;
            $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table());
            $run = CompleteSync::run_inline(CompleteSync::start(['products_down'], [], 'test', false));
            $counts[$status] = $run['counts']['ops']['products_down']['counts']['created'] ?? 0;
        }
        $this->assertSame(['all' => 8, 'active' => 7, 'inactive' => 1, 'active_webshop' => 6], $counts);
    }

    public function testLogsOnAndOff(): void
    {
        $lines = [];
        $cb = function ($entry, $args = []) use (&$lines) {
            if (($args['context']['source'] ?? '') === 'erpsync-sitoo') {
                $lines[] = $args['message'];
            }
            return $entry;
        };
        add_filter('woocommerce_format_log_entry', $cb, 10, 2);
        Settings::put('sitoo', ['tools_logs' => 'yes']);
        CompleteSync::log('one');
        Settings::put('sitoo', ['tools_logs' => 'no']);
        CompleteSync::log('two');
        remove_filter('woocommerce_format_log_entry', $cb, 10);
        $this->assertSame(['one'], $lines);
        $this->assertStringContainsString('source=erpsync-sitoo', Tools::log_url());
    }
}
