<?php
/**
 * The plugin on real WordPress 6.5 + MariaDB, without WooCommerce: what WordPress and the plugin say about what
 * is missing, the tables activation creates, uninstall that keeps data unless the owner opted in.
 */

use PHPUnit\Framework\TestCase;

final class PluginBootstrapTest extends TestCase
{
    private const PLUGIN = 'erpsync/erpsync.php';

    public static function setUpBeforeClass(): void
    {
        require_once WP_PLUGIN_DIR . '/' . self::PLUGIN;
        ErpSync\Plugin\Infra\Installer::activate();
        ErpSync\Plugin\Infra\Environment::boot();
    }

    public function testWordPressRefusesActivationWithoutWooCommerce(): void
    {
        if (class_exists('WooCommerce', false)) {
            $this->markTestSkipped('WooCommerce is present');
        }
        $r = activate_plugin(self::PLUGIN);
        $this->assertInstanceOf(WP_Error::class, $r);
        $this->assertSame('plugin_missing_dependencies', $r->get_error_code());
        $this->assertFalse(is_plugin_active(self::PLUGIN));
    }

    public function testActivationCreatesTheMappingTableWithAUniqueLink(): void
    {
        global $wpdb;
        $t = ErpSync\Plugin\Infra\Installer::map_table();
        $cols = $wpdb->get_results("SHOW INDEX FROM {$t} WHERE Key_name = 'link'", ARRAY_A);
        $this->assertSame(['connector', 'object_type', 'local_id'], array_column($cols, 'Column_name'));
        $this->assertSame('0', (string) $cols[0]['Non_unique']);
        $wpdb->query("DELETE FROM {$t}");
        $row = ['connector' => 'vasco', 'object_type' => 'order', 'local_id' => 1284, 'updated_at' => current_time('mysql', true)];
        $this->assertSame(1, $wpdb->insert($t, $row));
        $wpdb->suppress_errors(true);
        $this->assertFalse($wpdb->insert($t, $row), 'a second row for the same order must be refused by the database');
        $wpdb->suppress_errors(false);
        $this->assertSame('1', $wpdb->get_var("SELECT COUNT(*) FROM {$t}"));
        $this->assertSame(ErpSync\Plugin\Infra\Installer::DB_VERSION, get_option('erpsync_db_version'));
        $wpdb->query("DELETE FROM {$t}");
    }

    public function testActivationTwiceChangesNothing(): void
    {
        global $wpdb;
        ErpSync\Plugin\Infra\Installer::activate();
        $this->assertSame(ErpSync\Plugin\Infra\Installer::log_table(), $wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', ErpSync\Plugin\Infra\Installer::log_table())));
    }

    public function testOneNoticeSaysWhatIsMissingToAdminsOnly(): void
    {
        $missing = ErpSync\Plugin\Infra\Environment::missing();
        $this->assertContains('WooCommerce is not active.', $missing);
        $this->assertCount(1, $missing, 'the extension is loaded in this run, so only WooCommerce is missing');
        wp_set_current_user(1);
        ob_start();
        ErpSync\Plugin\Infra\Environment::admin_notice();
        $html = ob_get_clean();
        $this->assertSame(1, substr_count($html, 'class="notice notice-error erpsync-missing"'));
        $this->assertStringContainsString('<li>WooCommerce is not active.</li>', $html);
        $this->assertStringContainsString('docs/install.md', $html);
        $sub = wp_insert_user(['user_login' => 'sub' . wp_rand(), 'user_pass' => wp_generate_password(), 'role' => 'subscriber']);
        wp_set_current_user($sub);
        ob_start();
        ErpSync\Plugin\Infra\Environment::admin_notice();
        $this->assertSame('', ob_get_clean(), 'a subscriber sees no notice');
        wp_delete_user($sub);
        $this->assertNotFalse(has_action('admin_notices', [ErpSync\Plugin\Infra\Environment::class, 'admin_notice']));
    }

    public function testSiteHealthReportsTheExtension(): void
    {
        $tests = apply_filters('site_status_tests', ['direct' => [], 'async' => []]);
        $this->assertArrayHasKey('erpsync_extension', $tests['direct']);
        $r = call_user_func($tests['direct']['erpsync_extension']['test']);
        $this->assertSame('good', $r['status']);
        $this->assertStringContainsString(ErpSync\version(), $r['label']);
        $this->assertStringContainsString(ErpSync\info()['curl_linked'], $r['label']);
    }

    public function testUninstallKeepsDataUnlessTheOwnerOptedIn(): void
    {
        global $wpdb;
        $t = ErpSync\Plugin\Infra\Installer::map_table();
        delete_option('erpsync_remove_data_on_uninstall');
        ErpSync\Plugin\Infra\Installer::uninstall();
        $this->assertSame($t, $wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $t)));
        update_option('erpsync_remove_data_on_uninstall', 'yes');
        ErpSync\Plugin\Infra\Installer::uninstall();
        $this->assertNull($wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $t)));
        $this->assertFalse(get_option('erpsync_db_version'));
        ErpSync\Plugin\Infra\Installer::activate();
        $this->assertSame($t, $wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $t)));
    }
}
