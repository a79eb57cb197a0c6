<?php
/**
 * Benchmark of the Sitoo stock poll on real WordPress + MariaDB + WooCommerce (site wb_, tests/wp/install.sh)
 * against the simulator: Sitoo holds N items in the webshop warehouse, the shop the same N products (SKU, managed
 * stock, the stock ledger in step as after a first poll); then --changed % of the items change in Sitoo (POS sales,
 * one transaction) and one poll (StockDown::poll: read the changes since the last poll, match by SKU, apply the
 * deltas through the bulk writer in locked chunks with their run record) is measured. The rival, measured in the
 * same run and interleaved: the same deltas written through WooCommerce's own wc_update_product_stock(), product by
 * product. Three rounds each; medians.
 *
 *   tests/bench/run sitoo-stock [--items 100000] [--changed 1] [--rounds 3]
 *
 * Last line: sitoo-stock N=… changed=… total=…s peak=…MB crud_write=…s
 * (peak: the process's resident peak, VmHWM, WordPress and WooCommerce included).
 */

$opt = getopt('', ['items:', 'changed:', 'rounds:']);
$n = (int) ($opt['items'] ?? 100000);
$pct = (float) ($opt['changed'] ?? 1);
$rounds = max(1, (int) ($opt['rounds'] ?? 3));
$root = dirname(__DIR__, 2);
putenv('ERPSYNC_WP_PREFIX=wb_');
$_SERVER['HTTP_HOST'] = '127.0.0.1:8091';
$_SERVER['REQUEST_URI'] = '/';
if (getenv('ERPSYNC_BENCH_QUERIES')) {
    define('SAVEQUERIES', true); // diagnosis: the slowest statements of the first poll on stderr (slows the run)
}
require "$root/.work/wordpress/wp-load.php";
require_once "$root/tests/sim/sim.inc.php";

use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Schema;
use ErpSync\Plugin\Sync\Sitoo\Origin;
use ErpSync\Plugin\Sync\Sitoo\StockDown;
use ErpSync\Plugin\Sync\Sitoo\StockLedger;

function say(string $m): void { fwrite(STDERR, sprintf("[%6.1fs] %s\n", microtime(true) - $GLOBALS['t00'], $m)); }
function vmhwm(): int { return preg_match('/VmHWM:\s+(\d+) kB/', (string) file_get_contents('/proc/self/status'), $m) ? (int) $m[1] : 0; }
function median(array $v): float { sort($v); return $v[intdiv(count($v), 2)]; }
$GLOBALS['t00'] = microtime(true);
global $wpdb;
if (!class_exists('WooCommerce')) {
    fwrite(STDERR, "WooCommerce is not active on site wb_\n");
    exit(1);
}

// ---------------------------------------------------------------- set-up (not measured)
$sim = ErpSyncTest\Sim::start();
register_shutdown_function(fn() => $sim->stop());
$sim->seed(['api' => 'sitoo', 'products' => $n, 'seed' => 12]);
say("simulator seeded with $n Sitoo items");
ErpSync\Plugin\Infra\Settings::put('sitoo', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => $sim->url('sitoo'), 'api_id' => ErpSyncTest\Sim::SITOO_USER,
    'password' => ErpSyncTest\Sim::SITOO_PASSWORD, 'siteid' => '1', 'warehouse_id' => '1', 'warehouse_type' => 'physical', 'trigger_stock' => 'no']);
$totals = $sim->state('sitoo')['stock'][1];
$skus = array_keys($totals);

$ids = $wpdb->get_col("SELECT ID FROM {$wpdb->posts} WHERE post_type IN ('product','product_variation')");
foreach (array_chunk($ids, 5000) as $part) {
    $in = implode(',', $part);
    $wpdb->query("DELETE FROM {$wpdb->postmeta} WHERE post_id IN ($in)");
    $wpdb->query("DELETE FROM {$wpdb->term_relationships} WHERE object_id IN ($in)");
    $wpdb->query("DELETE FROM {$wpdb->wc_product_meta_lookup} WHERE product_id IN ($in)");
    $wpdb->query("DELETE FROM {$wpdb->posts} WHERE ID IN ($in)");
}
$wpdb->query('DELETE FROM ' . Schema::runs_table());
$wpdb->query('DELETE FROM ' . Schema::plan_table());
$simple = (int) get_term_by('slug', 'simple', 'product_type')->term_taxonomy_id;
$now = current_time('mysql');
$gmt = current_time('mysql', 1);
$seen = StockLedger::seen_key(1);
foreach (array_chunk($skus, 2000) as $chunk) {
    $posts = [];
    foreach ($chunk as $sku) {
        $posts[] = $wpdb->prepare("(1, %s, %s, '', %s, '', 'publish', 'closed', 'closed', %s, '', '', %s, %s, '', 0, 'product', '')", $now, $gmt, "Product $sku", sanitize_title($sku), $now, $gmt);
    }
    $wpdb->query("INSERT INTO {$wpdb->posts} (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, comment_status, ping_status, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, post_parent, post_type, post_mime_type) VALUES " . implode(',', $posts));
    $first = (int) $wpdb->insert_id;
    $meta = $look = $terms = [];
    foreach ($chunk as $i => $sku) {
        $id = $first + $i;
        $stock = (string) (int) (float) $totals[$sku] + 5; // the shop has its own stock; only differences travel
        foreach (['_sku' => $sku, '_regular_price' => '10.00', '_price' => '10.00', '_manage_stock' => 'yes', '_stock' => $stock, '_stock_status' => 'instock',
            '_backorders' => 'no', '_tax_status' => 'taxable', '_tax_class' => '', '_virtual' => 'no', '_downloadable' => 'no', '_sold_individually' => 'no',
            'total_sales' => '0', '_wc_average_rating' => '0', '_wc_review_count' => '0', '_product_version' => WC_VERSION,
            $seen => StockLedger::fmt((float) $totals[$sku]), StockLedger::BASE => $stock] as $mk => $mv) {
            $meta[] = $wpdb->prepare('(%d, %s, %s)', $id, $mk, $mv);
        }
        $look[] = $wpdb->prepare("(%d, %s, '', 0, 0, 10, 10, 0, %d, 'instock', 0, 0, 0, 'taxable', '')", $id, $sku, (int) $stock);
        $terms[] = "($id, $simple, 0)";
    }
    $wpdb->query("INSERT INTO {$wpdb->postmeta} (post_id, meta_key, meta_value) VALUES " . implode(',', $meta));
    $wpdb->query("INSERT INTO {$wpdb->wc_product_meta_lookup} (product_id, sku, global_unique_id, virtual, downloadable, min_price, max_price, onsale, stock_quantity, stock_status, rating_count, average_rating, total_sales, tax_status, tax_class) VALUES " . implode(',', $look));
    $wpdb->query("INSERT INTO {$wpdb->term_relationships} (object_id, term_taxonomy_id, term_order) VALUES " . implode(',', $terms));
}
unset($posts, $meta, $look, $terms);
wp_cache_flush();
say("shop seeded: $n products with the stock ledger in step");

$k = (int) round($n * $pct / 100);
$every = max(1, intdiv($n, max(1, $k)));
$picked = [];
for ($i = 0; $i < $n && count($picked) < $k; $i += $every) {
    $picked[] = $skus[$i];
}
$http = new ErpSync\Http\Client(['base_url' => $sim->url('sitoo'),
    'auth' => ['type' => 'basic', 'username' => ErpSyncTest\Sim::SITOO_USER, 'password' => ErpSyncTest\Sim::SITOO_PASSWORD]]);
/** POS sales in Sitoo: −1 on every picked item (transactions of at most 1,000 items), after the last poll's second. */
$pos = function () use ($http, $picked) {
    sleep(1); // a later datelastmodified than the last poll read
    foreach (array_chunk($picked, 1000) as $part) {
        $http->request('POST', '/sites/1/warehousetransactions.json', ['json' => [['warehouseid' => 1, 'transactiontype' => 20, 'description' => 'POS',
            'items' => array_map(fn($s) => ['sku' => $s, 'decimalquantity' => '-1.000'], $part)]]]);
    }
};
$idOf = [];
foreach (array_chunk($picked, 1000) as $part) {
    $in = implode(',', array_fill(0, count($part), '%s'));
    foreach ($wpdb->get_results($wpdb->prepare("SELECT sku, product_id FROM {$wpdb->wc_product_meta_lookup} WHERE sku IN ($in)", $part), ARRAY_N) as $r) {
        $idOf[$r[0]] = (int) $r[1];
    }
}
update_option(StockDown::SINCE, time() + 1, false); // after the seeded items: only the POS changes are read
gc_collect_cycles();

// ---------------------------------------------------------------- rounds (measured, interleaved)
$poll = $crud = [];
$base = vmhwm();
$expect = [];
foreach ($idOf as $sku => $id) {
    $expect[$id] = (float) $wpdb->get_var($wpdb->prepare("SELECT meta_value FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key = '_stock'", $id));
}
for ($r = 0; $r < $rounds; $r++) {
    $pos();
    wp_cache_flush();
    $t0 = microtime(true);
    $wpdb->queries = [];
    $res = StockDown::poll(['by' => 'bench']);
    $poll[] = microtime(true) - $t0;
    if (defined('SAVEQUERIES') && SAVEQUERIES && $r === 0) {
        $agg = [];
        foreach ($wpdb->queries as $q) {
            $k = substr(preg_replace(['/\d+/', "/'[^']*'/"], ['N', "'S'"], $q[0]), 0, 150);
            $agg[$k] = [($agg[$k][0] ?? 0) + $q[1], ($agg[$k][1] ?? 0) + 1];
        }
        uasort($agg, fn($a, $b) => $b[0] <=> $a[0]);
        foreach (array_slice($agg, 0, 15, true) as $k => $v) {
            say(sprintf('%7.3fs %5d× %s', $v[0], $v[1], $k));
        }
        say(sprintf('all statements: %.3fs in %d', array_sum(array_column($agg, 0)), array_sum(array_column($agg, 1))));
    }
    $c = $res['counts'];
    if ($res['state'] !== 'done' || (int) ($c['updated']['stock'] ?? 0) !== count($picked)) {
        fwrite(STDERR, "round $r: poll {$res['state']}, updated " . ($c['updated']['stock'] ?? 0) . ' of ' . count($picked) . "\n");
        exit(1);
    }
    say(sprintf('round %d: poll fetched %d, matched %d, updated %d in %.2fs (matching and writing %.2fs)', $r + 1, $c['fetched'], $c['matched'], $c['updated']['stock'], end($poll), $c['seconds']['write']));
    // The rival: the same deltas, product by product, through WooCommerce (its seen moved along by SQL, so the next
    // poll is in step, not measured).
    $pos();
    wp_cache_flush();
    $t0 = microtime(true);
    Origin::run(function () use ($idOf) {
        foreach ($idOf as $id) {
            wc_update_product_stock($id, 1, 'decrease');
        }
    });
    $crud[] = microtime(true) - $t0;
    $in = implode(',', array_values($idOf));
    $wpdb->query($wpdb->prepare("UPDATE {$wpdb->postmeta} SET meta_value = meta_value - 1 WHERE meta_key IN (%s, %s) AND post_id IN ($in)", $seen, StockLedger::BASE));
    update_option(StockDown::SINCE, time(), false);
    say(sprintf('round %d: wc_update_product_stock wrote the same %d deltas in %.2fs', $r + 1, count($idOf), end($crud)));
}
$peak = vmhwm();
$bad = 0;
wp_cache_flush();
foreach ($expect as $id => $was) {
    $bad += abs((float) $wpdb->get_var($wpdb->prepare("SELECT meta_value FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key = '_stock'", $id)) - ($was - 2 * $rounds)) > 0.001 ? 1 : 0;
}
if ($bad) {
    fwrite(STDERR, "$bad products do not hold the expected stock\n");
    exit(1);
}
say(sprintf('every changed product holds its stock − %d; resident peak %d MB before the rounds', 2 * $rounds, (int) round($base / 1024)));
printf("sitoo-stock N=%d changed=%d total=%.2fs peak=%dMB crud_write=%.2fs\n", $n, count($picked), median($poll), (int) round($peak / 1024), median($crud));
