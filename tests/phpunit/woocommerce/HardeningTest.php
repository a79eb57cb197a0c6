<?php
/**
 * Issue 14 on real WooCommerce: a path override cannot send the saved credentials to another host, a hostile
 * back-office's error text stays plain text on the settings page, and the REST key made for Logistos does not
 * outlive a plain uninstall (data kept).
 */

require_once __DIR__ . '/WcTestCase.php';

final class HardeningTest extends WcTestCase
{
    public static function setUpBeforeClass(): void
    {
        parent::setUpBeforeClass();
        // The settings screen's classes, as WooCommerce loads them in wp-admin.
        require_once WC_ABSPATH . 'includes/admin/class-wc-admin-settings.php';
        require_once WC_ABSPATH . 'includes/admin/settings/class-wc-settings-page.php';
    }

    private function page(string $section): string
    {
        global $current_section;
        $current_section = $section;
        $page = new ErpSync\Plugin\Admin\SettingsPage();
        ob_start();
        $page->output();
        return ob_get_clean();
    }

    private function save(string $section, array $post): array
    {
        global $current_section;
        $current_section = $section;
        $_POST = ['erpsync' => wp_slash($post)];
        (new ErpSync\Plugin\Admin\SettingsPage())->save();
        $prop = new ReflectionProperty(WC_Admin_Settings::class, 'errors');
        $errors = $prop->getValue();
        $prop->setValue(null, []);
        return $errors;
    }

    public static function pathOverrides(): array
    {
        return [
            'absolute URL' => ['http://127.0.0.1:9/api/v1/Avtentikacija'],
            'https URL' => ['https://collector.example/login'],
            'network path' => ['//collector.example/login'],
            'backslashes' => ['\\\\collector.example\\login'],
            'scheme' => ['javascript:alert(1)'],
            'CR/LF' => ["api/v1/Avtentikacija\r\nX-Injected: 1"],
        ];
    }

    /** @dataProvider pathOverrides */
    public function testAPathOverrideMustStayOnTheConfiguredServer(string $path): void
    {
        $this->configure('vasco', ['overrides' => '{"fields": {"line.sku": "artikel"}}']);
        $errors = $this->save('vasco', ['enabled' => 'yes', 'mode' => 'production', 'production_base_url' => self::$sim->url('vasco'),
            'production_username' => ErpSyncTest\Sim::VASCO_USER, 'production_tax_number' => ErpSyncTest\Sim::VASCO_TAX_NUMBER,
            'numbering' => 'shop', 'overrides' => wp_json_encode(['paths' => ['login' => $path]])]);
        $this->assertStringContainsString('Advanced overrides: paths.login must be a path on the back-office server', implode("\n", $errors));
        $this->assertSame('{"fields": {"line.sku": "artikel"}}', ErpSync\Plugin\Infra\Settings::get('vasco')['overrides'], 'the refused override was not saved');
        // Even an override stored before this rule (or written to the option directly) never reaches the wire.
        ErpSync\Plugin\Infra\Settings::put('vasco', ['overrides' => wp_json_encode(['paths' => ['login' => $path]])]);
        $order = $this->order();
        $order->update_status('processing');
        $this->runQueue();
        $this->assertSame([], self::$sim->requests('vasco'), 'nothing was sent anywhere with the saved credentials');
        $this->assertNotSame('done', $this->row('vasco', $order)['state'] ?? '');
    }

    public function testARelativePathOverrideIsKept(): void
    {
        $this->configure('vasco');
        $this->save('vasco', ['enabled' => 'yes', 'mode' => 'production', 'production_base_url' => self::$sim->url('vasco'),
            'production_username' => ErpSyncTest\Sim::VASCO_USER, 'production_tax_number' => ErpSyncTest\Sim::VASCO_TAX_NUMBER,
            'numbering' => 'shop', 'overrides' => '{"paths": {"login": "api/v1/Avtentikacija"}}']);
        $this->assertSame('{"paths": {"login": "api/v1/Avtentikacija"}}', ErpSync\Plugin\Infra\Settings::get('vasco')['overrides']);
    }

    public function testBackOfficeErrorTextIsPlainTextOnTheSettingsPage(): void
    {
        global $wpdb;
        $this->configure('sors');
        $wpdb->query("DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient%erpsync%'");
        wp_cache_flush();
        self::$sim->fault(['api' => 'sors', 'method' => 'GET', 'path' => '/databases', 'kind' => 'html_error', 'status' => 400, 'count' => 5]);
        $html = $this->page('sors');
        $this->assertStringContainsString('The list could not be loaded', $html);
        $this->assertStringNotContainsString('<a href="https://evil.example/', $html);
        $this->assertStringNotContainsString('<img src="https://evil.example/', $html);
        $this->assertStringNotContainsString('<script>alert', $html);
        $this->assertStringNotContainsString(ErpSyncTest\Sim::SORS_KEY, $html);
    }

    public function testAPlainUninstallRevokesTheLogistosKey(): void
    {
        global $wpdb;
        $this->configure('logistos', ['consent' => 'yes']);
        $r = ErpSync\Plugin\Admin\Actions::handshake(self::$admin);
        $this->assertTrue($r['ok'], $r['message']);
        $keyId = (int) ErpSync\Plugin\Infra\Settings::get('logistos')['api_key_id'];
        $this->assertGreaterThan(0, $keyId);
        $this->assertNotNull($wpdb->get_var($wpdb->prepare("SELECT key_id FROM {$wpdb->prefix}woocommerce_api_keys WHERE key_id = %d", $keyId)));

        delete_option('erpsync_remove_data_on_uninstall'); // the owner keeps the data
        ErpSync\Plugin\Infra\Installer::uninstall();
        $this->assertNull($wpdb->get_var($wpdb->prepare("SELECT key_id FROM {$wpdb->prefix}woocommerce_api_keys WHERE key_id = %d", $keyId)),
            'a plugin that is gone leaves no live REST key');
        $kept = get_option('erpsync_logistos');
        $this->assertIsArray($kept, 'the other settings are kept');
        $this->assertSame(0, (int) $kept['api_key_id']);
        $this->assertSame('yes', $kept['consent']);
        ErpSync\Plugin\Infra\Installer::activate();
    }
}
