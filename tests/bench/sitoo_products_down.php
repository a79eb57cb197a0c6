<?php
/**
 * Benchmark of the Sitoo Complete Sync's first "products down" on real WordPress + MariaDB + WooCommerce (site bc_,
 * tests/wp/install.sh) against the simulator: Sitoo holds --products variant groups (a main variant and --variants
 * variants each, in 20 categories, 10 manufacturers); the shop holds none of them. One job of the operation
 * products_down in this process (categories and manufacturers on the fly, then every group as a variable product
 * with its variations, 50 groups a transaction, in multi-row statements — ProductsBulkParents; images deferred).
 * Before it, the rival interleaved: --rounds times, the same first sync of --rival groups with the parents through
 * WooCommerce's CRUD (filter erpsync_sitoo_products_bulk → false) and then in bulk; medians.
 * --variants 0: Sitoo holds --products single products instead (no variants; in the same categories, with the same
 * manufacturers, with descriptions), each created as a simple product (ProductsBulkSimple); the rival the same first
 * sync of --rival singles with every product through WC_Product_Simple::save() (the same filter), interleaved.
 *
 *   tests/bench/run sitoo-products-down [--products 2000] [--variants 3] [--rival 100] [--rounds 3]
 *
 * Last line: sitoo-products-down parents=… variations=… total=…s parents_per_s=… (with --variants 0:
 * sitoo-products-down simple=… total=…s products_per_s=…)
 * (the line before it: the fetch and stage part, the apply part, and the process's resident peak; before that the
 * rival's line: bulk_parents_per_s and crud_parents_per_s, medians of the small runs).
 * ERPSYNC_BENCH_QUERIES=1 (SAVEQUERIES) also prints, on stderr, the job's statements grouped by kind and by caller,
 * slowest first, with their count and time (the figures are then a little slower).
 */

$opt = getopt('', ['products:', 'variants:', 'rival:', 'rounds:']);
$n = (int) ($opt['products'] ?? 2000);
$v = (int) ($opt['variants'] ?? 3);
$r = (int) ($opt['rival'] ?? 100);
$rounds = (int) ($opt['rounds'] ?? 3);
$root = dirname(__DIR__, 2);
putenv('ERPSYNC_WP_PREFIX=bc_');
$_SERVER['HTTP_HOST'] = '127.0.0.1:8089';
$_SERVER['REQUEST_URI'] = '/';
$profile = getenv('ERPSYNC_BENCH_QUERIES') === '1';
if ($profile) {
    define('SAVEQUERIES', true);
}
require "$root/.work/wordpress/wp-load.php";
require_once "$root/tests/sim/sim.inc.php";

use ErpSync\Plugin\Sync\Schema;
use ErpSync\Plugin\Sync\Sitoo\CompleteSync;

function say(string $m): void { fwrite(STDERR, sprintf("[%6.1fs] %s\n", microtime(true) - $GLOBALS['t00'], $m)); }
function vmhwm(): int { return preg_match('/VmHWM:\s+(\d+) kB/', (string) file_get_contents('/proc/self/status'), $m) ? (int) $m[1] : 0; }
$GLOBALS['t00'] = microtime(true);
global $wpdb;
if (!class_exists('WooCommerce')) {
    fwrite(STDERR, "WooCommerce is not active on site bc_\n");
    exit(1);
}

// ---------------------------------------------------------------- set-up (not measured)
$sim = ErpSyncTest\Sim::start();
register_shutdown_function(fn() => $sim->stop());
ErpSync\Plugin\Infra\Settings::put('sitoo', ['enabled' => 'yes', 'mode' => 'live', 'base_url' => $sim->url('sitoo'), 'api_id' => ErpSyncTest\Sim::SITOO_USER,
    'password' => ErpSyncTest\Sim::SITOO_PASSWORD, 'siteid' => '1', 'warehouse_id' => '1', 'misc_fetch_products' => 'all', 'tools_logs' => 'no']);
ErpSync\Plugin\Infra\Connectors::forget();

/** Sitoo holds $groups variant groups of 1 + $variants (0: $groups single products); the shop none of them (bulk SQL: products, variations, categories, manufacturer terms, links of the last run go). */
function fresh(ErpSyncTest\Sim $sim, int $groups, int $variants): void
{
    global $wpdb;
    $cats = [];
    for ($i = 0; $i < 20; $i++) {
        $cats[] = $i < 4 ? ['title' => "Department $i"] : ['title' => "Category $i", 'parent' => $i % 4];
    }
    $sim->reset(); // a seed adds to what the simulator holds
    $sim->seed(['api' => 'sitoo', 'categories' => $cats, 'manufacturers' => array_map(fn($i) => "Maker $i", range(1, 10)), 'seed' => 7]
        + ($variants > 0 ? ['variant_groups' => $groups, 'variants_per_group' => $variants] : ['products' => $groups, 'classify_products' => true]));
    $ids = $wpdb->get_col("SELECT ID FROM {$wpdb->posts} WHERE post_type IN ('product','product_variation')");
    foreach (array_chunk($ids, 5000) as $part) {
        $in = implode(',', $part);
        $wpdb->query("DELETE FROM {$wpdb->postmeta} WHERE post_id IN ($in)");
        $wpdb->query("DELETE FROM {$wpdb->term_relationships} WHERE object_id IN ($in)");
        $wpdb->query("DELETE FROM {$wpdb->wc_product_meta_lookup} WHERE product_id IN ($in)");
        $wpdb->query("DELETE FROM {$wpdb->prefix}wc_product_attributes_lookup WHERE product_or_parent_id IN ($in)");
        $wpdb->query("DELETE FROM {$wpdb->posts} WHERE ID IN ($in)");
    }
    foreach (['product_cat', 'pa_manufacturer'] as $tax) {
        $tt = $wpdb->get_col($wpdb->prepare("SELECT term_id FROM {$wpdb->term_taxonomy} WHERE taxonomy = %s AND term_id <> %d", $tax, (int) get_option('default_product_cat')));
        if ($tt) {
            $in = implode(',', array_map('intval', $tt));
            $wpdb->query("DELETE FROM {$wpdb->term_taxonomy} WHERE term_id IN ($in)");
            $wpdb->query("DELETE FROM {$wpdb->terms} WHERE term_id IN ($in)");
        }
    }
    delete_option('product_cat_children');
    delete_option('erpsync_sitoo_manufacturers_at');
    $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table());
    $wpdb->query('DELETE FROM ' . Schema::runs_table());
    $wpdb->query('DELETE FROM ' . Schema::plan_table());
    as_unschedule_all_actions('', [], 'erpsync');
    as_unschedule_all_actions('woocommerce_run_product_attribute_lookup_update_callback');
    wp_cache_flush();
    gc_collect_cycles();
}

/** One products_down job to its end; returns [fetch seconds, total seconds, run, run id]. */
function job(): array
{
    $t0 = microtime(true);
    $id = CompleteSync::start(['products_down'], [], 'bench', false);
    CompleteSync::step($id, 0.0); // fetch and stage (and one batch)
    $t1 = microtime(true);
    $run = CompleteSync::run_inline($id);
    $t2 = microtime(true);
    if ($run['state'] !== 'done') {
        fwrite(STDERR, "job ended {$run['state']}: {$run['message']}\n");
        exit(1);
    }
    return [$t1 - $t0, $t2 - $t0, $run, $id];
}

// ---------------------------------------------------------------- the rival, interleaved (measured)
// The same first sync of $r groups with the parents through WooCommerce's CRUD (the writer's own switch,
// erpsync_sitoo_products_bulk) and through the bulk writer, alternately; medians.
$rates = ['crud' => [], 'bulk' => []];
for ($i = 0; $i < $rounds && $r > 0; $i++) {
    foreach (['crud', 'bulk'] as $way) {
        fresh($sim, $r, $v);
        $off = fn() => false;
        if ($way === 'crud') {
            add_filter('erpsync_sitoo_products_bulk', $off);
        }
        [, $t] = job();
        remove_filter('erpsync_sitoo_products_bulk', $off);
        $rates[$way][] = $r / $t;
        say(sprintf('rival round %d: %d %s %s: %.1f/s', $i + 1, $r, $v ? 'groups, parents' : 'simple products', $way === 'crud' ? 'through the CRUD' : 'in bulk', $r / $t));
    }
}
$median = function (array $xs): float {
    sort($xs);
    return $xs ? $xs[intdiv(count($xs), 2)] : 0.0;
};

// ---------------------------------------------------------------- the job (measured)
fresh($sim, $n, $v);
say($v ? "simulator seeded: $n variant groups of 1 + $v; shop emptied" : "simulator seeded: $n single products; shop emptied");
$wpdb->queries = [];
[$fetch, $total, $run, $id] = job();
$queries = $wpdb->queries;
$wpdb->queries = [];
$peak = vmhwm();
$c = $run['counts']['ops']['products_down']['counts'];

// ---------------------------------------------------------------- checks (not measured)
wp_cache_flush();
$type = function (string $slug) use ($wpdb): int {
    return (int) $wpdb->get_var($wpdb->prepare("SELECT COUNT(*) FROM {$wpdb->posts} p JOIN {$wpdb->term_relationships} tr ON tr.object_id = p.ID JOIN {$wpdb->term_taxonomy} tt ON tt.term_taxonomy_id = tr.term_taxonomy_id AND tt.taxonomy = 'product_type' JOIN {$wpdb->terms} t ON t.term_id = tt.term_id AND t.slug = %s WHERE p.post_type = 'product'", $slug));
};
$parents = $type($v ? 'variable' : 'simple');
$variations = (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'product_variation'");
$links = (int) $wpdb->get_var('SELECT COUNT(*) FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE connector = 'sitoo' AND object_type = 'product'");
$lookups = (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->wc_product_meta_lookup}");
$sample = wc_get_product((int) $wpdb->get_var("SELECT MAX(ID) FROM {$wpdb->posts} WHERE post_type = 'product'"));
$man = $sample ? wp_get_post_terms($sample->get_id(), 'pa_manufacturer', ['fields' => 'ids']) : [];
if ($parents !== $n || $variations !== $n * $v || $links !== $n * (1 + $v) || $lookups !== $n * (1 + $v) || !$sample->get_category_ids() || count($man) !== 1
    || ($v ? count($sample->get_children()) !== $v || $sample->get_variation_regular_price('min') !== ErpSync\Plugin\Sync\Sitoo\Prices::to_shop('19.90') // Sitoo's price as this shop stores it
        : $sample->get_regular_price() === '' || $sample->get_price() !== $sample->get_regular_price() || $sample->get_description() === '')) {
    fwrite(STDERR, "check failed: products=$parents variations=$variations links=$links lookup_rows=$lookups\n");
    exit(1);
}
say(sprintf('job #%d: created %d, variations %d, errors %d; checked: %d %s products, %d variations, %d links, %d lookup rows, categories, manufacturer and prices set',
    $id, $c['created'] ?? 0, $c['variations_created'] ?? 0, $c['errors'] ?? 0, $parents, $v ? 'variable' : 'simple', $variations, $links, $lookups));
if ($r > 0 && $v) {
    printf("sitoo-products-down rival: groups=%d rounds=%d bulk_parents_per_s=%.1f crud_parents_per_s=%.1f (medians, interleaved)\n", $r, $rounds, $median($rates['bulk']), $median($rates['crud']));
} elseif ($r > 0) {
    printf("sitoo-products-down rival: simple=%d rounds=%d bulk_products_per_s=%.1f crud_products_per_s=%.1f (medians, interleaved)\n", $r, $rounds, $median($rates['bulk']), $median($rates['crud']));
}
printf("sitoo-products-down fetch=%.2fs apply=%.2fs peak=%dMB\n", $fetch, $total - $fetch, (int) round($peak / 1024));
if ($v) {
    printf("sitoo-products-down parents=%d variations=%d total=%.2fs parents_per_s=%.1f\n", $parents, $variations, $total, $parents / $total);
} else {
    printf("sitoo-products-down simple=%d total=%.2fs products_per_s=%.1f\n", $parents, $total, $parents / $total);
}
if ($profile) {
    $kinds = [];
    $callers = [];
    $sql = 0.0;
    foreach ($queries as $q) {
        $k = preg_replace(["/'[^']*'|\d+/", '/\s+/'], ['?', ' '], substr(trim($q[0]), 0, 70));
        $c = implode(' < ', array_slice(array_reverse(explode(', ', $q[2])), 0, 2));
        foreach ([[&$kinds, $k], [&$callers, $c]] as [&$into, $key]) {
            $into[$key] = [($into[$key][0] ?? 0) + 1, ($into[$key][1] ?? 0) + $q[1]];
        }
        unset($into);
        $sql += $q[1];
    }
    fprintf(STDERR, "statements=%d sql=%.2fs of total=%.2fs\n", count($queries), $sql, $total);
    foreach (['by kind' => $kinds, 'by caller' => $callers] as $title => $list) {
        uasort($list, fn($a, $b) => $b[1] <=> $a[1]);
        fwrite(STDERR, "$title:\n");
        foreach (array_slice($list, 0, 15, true) as $key => [$n, $t]) {
            fprintf(STDERR, "%7d %7.2fs  %s\n", $n, $t, $key);
        }
    }
}
