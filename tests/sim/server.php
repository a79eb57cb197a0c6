<?php
/**
 * The back-office simulator: php tests/sim/server.php [--port N] [--seed-products N]
 * Prints "listening http://127.0.0.1:PORT" when ready. See docs/simulator.md.
 */

declare(strict_types=1);

require __DIR__ . '/core.php';
foreach (['Vasco', 'Sors', 'Sitoo', 'Logistos', 'Test'] as $f) {
    require __DIR__ . "/api/$f.php";
}

$opts = getopt('', ['port:', 'seed-products:']);
$port = (int) ($opts['port'] ?? 0);
ini_set('memory_limit', '4G');
error_reporting(E_ALL);
set_error_handler(function (int $no, string $str, string $file, int $line): bool {
    if (!(error_reporting() & $no)) {
        return false;
    }
    throw new ErrorException($str, 0, $no, $file, $line);
});

$server = new ErpSyncSim\Server($port);
$server->mount('vasco', new ErpSyncSim\Api\Vasco());
$server->mount('sors', new ErpSyncSim\Api\Sors());
$server->mount('sitoo', new ErpSyncSim\Api\Sitoo());
$server->mount('logistos', new ErpSyncSim\Api\Logistos());
$server->mount('test', new ErpSyncSim\Api\Test());

if (!empty($opts['seed-products'])) {
    foreach (['vasco', 'sors', 'sitoo'] as $api) {
        $server->api($api)->seed(['products' => (int) $opts['seed-products'], 'seed' => 1]);
    }
}
if (function_exists('pcntl_async_signals')) {
    pcntl_async_signals(true);
    pcntl_signal(SIGTERM, fn() => exit(0));
    pcntl_signal(SIGINT, fn() => exit(0));
}
fwrite(STDOUT, 'listening http://127.0.0.1:' . $server->port() . "\n");
fflush(STDOUT);
$server->run();
