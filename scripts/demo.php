<?php
/**
 * The main job, run by scripts/demo.sh: one pass of what erpsync does for a shop, against each configured
 * back-office — test the connection, match or create the customer, send an order exactly once (a second
 * send is recognised), read stock and the catalogue.
 *
 * Without ERPSYNC_CONFIG it talks to the built-in simulator (ERPSYNC_SIM_URL, started by demo.sh). With
 * ERPSYNC_CONFIG=/path/settings.json it uses real back-offices: {"vasco": {...}, "sors": {...},
 * "logistos": {...}, "order": {... snapshot ...}} (docs/configuration.md). Secrets are never printed.
 */

declare(strict_types=1);

if (!extension_loaded('erpsync')) {
    fwrite(STDERR, "the erpsync extension is not loaded (php -d extension=modules/erpsync.so)\n");
    exit(1);
}

$cfgFile = getenv('ERPSYNC_CONFIG') ?: '';
$sim = getenv('ERPSYNC_SIM_URL') ?: '';
$requests = 0;
$log = function (array $e) use (&$requests): void {
    $requests++;
};

if ($cfgFile !== '') {
    $cfg = json_decode((string) file_get_contents($cfgFile), true, 64, JSON_THROW_ON_ERROR);
    echo "Using real back-offices from $cfgFile\n";
} else {
    if ($sim === '') {
        fwrite(STDERR, "no ERPSYNC_CONFIG and no ERPSYNC_SIM_URL: start it through scripts/demo.sh\n");
        exit(1);
    }
    echo "Using the built-in back-office simulator at $sim\n";
    $cfg = [
        'vasco' => ['base_url' => "$sim/vasco", 'username' => 'vasco', 'password' => 'vasco-pass', 'tax_number' => '12345678',
            'payment_methods' => ['bacs' => 3, 'cod' => 4], 'shipping_article' => 'DOSTAVA', 'email_blacklist' => 'test@example.com'],
        'sors' => ['base_url' => "$sim/sors", 'api_key' => 'sors-test-key', 'mode' => 'test', 'business_unit' => '1',
            'document_type' => 'invoice', 'shipping_sku' => 'DOSTAVA', 'price_type' => 'MP', 'stock_mode' => 'available'],
        'sitoo' => ['base_url' => "$sim/sitoo/v2/accounts/10020", 'api_id' => 'sitoo-user', 'password' => 'sitoo-pass',
            'click_and_collect_methods' => ['local_pickup']],
        'logistos' => ['handshake_url' => "$sim/logistos/integration/integrate_woo_commerce",
            'orders_url' => "$sim/logistos/integration/woo_commerce_orders"],
    ];
}

$order = $cfg['order'] ?? [
    'id' => 1001, 'number' => '1001', 'status' => 'processing', 'currency' => 'EUR', 'date_created' => gmdate('Y-m-d\TH:i:s\Z'),
    'prices_include_tax' => false, 'payment_method' => 'bacs', 'payment_method_title' => 'Bank transfer',
    'total' => '61.12', 'total_tax' => '11.02', 'discount_total' => '4.00', 'discount_tax' => '0.88', 'shipping_total' => '4.10', 'customer_note' => '',
    'billing' => ['first_name' => 'Ana', 'last_name' => 'Novak', 'company' => '', 'address_1' => 'Trubarjeva 1', 'city' => 'Maribor',
        'postcode' => '2000', 'country' => 'SI', 'email' => 'ana.novak@example.si', 'phone' => '+38631000000'],
    'line_items' => [
        ['id' => 1, 'product_id' => 10, 'name' => 'Kava 1 kg', 'sku' => 'ART-000001', 'quantity' => '2', 'subtotal' => '40.00', 'subtotal_tax' => '8.80',
         'total' => '36.00', 'total_tax' => '7.92', 'tax_rate_percent' => '22'],
        ['id' => 2, 'product_id' => 11, 'name' => 'Skodelica', 'sku' => 'ART-000002', 'quantity' => '1', 'subtotal' => '10.00', 'subtotal_tax' => '2.20',
         'total' => '10.00', 'total_tax' => '2.20', 'tax_rate_percent' => '22'],
    ],
    'shipping_lines' => [['id' => 3, 'method_id' => 'flat_rate', 'method_title' => 'Pošta', 'total' => '4.10', 'total_tax' => '0.90', 'tax_rate_percent' => '22']],
];
$customer = ['id' => 0, 'order_id' => $order['id'], 'email' => $order['billing']['email'], 'first_name' => $order['billing']['first_name'],
    'last_name' => $order['billing']['last_name'], 'company' => $order['billing']['company'] ?? '', 'vat_number' => $order['vat_number'] ?? '',
    'address_1' => $order['billing']['address_1'], 'city' => $order['billing']['city'], 'postcode' => $order['billing']['postcode'],
    'country' => $order['billing']['country'], 'phone' => $order['billing']['phone'] ?? ''];

$failures = 0;
function step(string $what, callable $fn): mixed
{
    global $failures;
    try {
        $t = microtime(true);
        $r = $fn();
        printf("  %-44s %s (%.0f ms)\n", $what, is_string($r) ? $r : 'ok', (microtime(true) - $t) * 1000);
        return $r;
    } catch (ErpSync\Exception $e) {
        $failures++;
        printf("  %-44s FAILED: %s: %s\n", $what, (new ReflectionClass($e))->getShortName(), $e->getMessage());
        return null;
    }
}

printf("erpsync %s (libcurl %s, json-c %s)\n", ErpSync\version(), ErpSync\info()['curl_linked'], ErpSync\info()['json_c_linked']);

foreach (['vasco' => ErpSync\Connector\Vasco::class, 'sors' => ErpSync\Connector\Sors::class, 'sitoo' => ErpSync\Connector\Sitoo::class,
    'logistos' => ErpSync\Connector\Logistos::class] as $name => $class) {
    if (!isset($cfg[$name])) {
        continue;
    }
    echo "\n== " . strtoupper($name) . "\n";
    $c = null;
    step('settings', function () use (&$c, $class, $cfg, $name, $log) {
        $c = new $class($cfg[$name] + ['log' => $log, 'retry' => ['max_attempts' => 4, 'base_delay_ms' => 200]]);
        return 'valid';
    });
    if (!$c) {
        continue;
    }
    step('test connection', function () use ($c) { $t = $c->testConnection(); if (!$t['ok']) throw new ErpSync\Exception($t['message']); return $t['message']; });
    if ($name === 'logistos') {
        step('handshake (after the owner\'s consent)', fn() => $c->handshake(['store_url' => 'https://shop.example',
            'consumer_key' => 'ck_' . str_repeat('a', 40), 'consumer_secret' => 'cs_' . str_repeat('b', 40)]) ? 'accepted' : '');
        step('send order ' . $order['number'], fn() => 'sent as ' . $c->exportOrder($order)['remote_id']);
        continue;
    }
    if ($name === 'sitoo') {
        step('send order ' . $order['number'], function () use ($c, $order) { $r = $c->exportOrder($order); return ($r['created'] ? 'created ' : 'already there: ') . $r['remote_id']; });
        step('send the same order again', function () use ($c, $order) { $r = $c->exportOrder($order); return ($r['created'] ? 'DUPLICATE created ' : 'recognised, not sent again: ') . $r['remote_id']; });
        step('stock change for 1,500 SKUs', function () use ($c) {
            $ch = [];
            for ($i = 1; $i <= 1500; $i++) { $ch[sprintf('SKU-%06d', 1000 + $i)] = '1'; }
            return count($c->adjustStock($ch, 'demo-' . time())) . ' warehouse transactions';
        });
        step('warehouse items', fn() => $c->fetchWarehouseItems(fn() => true, 1000) . ' items');
        step('orders to import (Store2Door)', fn() => $c->fetchOrders(fn() => true, 0, true) . ' orders read');
        continue;
    }
    $ctx = [];
    if ($name === 'vasco') {
        step('blacklist check', fn() => $c->isBlacklisted($order['billing']['email']) ? 'blacklisted' : 'not blacklisted');
    }
    step('find or create the customer', function () use ($c, $customer, &$ctx) {
        $f = $c->findCustomer($customer);
        if ($f) { $ctx['customer_remote_id'] = $f['remote_id']; return "found {$f['remote_id']} by {$f['matched_by']}"; }
        $n = $c->createCustomer($customer);
        $ctx['customer_remote_id'] = $n['remote_id'];
        return "created {$n['remote_id']}";
    });
    step('send order ' . $order['number'], function () use ($c, $order, $ctx) {
        $r = $c->exportOrder($order, $ctx);
        return ($r['created'] ? 'created ' : 'already there: ') . $r['remote_number'];
    });
    step('send the same order again', function () use ($c, $order, $ctx) {
        $r = $c->exportOrder($order, $ctx);
        return ($r['created'] ? 'DUPLICATE created ' : 'recognised, not sent again: ') . $r['remote_number'];
    });
    if ($name === 'vasco') {
        step('stock of the ordered articles', fn() => implode(', ', array_map(fn($s) => "{$s['code']}={$s['total']}", $c->fetchStock(array_column($order['line_items'], 'sku')))));
        step('catalogue', fn() => $c->fetchProducts(fn() => true, 1000) . ' articles');
    } else {
        step('catalogue', fn() => $c->fetchProducts(fn() => true, 500) . ' products');
        step('stock', fn() => $c->fetchStock(fn() => true, 500) . ' stock rows');
    }
}
echo "\n$requests HTTP requests; " . ($failures ? "$failures step(s) failed" : 'every step succeeded') . "\n";
exit($failures ? 1 : 0);
