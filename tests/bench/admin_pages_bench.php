<?php
/**
 * How fast the tabs of WooCommerce → ERP Sync are with a big history: fills the wc_ test site's erpsync tables with
 * N mapping rows (default 100,000) and M request-log rows (default 1,000,000), renders each tab as WordPress would
 * (Admin\Dashboard::page() as the admin, output discarded) several times and prints the median time per tab and the
 * query plans (EXPLAIN) of the main queries. The tables are emptied again at the end (--keep leaves them).
 *
 *   tests/bench/run admin-pages [--map 100000] [--log 1000000] [--runs 5] [--keep] [--reuse] [--profile]
 *   (--reuse: keep the rows of an earlier --keep run; --profile: the three slowest queries of each tab)
 *
 * Needs the wc_ site (tests/wp/install.sh with WC_DIR; ERPSYNC_WP_PREFIX=wc_ is set by tests/bench/run).
 */
$opt = getopt('', ['map:', 'log:', 'runs:', 'keep', 'reuse', 'profile']);
if (isset($opt['profile'])) {
    define('SAVEQUERIES', true);
}
$nMap = (int) ($opt['map'] ?? 100000);
$nLog = (int) ($opt['log'] ?? 1000000);
$runs = (int) ($opt['runs'] ?? 5);
$_SERVER['HTTP_HOST'] = '127.0.0.1:8089';
$_SERVER['REQUEST_URI'] = '/wp-admin/admin.php?page=erpsync';
require dirname(__DIR__, 2) . '/.work/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
wp_set_current_user(1);
global $wpdb;
$map = ErpSync\Plugin\Infra\Installer::map_table();
$log = ErpSync\Plugin\Infra\Installer::log_table();
ErpSync\Plugin\Infra\Installer::activate(); // indexes of this version
$t0 = microtime(true);
$now = time();
if (!isset($opt['reuse'])) {
$wpdb->query("TRUNCATE TABLE $map");
$wpdb->query("TRUNCATE TABLE $log");

// Mapping rows: 4 back-offices × N/4 orders; 85 % sent, 6 % stopped (12 reasons), 4 % waiting, 3 % blacklisted
// (VASCO), rest queued; changed over the last 60 days. Built 1,000 rows per INSERT.
$conns = ['sors', 'vasco', 'sitoo', 'logistos'];
$reasons = [];
for ($i = 0; $i < 12; $i++) {
    $reasons[] = "payment method \"gw$i\" has no VASCO payment code (settings.payment_methods)";
}
$now = time();
$rows = [];
$flush = static function () use (&$rows, $wpdb, $map) {
    if ($rows) {
        $wpdb->query("INSERT INTO $map (connector, object_type, local_id, remote_id, remote_number, state, attempts, last_error, updated_at) VALUES " . implode(',', $rows));
        $rows = [];
    }
};
mt_srand(42);
for ($i = 0; $i < $nMap; $i++) {
    $c = $conns[$i % 4];
    $id = 100000 + intdiv($i, 4);
    $r = mt_rand(1, 100);
    $state = $r <= 85 ? 'done' : ($r <= 91 ? 'failed' : ($r <= 95 ? 'retry' : ($r <= 98 && $c === 'vasco' ? 'blacklisted' : 'queued')));
    $err = $state === 'failed' ? "order $id: " . $reasons[mt_rand(0, 11)] : ($state === 'retry' ? 'connection refused' : '');
    $num = $state === 'done' ? strtoupper($c) . '-' . $id : '';
    $rows[] = $wpdb->prepare('(%s, %s, %d, %s, %s, %s, %d, %s, %s)', $c, 'order', $id, $num, $num, $state, $state === 'done' ? 1 : mt_rand(1, 8), $err,
        gmdate('Y-m-d H:i:s', $now - mt_rand(0, 60 * 86400)));
    if (count($rows) === 1000) {
        $flush();
    }
}
$flush();
// Request log: 1,000 distinct rows, then doubled with INSERT … SELECT until M rows (spread over 14 days).
$seedRows = [];
for ($i = 0; $i < min(1000, $nLog); $i++) {
    $c = $conns[$i % 4];
    $st = [200, 200, 200, 201, 404, 500, 0][$i % 7];
    $seedRows[] = $wpdb->prepare('(%s, %s, %s, %d, %d, %d, %s, %s, %s, %s)', $c, $i % 3 ? 'GET' : 'POST', "https://api.$c.example/v1/orders?id=$i", $st, mt_rand(5, 900), 1,
        '{"order":' . $i . ',"lines":[{"sku":"ART-' . $i . '","qty":1}]}', '{"id":' . $i . ',"status":"ok"}', $st === 0 ? 'connection refused' : '', gmdate('Y-m-d H:i:s', $now - mt_rand(0, 14 * 86400)));
}
$wpdb->query("INSERT INTO $log (connector, method, url, status, duration_ms, attempt, request_excerpt, response_excerpt, error, created_at) VALUES " . implode(',', $seedRows));
while (($have = (int) $wpdb->get_var("SELECT COUNT(*) FROM $log")) < $nLog) {
    $take = min($have, $nLog - $have);
    $wpdb->query("INSERT INTO $log (connector, method, url, status, duration_ms, attempt, request_excerpt, response_excerpt, error, created_at)
        SELECT connector, method, url, status, duration_ms, attempt, request_excerpt, response_excerpt, error, DATE_SUB(created_at, INTERVAL FLOOR(RAND() * 3600) SECOND) FROM $log ORDER BY id LIMIT $take");
}
}
printf((isset($opt['reuse']) ? 'reusing' : 'seeded') . " %s mapping rows and %s request-log rows in %.1f s\n", number_format((int) $wpdb->get_var("SELECT COUNT(*) FROM $map")),
    number_format((int) $wpdb->get_var("SELECT COUNT(*) FROM $log")), microtime(true) - $t0);
$wpdb->query("ANALYZE TABLE $map, $log");
ErpSync\Plugin\Infra\Settings::put('vasco', ['enabled' => 'yes', 'email_blacklist' => "spam@bot.si\n*@mailinator.example"]);
ErpSync\Plugin\Infra\Settings::put('sors', ['enabled' => 'yes']);

$views = [
    'overview' => ['tab' => 'overview'],
    'activity' => ['tab' => 'activity'],
    'orders (all, page 1)' => ['tab' => 'orders'],
    'orders (VASCO stopped)' => ['tab' => 'orders', 'connector' => 'vasco', 'state' => 'failed'],
    'orders (page 2,000)' => ['tab' => 'orders', 'paged' => '2000'],
    'orders (search #123456)' => ['tab' => 'orders', 's' => '123456'],
    'orders (last 7 days)' => ['tab' => 'orders', 'from' => wp_date('Y-m-d', $now - 7 * 86400)],
    'blacklist' => ['tab' => 'blacklist'],
    'sync runs' => ['tab' => 'runs'],
    'request log (newest)' => ['tab' => 'log'],
    'request log (VASCO, 5xx)' => ['tab' => 'log', 'connector' => 'vasco', 'outcome' => 'server'],
    'request log (older, page ~500)' => ['tab' => 'log', 'before' => (string) ((int) $wpdb->get_var("SELECT MAX(id) FROM $log") - 25000)],
    'request log (address contains)' => ['tab' => 'log', 'q' => 'id=777'],
    'request log (text found nowhere)' => ['tab' => 'log', 'q' => 'no-such-text'],
    'request log (one day)' => ['tab' => 'log', 'from' => wp_date('Y-m-d', $now - 3 * 86400), 'to' => wp_date('Y-m-d', $now - 3 * 86400)],
    'API tester (form)' => ['tab' => 'tester'],
];
printf("\n%-34s %10s %10s %8s\n", 'tab (WooCommerce → ERP Sync)', 'median ms', 'max ms', 'queries');
foreach ($views as $label => $get) {
    $times = [];
    $q = 0;
    for ($r = 0; $r < $runs; $r++) {
        $_GET = $_REQUEST = ['page' => 'erpsync'] + $get;
        $before = $wpdb->num_queries;
        $t = microtime(true);
        ob_start();
        ErpSync\Plugin\Admin\Dashboard::page();
        ob_end_clean();
        $times[] = 1000 * (microtime(true) - $t);
        $q = $wpdb->num_queries - $before;
    }
    sort($times);
    printf("%-34s %10.1f %10.1f %8d\n", $label, $times[intdiv(count($times), 2)], end($times), $q);
    if (isset($opt['profile'])) {
        $last = array_slice($wpdb->queries, -$q);
        usort($last, fn($a, $b) => $b[1] <=> $a[1]);
        foreach (array_slice($last, 0, 3) as $lq) {
            printf("      %7.1f ms  %s\n", 1000 * $lq[1], substr(preg_replace('/\s+/', ' ', $lq[0]), 0, 150));
        }
        $wpdb->queries = [];
    }
}
// The orders-list filter by back-office state (HPOS clause), with the list's own query.
$t = microtime(true);
$ids = wc_get_orders(['limit' => 20, 'return' => 'ids', 'erpsync_state' => ['vasco', 'failed']]);
printf("%-34s %10.1f\n", 'orders list filter (VASCO stopped)', 1000 * (microtime(true) - $t));
// Site Health section.
$t = microtime(true);
apply_filters('debug_information', []);
printf("%-34s %10.1f\n", 'Site Health info section', 1000 * (microtime(true) - $t));

echo "\nquery plans:\n";
$f = ErpSync\Plugin\Admin\Query\OrdersQuery::filters(['connector' => 'vasco', 'state' => 'failed']);
foreach ([
    'orders page (filtered)' => "SELECT id FROM $map WHERE object_type = 'order' AND connector = 'vasco' AND state = 'failed' ORDER BY updated_at DESC, id DESC LIMIT 20",
    'orders page (all)' => "SELECT id FROM $map WHERE object_type = 'order' ORDER BY updated_at DESC, id DESC LIMIT 20 OFFSET 40000",
    'request log (newest)' => "SELECT id FROM $log WHERE 1=1 ORDER BY id DESC LIMIT 51",
    'request log (VASCO)' => "SELECT id FROM $log WHERE connector = 'vasco' AND status >= 500 ORDER BY id DESC LIMIT 51",
    'last call per back-office' => "SELECT id FROM $log WHERE connector = 'sors' ORDER BY created_at DESC, id DESC LIMIT 1",
] as $label => $sql) {
    $e = $wpdb->get_results("EXPLAIN $sql", ARRAY_A);
    printf("  %-28s key=%s rows=%s extra=%s\n", $label, $e[0]['key'] ?? '-', $e[0]['rows'] ?? '-', $e[0]['Extra'] ?? '');
}
if (!isset($opt['keep'])) {
    $wpdb->query("TRUNCATE TABLE $map");
    $wpdb->query("TRUNCATE TABLE $log");
    foreach (['vasco', 'sors'] as $c) {
        delete_option("erpsync_$c");
    }
}
