<?php
/**
 * One queue runner in its own process (for the race test): loads the wc_ site and runs one export attempt of
 * order $argv[1] to connector $argv[2], printing the outcome.
 */
$_SERVER['HTTP_HOST'] = '127.0.0.1:8089';
$_SERVER['REQUEST_URI'] = '/';
require dirname(__DIR__, 3) . '/.work/wordpress/wp-load.php';
echo ErpSync\Plugin\Orders\Queue::run_export((int) $argv[1], (string) $argv[2])['outcome'], "\n";
