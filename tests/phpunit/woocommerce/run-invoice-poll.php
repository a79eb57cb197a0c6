<?php
/**
 * One invoice-state runner in its own process (for the race test): loads the wc_ site, waits until the Unix time
 * $argv[1] (both runners start together), holds the invoice row $argv[2] seconds inside its transaction when it wins
 * it (so the other runner's check overlaps), runs one VascoInvoice::poll() and prints its counts as JSON.
 */
$_SERVER['HTTP_HOST'] = '127.0.0.1:8089';
$_SERVER['REQUEST_URI'] = '/';
require dirname(__DIR__, 3) . '/.work/wordpress/wp-load.php';
$hold = (float) ($argv[2] ?? 0);
add_action('erpsync_vasco_invoice_claimed', static function () use ($hold) {
    usleep((int) ($hold * 1e6));
});
time_sleep_until((float) $argv[1]);
echo json_encode(ErpSync\Plugin\Orders\VascoInvoice::poll()), "\n";
