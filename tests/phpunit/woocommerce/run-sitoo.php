<?php
/**
 * A second process on the wc_ site for the Sitoo race tests:
 *   sale <product id> <qty>   a web sale (wc_update_product_stock, as checkout does), prints the stock after
 *   orders <runner>           fetches every Sitoo order and takes each through OrdersIn::one (no run lock:
 *                             the claim alone must keep it exactly once), prints the outcomes as JSON
 */
$_SERVER['HTTP_HOST'] = '127.0.0.1:8091';
$_SERVER['REQUEST_URI'] = '/';
require dirname(__DIR__, 3) . '/.work/wordpress/wp-load.php';
switch ($argv[1]) {
    case 'sale':
        echo wc_update_product_stock((int) $argv[2], (int) $argv[3], 'decrease'), "\n";
        break;
    case 'orders':
        $out = [];
        ErpSync\Plugin\Infra\Connectors::make('sitoo')->fetchOrders(function (array $orders) use (&$out) {
            foreach ($orders as $o) {
                $out[] = ErpSync\Plugin\Sync\Sitoo\OrdersIn::one(0, $o, false, (string) $GLOBALS['argv'][2]);
            }
        }, 0, false, 100);
        echo json_encode($out), "\n";
        break;
}
