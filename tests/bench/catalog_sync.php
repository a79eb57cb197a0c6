<?php
/**
 * Benchmark of the sync engine on real WordPress + MariaDB + WooCommerce (site wb_, tests/wp/install.sh) against
 * the simulator: SORS's catalogue of N products, the shop holding the same N products (linked, as after a first
 * sync) with --changed % of them at another price. One run of `sors catalog` in this process (fetch → match →
 * plan → apply through the bulk writer), then the same changes written again through the WooCommerce CRUD.
 *
 *   tests/bench/run catalog-sync [--products 100000] [--changed 5]
 *
 * Last line: catalog-sync N=… changed=… total=…s fetch=…s match=…s write=…s peak=…MB crud_write=…s cpu=…s load=…
 * (cpu: the run's user + system CPU time in this process — the database's and the simulator's are not in it)
 * (peak: the process's resident peak, VmHWM, which includes WordPress and WooCommerce and the extension's
 * malloc memory that memory_get_peak_usage() does not see).
 */

$opt = getopt('', ['products:', 'changed:', 'crud-sample:']);
$sample = (int) ($opt['crud-sample'] ?? 0); // 0: every change through the CRUD too
$n = (int) ($opt['products'] ?? 100000);
$pct = (float) ($opt['changed'] ?? 5);
$root = dirname(__DIR__, 2);
putenv('ERPSYNC_WP_PREFIX=wb_');
$_SERVER['HTTP_HOST'] = '127.0.0.1:8089';
$_SERVER['REQUEST_URI'] = '/';
require "$root/.work/wordpress/wp-load.php";
require_once "$root/tests/sim/sim.inc.php";

use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Schema;
use ErpSync\Plugin\Sync\SyncSettings;
use ErpSync\Plugin\Sync\Writer;

function say(string $m): void { fwrite(STDERR, sprintf("[%6.1fs] %s\n", microtime(true) - $GLOBALS['t00'], $m)); }
function vmhwm(): int { return preg_match('/VmHWM:\s+(\d+) kB/', (string) file_get_contents('/proc/self/status'), $m) ? (int) $m[1] : 0; }
$GLOBALS['t00'] = microtime(true);
global $wpdb;
if (!class_exists('WooCommerce')) {
    fwrite(STDERR, "WooCommerce is not active on site wb_\n");
    exit(1);
}

// ---------------------------------------------------------------- set-up (not measured)
$sim = ErpSyncTest\Sim::start();
register_shutdown_function(fn() => $sim->stop());
$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'products' => $n, 'seed' => 11]);
say("simulator seeded with $n SORS products");
ErpSync\Plugin\Infra\Settings::put('sors', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => $sim->url('sors'), 'api_key' => ErpSyncTest\Sim::SORS_KEY,
    'database' => 'Shop2026', 'business_unit' => '1', 'price_type' => 'MP']);
update_option('woocommerce_prices_include_tax', 'yes');
SyncSettings::put(['own' => ['sors' => ['stock' => 'shop', 'regular_price' => 'remote', 'name' => 'remote', 'categories' => 'shop', 'images' => 'shop']],
    'chunk' => 1000, 'slice_seconds' => 3600, 'page_size' => 5000, 'force_crud' => 'no', 'guard_percent' => 100]);

$wpdb->query('DELETE FROM ' . Schema::runs_table());
$wpdb->query('DELETE FROM ' . Schema::plan_table());
$every = $pct > 0 ? max(1, (int) round(100 / $pct)) : PHP_INT_MAX;
$changed = 0;
// A shop left in step by an earlier run of this benchmark with the same N (the simulator's catalogue is the same
// for the same seed) only gets its PCT % changed again: seeding 100,000 products takes minutes.
$have = (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'product'");
$linked = (int) $wpdb->get_var('SELECT COUNT(*) FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE connector = 'sors' AND object_type = 'product'");
if ($have === $n && $linked === $n && get_option('erpsync_bench_in_step') === "$n") {
    $ids = array_map('intval', $wpdb->get_col("SELECT ID FROM {$wpdb->posts} WHERE post_type = 'product' ORDER BY ID"));
    $pick = [];
    foreach ($ids as $k => $id) {
        if ($k % $every === 0 && count($pick) < $n * $pct / 100) {
            $pick[] = $id;
        }
    }
    foreach (array_chunk($pick, 5000) as $part) {
        $in = implode(',', $part);
        $wpdb->query("UPDATE {$wpdb->postmeta} SET meta_value = FORMAT(meta_value + 1, 2, 'en_US') WHERE meta_key IN ('_regular_price', '_price') AND post_id IN ($in)");
        $wpdb->query("UPDATE {$wpdb->postmeta} SET meta_value = REPLACE(meta_value, ',', '') WHERE meta_key IN ('_regular_price', '_price') AND post_id IN ($in)");
        $wpdb->query("UPDATE {$wpdb->wc_product_meta_lookup} SET min_price = min_price + 1, max_price = max_price + 1 WHERE product_id IN ($in)");
    }
    $changed = count($pick);
    delete_option('erpsync_bench_in_step');
    wp_cache_flush();
    say("shop reused: $n products in step from the last run, $changed set at another price");
    goto measured;
}
delete_option('erpsync_bench_in_step');

// The shop: the same products, written in bulk SQL (WooCommerce's own tables and meta), linked to SORS.
$ids = $wpdb->get_col("SELECT ID FROM {$wpdb->posts} WHERE post_type IN ('product','product_variation')");
foreach (array_chunk($ids, 5000) as $part) {
    $in = implode(',', $part);
    $wpdb->query("DELETE FROM {$wpdb->postmeta} WHERE post_id IN ($in)");
    $wpdb->query("DELETE FROM {$wpdb->term_relationships} WHERE object_id IN ($in)");
    $wpdb->query("DELETE FROM {$wpdb->wc_product_meta_lookup} WHERE product_id IN ($in)");
    $wpdb->query("DELETE FROM {$wpdb->posts} WHERE ID IN ($in)");
}
$wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table());
$wpdb->query('DELETE FROM ' . Schema::runs_table());
$wpdb->query('DELETE FROM ' . Schema::plan_table());
$simple = (int) get_term_by('slug', 'simple', 'product_type')->term_taxonomy_id;
$remote = [];
(new ErpSync\Connector\Sors(ErpSync\Plugin\Infra\Settings::connector_settings('sors')))->fetchProducts(function ($items) use (&$remote) {
    foreach ($items as $p) {
        $remote[] = [$p['id'], $p['sku'], $p['barcode'], (string) $p['price'], $p['name']];
    }
}, 5000);
$now = current_time('mysql');
$gmt = current_time('mysql', 1);
$env = ErpSync\Plugin\Infra\Settings::environment('sors');
foreach (array_chunk($remote, 2000) as $ci => $chunk) {
    $posts = [];
    foreach ($chunk as $r) {
        $posts[] = $wpdb->prepare("(1, %s, %s, '', %s, '', 'publish', 'closed', 'closed', %s, '', '', %s, %s, '', 0, 'product', '')", $now, $gmt, $r[4], sanitize_title($r[1]), $now, $gmt);
    }
    $wpdb->query("INSERT INTO {$wpdb->posts} (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, comment_status, ping_status, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, post_parent, post_type, post_mime_type) VALUES " . implode(',', $posts));
    $first = (int) $wpdb->insert_id;
    $meta = $look = $terms = $links = [];
    foreach ($chunk as $i => $r) {
        $id = $first + $i;
        $k = $ci * 2000 + $i;
        $price = $r[3];
        if ($k % $every === 0 && $changed < $n * $pct / 100) {
            $price = number_format((float) $r[3] + 1, 2, '.', '');
            $changed++;
        }
        $stock = 10;
        foreach (['_sku' => $r[1], '_global_unique_id' => $r[2], '_regular_price' => $price, '_price' => $price, '_manage_stock' => 'yes', '_stock' => (string) $stock,
            '_stock_status' => 'instock', '_backorders' => 'no', '_tax_status' => 'taxable', '_tax_class' => '', '_virtual' => 'no', '_downloadable' => 'no',
            '_sold_individually' => 'no', 'total_sales' => '0', '_wc_average_rating' => '0', '_wc_review_count' => '0', '_product_version' => WC_VERSION] as $mk => $mv) {
            $meta[] = $wpdb->prepare('(%d, %s, %s)', $id, $mk, $mv);
        }
        $look[] = $wpdb->prepare("(%d, %s, %s, 0, 0, %s, %s, 0, %d, 'instock', 0, 0, 0, 'taxable', '')", $id, $r[1], $r[2], $price, $price, $stock);
        $terms[] = "($id, $simple, 0)";
        $links[] = $wpdb->prepare("('sors', 'product', %d, %s, 'done', %s, %s)", $id, $r[0], $env, $gmt);
    }
    $wpdb->query("INSERT INTO {$wpdb->postmeta} (post_id, meta_key, meta_value) VALUES " . implode(',', $meta));
    $wpdb->query("INSERT INTO {$wpdb->wc_product_meta_lookup} (product_id, sku, global_unique_id, virtual, downloadable, min_price, max_price, onsale, stock_quantity, stock_status, rating_count, average_rating, total_sales, tax_status, tax_class) VALUES " . implode(',', $look));
    $wpdb->query("INSERT INTO {$wpdb->term_relationships} (object_id, term_taxonomy_id, term_order) VALUES " . implode(',', $terms));
    $wpdb->query('INSERT INTO ' . ErpSync\Plugin\Infra\Installer::map_table() . ' (connector, object_type, local_id, remote_id, state, env, updated_at) VALUES ' . implode(',', $links));
}
unset($remote, $posts, $meta, $look, $terms, $links);
wp_cache_flush();
say("shop seeded: $n products, $changed at another price, linked");
gc_collect_cycles();

// ---------------------------------------------------------------- the run (measured)
measured:
$base = vmhwm();
$cpu = function (): float { $r = getrusage(); return $r['ru_utime.tv_sec'] + $r['ru_utime.tv_usec'] / 1e6 + $r['ru_stime.tv_sec'] + $r['ru_stime.tv_usec'] / 1e6; };
$c0 = $cpu();
$t0 = microtime(true);
$id = Engine::start('sors', 'catalog', ['by' => 'bench']);
Engine::slice($id, 0.0); // fetch + match + plan
$t1 = microtime(true);
$run = Engine::run_inline($id);
$t2 = microtime(true);
$run_cpu = $cpu() - $c0;
$peak = vmhwm();
if ($run['state'] !== 'done') {
    fwrite(STDERR, "run ended {$run['state']}: {$run['message']}\n");
    exit(1);
}
$c = $run['counts'];
arsort(Engine::$timing);
foreach (Engine::$timing as $step => $sec) {
    say(sprintf('  %-36s %7.2fs', $step, $sec));
}
$updated = (int) ($c['updated']['regular_price'] ?? 0);
say(sprintf('run #%d: fetched %d, matched %d, updated %d (bulk %d, crud %d), unchanged %d', $id, $c['fetched'], $c['matched'], $updated, $c['bulk'] ?? 0, $c['crud'] ?? 0, $c['unchanged']));
if ($updated !== $changed) {
    fwrite(STDERR, "expected $changed price updates, got $updated\n");
    exit(1);
}

// ---------------------------------------------------------------- the same changes through the CRUD
$rows = [];
for ($o = 0; ($chunk = Engine::plan($id, $o, 5000, 'update')) !== []; $o += 5000) {
    array_push($rows, ...$chunk);
}
$back = array_map(fn($r) => ['new_value' => $r['old_value']] + $r, $rows);
foreach (array_chunk($back, 1000) as $part) { // put the shop's old prices back (bulk, not measured)
    $w = new Writer('sors');
    $w->apply($part);
    $w->after_commit();
}
$all = count($rows);
if ($sample > 0 && $sample < $all) {
    foreach (array_chunk(array_slice($rows, $sample), 1000) as $part) { // the rest back at the back-office's value (bulk)
        $w = new Writer('sors');
        $w->apply($part);
        $w->after_commit();
    }
    $rows = array_slice($rows, 0, $sample);
}
SyncSettings::put(['force_crud' => 'yes']);
$t3 = microtime(true);
foreach (array_chunk($rows, 1000) as $part) {
    $wpdb->query('START TRANSACTION');
    $w = new Writer('sors');
    $w->apply($part);
    $wpdb->query('COMMIT');
    $w->after_commit();
    wp_cache_flush(); // as between slices: a long CRUD loop would otherwise grow the runtime cache
}
$t4 = microtime(true);
SyncSettings::put(['force_crud' => 'no']);
$same = 0;
foreach (array_slice($rows, 0, 200) as $r) {
    $same += (wc_get_product((int) $r['local_id'])->get_regular_price() === wc_format_decimal($r['new_value'])) ? 1 : 0;
}
say(sprintf('CRUD wrote the same %d changes (%d of the first 200 checked equal)', count($rows), $same));

update_option('erpsync_bench_in_step', "$n", false); // every product at the back-office's value again
$crud = $t4 - $t3;
if (count($rows) < $all) {
    say(sprintf('crud_write extrapolated from %d of the %d changes (%.2fs measured)', count($rows), $all, $crud));
}
printf("catalog-sync N=%d changed=%d total=%.2fs fetch=%.2fs match=%.2fs write=%.2fs peak=%dMB crud_write=%s%.2fs cpu=%.2fs load=%s\n",
    $n, $changed, $t2 - $t0, $c['seconds']['fetch'], $c['seconds']['match'], $t2 - $t1, (int) round($peak / 1024),
    count($rows) < $all ? '~' : '', count($rows) < $all ? $crud * $all / max(1, count($rows)) : $crud, $run_cpu,
    implode(' ', array_map(fn($x) => sprintf('%.2f', $x), sys_getloadavg())));
