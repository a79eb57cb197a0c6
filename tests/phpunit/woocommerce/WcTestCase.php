<?php
/**
 * Base of the tests on real WooCommerce (site wc_, WooCommerce from $WC_DIR, erpsync active) against the
 * simulator over loopback. Orders are made through the WooCommerce CRUD exactly as checkout makes them; the queue
 * is real Action Scheduler, run the way its runner runs it. Without WooCommerce every test is skipped with the
 * reason.
 */

require_once dirname(__DIR__) . '/SimTestCase.php';

final class WpDie extends RuntimeException
{
    public function __construct(string $message, public int $status)
    {
        parent::__construct($message, $status);
    }
}

final class Redirected extends RuntimeException
{
    public function __construct(public string $location)
    {
        parent::__construct("redirect to $location");
    }
}

abstract class WcTestCase extends SimTestCase
{
    /** @return array{0: int, 1: string, 2: string} exit code, stdout, stderr of real WP-CLI on this site (tests/wp/wp-cli.sh) */
    protected function wp(string ...$args): array
    {
        $cmd = array_merge([dirname(__DIR__, 2) . '/wp/wp-cli.sh'], $args);
        $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['ERPSYNC_WP_PREFIX' => 'wc_'] + getenv());
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($p), $out, $err];
    }

    protected static int $admin = 1;

    public static function setUpBeforeClass(): void
    {
        if (!class_exists('WooCommerce', false)) {
            self::markTestSkipped('WooCommerce is not installed: no registry here serves it; give a WooCommerce plugin directory in $WC_DIR (docs/testing.md)');
        }
        parent::setUpBeforeClass();
        $hpos = Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled();
        if (getenv('ERPSYNC_HPOS') !== false && $hpos !== (getenv('ERPSYNC_HPOS') === '1')) {
            throw new RuntimeException('HPOS is ' . ($hpos ? 'on' : 'off') . ' but ERPSYNC_HPOS=' . getenv('ERPSYNC_HPOS'));
        }
        self::shop();
    }

    /** A Slovenian shop: EUR, taxes on, 22 % standard rate, bank transfer and cash on delivery. */
    private static function shop(): void
    {
        global $wpdb;
        update_option('woocommerce_currency', 'EUR');
        update_option('woocommerce_default_country', 'SI');
        update_option('woocommerce_calc_taxes', 'yes');
        update_option('woocommerce_prices_include_tax', 'no');
        update_option('woocommerce_tax_based_on', 'billing');
        if (!$wpdb->get_var("SELECT tax_rate_id FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_country = 'SI' AND tax_rate_class = ''")) {
            WC_Tax::_insert_tax_rate(['tax_rate_country' => 'SI', 'tax_rate_state' => '', 'tax_rate' => '22.0000', 'tax_rate_name' => 'DDV 22 %',
                'tax_rate_priority' => 1, 'tax_rate_compound' => 0, 'tax_rate_shipping' => 1, 'tax_rate_order' => 1, 'tax_rate_class' => '']);
        }
        update_option('woocommerce_bacs_settings', ['enabled' => 'yes', 'title' => 'Bank transfer']);
        update_option('woocommerce_cod_settings', ['enabled' => 'yes', 'title' => 'Cash on delivery']);
        wp_set_current_user(self::$admin);
        add_filter('pre_wp_mail', '__return_false'); // WooCommerce mails the customer on status changes
    }

    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        as_unschedule_all_actions('', [], 'erpsync');
        // The simulator was reset: a connector kept for the process would answer from the last test's partner index.
        ErpSync\Plugin\Infra\Connectors::forget();
        foreach (ErpSync\Plugin\Infra\Settings::CONNECTORS as $id) {
            delete_option('erpsync_' . $id);
        }
        delete_option(ErpSync\Plugin\Orders\Pipeline::BLACKLIST_COUNT_OPTION);
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::log_table());
        wp_set_current_user(self::$admin);
        add_filter('wp_die_handler', [$this, 'dieHandler']);
        add_filter('wp_redirect', [$this, 'redirectHandler']);
    }

    protected function tearDown(): void
    {
        remove_filter('wp_die_handler', [$this, 'dieHandler']);
        remove_filter('wp_redirect', [$this, 'redirectHandler']);
        $_GET = $_POST = $_REQUEST = [];
        parent::tearDown();
    }

    public function dieHandler(): callable
    {
        return static function ($message, $title = '', $args = []) {
            $status = is_array($args) && isset($args['response']) ? (int) $args['response'] : 500;
            throw new WpDie(is_string($message) ? $message : 'wp_die', $status);
        };
    }

    public function redirectHandler($location): void
    {
        throw new Redirected((string) $location);
    }

    /** Enables a connector against the simulator. */
    protected function configure(string $id, array $over = []): void
    {
        $base = [
            'vasco' => ['mode' => 'production', 'production_base_url' => self::$sim->url('vasco'), 'production_username' => ErpSyncTest\Sim::VASCO_USER,
                'production_password' => ErpSyncTest\Sim::VASCO_PASSWORD, 'production_tax_number' => ErpSyncTest\Sim::VASCO_TAX_NUMBER,
                'payment_codes' => ['bacs' => '3', 'cod' => '4'], 'shipping_article' => 'DOSTAVA', 'fee_article' => 'PROVIZIJA'],
            'sors' => ['mode' => 'live', 'base_url' => self::$sim->url('sors'), 'api_key' => ErpSyncTest\Sim::SORS_KEY, 'database' => 'Shop2026',
                'business_unit' => '1', 'document_type' => 'invoice', 'shipping_sku' => 'DOSTAVA'],
            'sitoo' => ['mode' => 'live', 'base_url' => self::$sim->url('sitoo'), 'api_id' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD,
                'siteid' => '1', 'warehouse_id' => '1', 'shipping_sku' => 'SHIPPING'],
            'logistos' => ['handshake_url' => self::$sim->url('logistos') . '/integration/integrate_woo_commerce',
                'orders_url' => self::$sim->url('logistos') . '/integration/woo_commerce_orders'],
        ][$id];
        ErpSync\Plugin\Infra\Settings::put($id, array_merge(['enabled' => 'yes'], $base, $over));
    }

    /** A product (cached by SKU). */
    protected function product(string $sku, string $price, string $ean = ''): WC_Product_Simple
    {
        $id = wc_get_product_id_by_sku($sku);
        if ($id) {
            return wc_get_product($id);
        }
        $p = new WC_Product_Simple();
        $p->set_name("Product $sku");
        $p->set_sku($sku);
        $p->set_regular_price($price);
        if ($ean !== '' && method_exists($p, 'set_global_unique_id')) {
            $p->set_global_unique_id($ean);
        }
        $p->save();
        return $p;
    }

    /**
     * An order as checkout creates it (status pending): two lines, shipping, bank transfer, billing in Slovenia.
     */
    protected function order(array $o = []): WC_Order
    {
        $order = wc_create_order(['status' => 'pending', 'customer_id' => $o['customer_id'] ?? 0]);
        $order->add_product($this->product('ART-000001', '18.00', '3830000000015'), 2);
        $order->add_product($this->product('ART-000002', '84.00', '3830000000022'), 1);
        $billing = ($o['billing'] ?? []) + ['first_name' => 'Maja', 'last_name' => 'Horvat', 'company' => '', 'address_1' => 'Dunajska cesta 5',
            'city' => 'Ljubljana', 'postcode' => '1000', 'country' => 'SI', 'email' => 'maja@example.si', 'phone' => '+38640111222'];
        $order->set_address($billing, 'billing');
        $order->set_address($billing, 'shipping');
        $ship = new WC_Order_Item_Shipping();
        $ship->set_method_id($o['shipping_method'] ?? 'flat_rate');
        $ship->set_method_title('Pošta Slovenije');
        $ship->set_total('4.10');
        $order->add_item($ship);
        $order->set_payment_method($o['payment_method'] ?? 'bacs');
        $order->set_payment_method_title('Bank transfer');
        foreach ($o['meta'] ?? [] as $k => $v) {
            $order->update_meta_data($k, $v);
        }
        $order->calculate_totals(true);
        $order->save();
        return wc_get_order($order->get_id());
    }

    /** Pending erpsync actions, optionally of one hook: [[hook, args, timestamp]]. */
    protected function pending(?string $hook = null): array
    {
        $out = [];
        $store = ActionScheduler::store();
        foreach ($store->query_actions(['group' => 'erpsync', 'status' => ActionScheduler_Store::STATUS_PENDING, 'per_page' => 200]) as $id) {
            $a = $store->fetch_action($id);
            if ($hook === null || $a->get_hook() === $hook) {
                $out[] = ['id' => (int) $id, 'hook' => $a->get_hook(), 'args' => $a->get_args(), 'time' => $store->get_date($id)->getTimestamp()];
            }
        }
        return $out;
    }

    /** Runs every due erpsync action the way the queue runner does (also those due later, with $all). */
    protected function runQueue(bool $all = false, int $max = 50): int
    {
        $n = 0;
        while ($n < $max) {
            $due = array_values(array_filter($this->pending(), fn($a) => $all || $a['time'] <= time()));
            if (!$due) {
                break;
            }
            ActionScheduler::runner()->process_action($due[0]['id'], 'erpsync tests');
            $n++;
        }
        return $n;
    }

    protected function notes(WC_Order $order): array
    {
        return array_map(fn($n) => $n->content, wc_get_order_notes(['order_id' => $order->get_id()]));
    }

    protected function posts(string $api, string $method, string $pathRegex): array
    {
        return array_values(array_filter(self::$sim->requests($api), fn($q) => $q['method'] === $method && preg_match($pathRegex, $q['path'])));
    }

    protected function row(string $connector, WC_Order $order): ?array
    {
        return ErpSync\Plugin\Infra\Mapping::get($connector, 'order', $order->get_id());
    }
}
