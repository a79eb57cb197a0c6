<?php
/**
 * WooCommerce → Settings → ERP Sync on real WooCommerce: what is saved from a posted form (sanitised, secrets
 * kept or cleared, bad values refused with the field named), what the page shows (never a secret), the lists
 * loaded from the back-office, Test connection in words, and the refusals (no nonce, no capability).
 */

require_once __DIR__ . '/WcTestCase.php';

final class SettingsTest extends WcTestCase
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

    private function save(string $section, array $post): void
    {
        global $current_section;
        $current_section = $section;
        $_POST = ['erpsync' => wp_slash($post)];
        (new ErpSync\Plugin\Admin\SettingsPage())->save();
    }

    private function shopManagerWithoutRights(): int
    {
        $uid = wp_insert_user(['user_login' => 'manager' . wp_rand(), 'user_pass' => wp_generate_password(), 'role' => 'shop_manager']);
        $user = new WP_User($uid);
        $user->add_cap('manage_woocommerce', false);
        return $uid;
    }

    public function testTheTabHasASectionPerConnector(): void
    {
        $pages = apply_filters('woocommerce_get_settings_pages', []);
        $ours = array_values(array_filter($pages, fn($p) => $p instanceof ErpSync\Plugin\Admin\SettingsPage));
        $this->assertCount(1, $ours);
        $this->assertSame(['', 'sors', 'vasco', 'sitoo', 'logistos'], array_keys($ours[0]->get_sections()));
    }

    public function testSecretsAreNeverEchoedAndKeptWhenLeftEmpty(): void
    {
        $this->configure('vasco', ['demo_password' => 'demo-secret-Zq9']);
        $html = $this->page('vasco');
        $this->assertStringNotContainsString(ErpSyncTest\Sim::VASCO_PASSWORD, $html);
        $this->assertStringNotContainsString('demo-secret-Zq9', $html);
        $this->assertMatchesRegularExpression('/name="erpsync\[production_password\]"[^>]*type="password"[^>]*value=""/s', $html);
        $this->assertStringContainsString('saved (leave empty to keep)', $html);

        // Saving the form with the password fields empty keeps them; a new value replaces; "remove" clears.
        $this->save('vasco', ['enabled' => 'yes', 'mode' => 'production', 'production_base_url' => self::$sim->url('vasco'),
            'production_username' => 'vasco', 'production_password' => '', 'production_tax_number' => '12345678',
            'demo_password' => '', 'demo_password_clear' => '1', 'numbering' => 'shop', 'statuses' => ['processing', 'wc-bogus'],
            'payment_codes' => ['bacs' => '7', 'cod' => ''], 'warehouse' => '2', 'email_blacklist' => "a@b.si\n<script>x</script>"]);
        $s = ErpSync\Plugin\Infra\Settings::get('vasco');
        $this->assertSame(ErpSyncTest\Sim::VASCO_PASSWORD, $s['production_password']);
        $this->assertSame('', $s['demo_password']);
        $this->assertSame(['processing'], $s['statuses'], 'an unknown status is dropped');
        $this->assertSame('7', $s['payment_codes']['bacs']);
        $this->assertStringNotContainsString('<script>', $s['email_blacklist']);
        $this->assertSame(7, ErpSync\Plugin\Infra\Settings::connector_settings('vasco')['payment_methods']['bacs']);
    }

    public function testBadValuesAreRefusedWithTheFieldNamedAndTheRestSaved(): void
    {
        $this->configure('sors');
        $this->save('sors', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => 'ftp://sors.example', 'database' => 'Shop2026',
            'business_unit' => '2', 'document_type' => 'nonsense', 'overrides' => '{"paths": ', 'test_database' => 'Demo2']);
        $errors = (new ReflectionProperty(WC_Admin_Settings::class, 'errors'))->getValue();
        $text = implode("\n", $errors);
        $this->assertStringContainsString('API address: an http:// or https:// address is expected.', $text);
        $this->assertStringContainsString('Document type for orders: pick one of the listed values.', $text);
        $this->assertStringContainsString('Advanced overrides: not valid JSON', $text);
        $s = ErpSync\Plugin\Infra\Settings::get('sors');
        $this->assertSame(self::$sim->url('sors'), $s['base_url'], 'the bad URL was not saved');
        $this->assertSame('invoice', $s['document_type']);
        $this->assertSame('2', $s['business_unit'], 'the good fields were saved');
        (new ReflectionProperty(WC_Admin_Settings::class, 'errors'))->setValue(null, []);
    }

    public function testSorsDatabaseAndBusinessUnitArePickedFromListsLoadedFromTheApi(): void
    {
        $this->configure('sors');
        $html = $this->page('sors');
        $this->assertMatchesRegularExpression('/<select[^>]*name="erpsync\[database\]".*?<option value="Shop2026"\s+selected/s', $html);
        $this->assertStringContainsString('2 – Prodavnica Novi Sad', $html);
        $this->assertStringNotContainsString(ErpSyncTest\Sim::SORS_KEY, $html);
        // A value that is not in the list is refused.
        $this->save('sors', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => self::$sim->url('sors'), 'database' => 'Nope', 'business_unit' => '1', 'document_type' => 'invoice']);
        $this->assertSame('Shop2026', ErpSync\Plugin\Infra\Settings::get('sors')['database']);
        (new ReflectionProperty(WC_Admin_Settings::class, 'errors'))->setValue(null, []);
    }

    public function testOverridesReachTheConnector(): void
    {
        $this->configure('vasco', ['overrides' => '{"fields": {"line.sku": "artikel"}}']);
        $order = $this->order();
        $order->update_status('processing');
        $this->runQueue();
        $post = $this->posts('vasco', 'POST', '#narociloKupca$#')[0];
        $this->assertSame('ART-000001', json_decode($post['body'], true)['postavke'][0]['artikel']);
    }

    public function testTestConnectionReportsInWordsWithoutSecrets(): void
    {
        $this->configure('vasco');
        $_GET = $_REQUEST = ['connector' => 'vasco', '_wpnonce' => wp_create_nonce('erpsync_test_connection_vasco')];
        try {
            ErpSync\Plugin\Admin\Actions::test_connection();
            $this->fail('redirect expected');
        } catch (Redirected $r) {
            $this->assertStringContainsString('section=vasco', $r->location);
        }
        $html = $this->page('vasco');
        $this->assertStringContainsString('Connected to VASCO', $html);
        $this->assertStringContainsString('notice-success', $html);

        ErpSync\Plugin\Infra\Settings::put('vasco', ['production_password' => 'wrong-pass-Xy7']);
        try {
            ErpSync\Plugin\Admin\Actions::test_connection();
        } catch (Redirected $r) {
        }
        $html = $this->page('vasco');
        $this->assertStringContainsString('notice-error', $html);
        $this->assertStringNotContainsString('wrong-pass-Xy7', $html);
    }

    public function testActionsRefuseWithoutNonceAndWithoutCapability(): void
    {
        $this->configure('vasco');
        $order = $this->order();
        // No nonce: refused before anything happens.
        $_GET = $_REQUEST = ['connector' => 'vasco', 'order_id' => (string) $order->get_id()];
        try {
            ErpSync\Plugin\Admin\Actions::retry();
            $this->fail('refusal expected');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        $this->assertNull($this->row('vasco', $order));
        // A shop manager whose manage_woocommerce was taken away: refused even with a valid nonce of their own.
        wp_set_current_user($this->shopManagerWithoutRights());
        $_GET = $_REQUEST = ['connector' => 'vasco', 'order_id' => (string) $order->get_id(), '_wpnonce' => wp_create_nonce('erpsync_retry_' . $order->get_id() . '_vasco')];
        foreach (['retry', 'test_connection', 'logistos_connect'] as $action) {
            try {
                ErpSync\Plugin\Admin\Actions::$action();
                $this->fail("$action: refusal expected");
            } catch (WpDie $e) {
                $this->assertSame(403, $e->status, $action);
            }
        }
        try {
            (new ErpSync\Plugin\Admin\SettingsPage())->save();
            $this->fail('refusal expected');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        try {
            ErpSync\Plugin\Admin\OrderUi::handle_bulk('x', 'erpsync_send', [$order->get_id()]);
            $this->fail('refusal expected');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        $this->assertArrayNotHasKey('erpsync_send', ErpSync\Plugin\Admin\OrderUi::bulk_actions([]));
        $this->assertNull($this->row('vasco', $order), 'nothing was queued');
        $this->assertSame([], $this->pending());
    }

    public function testAChangedAddressClearsTheSavedSecretsAndOverridesCannotRedirect(): void
    {
        $this->configure('sors');
        $this->save('sors', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => 'https://collector.example', 'api_key' => '',
            'database' => 'Shop2026', 'business_unit' => '1', 'document_type' => 'invoice']);
        $errors = implode("\n", (new ReflectionProperty(WC_Admin_Settings::class, 'errors'))->getValue());
        (new ReflectionProperty(WC_Admin_Settings::class, 'errors'))->setValue(null, []);
        $this->assertStringContainsString('API address changed: the saved passwords and keys of this back-office were removed', $errors);
        $s = ErpSync\Plugin\Infra\Settings::get('sors');
        $this->assertSame('https://collector.example', $s['base_url']);
        $this->assertSame('', $s['api_key'], 'the key does not follow the address to another server');
        // A new address with the key typed again keeps it.
        $this->save('sors', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => self::$sim->url('sors'), 'api_key' => ErpSyncTest\Sim::SORS_KEY,
            'database' => 'Shop2026', 'business_unit' => '1', 'document_type' => 'invoice']);
        (new ReflectionProperty(WC_Admin_Settings::class, 'errors'))->setValue(null, []);
        $this->assertSame(ErpSyncTest\Sim::SORS_KEY, ErpSync\Plugin\Infra\Settings::get('sors')['api_key']);
        // Overrides cannot point the saved key elsewhere either.
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('base_url cannot be overridden here');
        ErpSync\Plugin\Infra\Settings::parse_overrides('{"base_url": "https://collector.example"}');
    }
}
