<?php
/*
 * Benchmark: ErpSync\Json::decode/encode (json-c) against PHP's json_decode/json_encode on a
 * generated catalogue of ~20 MB (products with variations, UTF-8 names, prices, attributes).
 *
 *   php -d extension=modules/erpsync.so tests/bench/json_bench.php [MB=20] [repeats=3]
 *
 * Each measurement runs in its own PHP process so peak memory is not polluted by the others.
 * Peak memory is reported twice: memory_get_peak_usage() (the Zend allocator only: json-c's
 * malloc()s are invisible to it) and the process's max RSS (getrusage), which counts both.
 */
if (($argv[1] ?? '') === '--child') {
    [, , $mode, $file, $repeats] = $argv;
    $text = file_get_contents($file);
    $value = null;
    if (str_starts_with($mode, 'encode')) {
        $value = json_decode($text, true);
    }
    $rss0 = getrusage()['ru_maxrss'];
    $mem0 = memory_get_usage();
    memory_reset_peak_usage();
    $best = INF;
    for ($i = 0; $i < (int) $repeats; $i++) {
        $t = hrtime(true);
        switch ($mode) {
            case 'decode-php':    $r = json_decode($text, true, 512, JSON_THROW_ON_ERROR); break;
            case 'decode-erpsync': $r = ErpSync\Json::decode($text); break;
            case 'encode-php':    $r = json_encode($value, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION); break;
            case 'encode-erpsync': $r = ErpSync\Json::encode($value); break;
        }
        $best = min($best, (hrtime(true) - $t) / 1e6);
        unset($r);
    }
    printf("%s %.1f %.1f %.1f\n", $mode, $best, (memory_get_peak_usage() - $mem0) / 1048576,
        (getrusage()['ru_maxrss'] - $rss0) / 1024);
    exit(0);
}

if (!extension_loaded('erpsync')) {
    fwrite(STDERR, "load the extension: php -d extension=modules/erpsync.so {$argv[0]}\n");
    exit(1);
}
$mb = (int) ($argv[1] ?? 20);
$repeats = (int) ($argv[2] ?? 3);

mt_srand(42);
$names = ['Chaise', 'Tröja', 'Café crème', 'Bord', 'Lampe à poser', 'Kudde', 'Ryggsäck', 'Mugg 😀', 'Skål', 'Vas'];
$colors = ['röd', 'blå', 'grön', 'svart', 'vit'];
$products = [];
$size = 0;
for ($id = 1; $size < $mb * 1048576; $id++) {
    $variations = [];
    for ($v = 0; $v < 3; $v++) {
        $variations[] = [
            'id' => $id * 10 + $v, 'sku' => sprintf('SKU-%06d-%d', $id, $v),
            'price' => sprintf('%d.%02d', mt_rand(1, 999), mt_rand(0, 99)),
            'regular_price' => mt_rand(100, 99999) / 100, 'stock_quantity' => mt_rand(0, 500),
            'attributes' => ['color' => $colors[mt_rand(0, 4)], 'size' => ['S', 'M', 'L'][$v]],
            'manage_stock' => true, 'ean' => (string) (7300000000000 + $id * 10 + $v),
        ];
    }
    $p = [
        'id' => $id, 'sku' => sprintf('SKU-%06d', $id), 'name' => $names[$id % 10] . " $id",
        'description' => str_repeat('Lorem ipsum dolor sit amet, consectetur / adipiscing elit. ', 4),
        'status' => 'publish', 'price' => sprintf('%d.%02d', mt_rand(1, 999), mt_rand(0, 99)),
        'weight' => mt_rand(1, 50000) / 1000, 'on_sale' => (bool) mt_rand(0, 1), 'parent_id' => null,
        'categories' => [['id' => mt_rand(1, 50), 'name' => 'Möbler'], ['id' => mt_rand(51, 99), 'name' => 'Kök & bad']],
        'meta' => ['erp_id' => 9007199254740993 + $id, 'synced_at' => '2026-11-23T03:00:00+00:00'],
        'variations' => $variations,
    ];
    $products[] = $p;
    if ($id % 500 === 0) {
        $size = strlen(json_encode($products, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
    }
}
$text = json_encode(['products' => $products], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
unset($products);
$file = tempnam(sys_get_temp_dir(), 'erpsync-bench');
file_put_contents($file, $text);
printf("catalogue: %.1f MB, %d products, PHP %s, json-c %s; best of %d runs\n", strlen($text) / 1048576,
    substr_count($text, '"status"'), PHP_VERSION, ErpSync\info()['json_c_linked'] ?? '?', $repeats);

// same result both ways (sanity)
$a = ErpSync\Json::decode($text);
$b = json_decode($text, true);
printf("decode results identical: %s\n", $a === $b ? 'yes' : 'NO');
printf("encode output identical to json_encode(UNESCAPED_SLASHES|UNESCAPED_UNICODE|PRESERVE_ZERO_FRACTION): %s\n",
    ErpSync\Json::encode($b) === $text ? 'yes' : 'no');
unset($a, $b, $text);

printf("%-16s %10s %14s %14s\n", 'mode', 'ms', 'zend peak MB', 'max RSS +MB');
foreach (['decode-php', 'decode-erpsync', 'encode-php', 'encode-erpsync'] as $mode) {
    $so = getenv('ERPSYNC_SO') ?: realpath(__DIR__ . '/../../modules/erpsync.so');
    $cmd = [PHP_BINARY, '-n', '-d', 'memory_limit=-1', '-d', "extension=$so", __FILE__, '--child', $mode, $file, (string) $repeats];
    $out = shell_exec(implode(' ', array_map('escapeshellarg', $cmd)));
    [$m, $ms, $zpeak, $rss] = explode(' ', trim((string) $out)) + [null, '?', '?', '?'];
    printf("%-16s %10s %14s %14s\n", $mode, $ms, $zpeak, $rss);
}
unlink($file);
