<?php
/**
 * Boots the real WordPress installed by tests/wp/install.sh (on the private MariaDB) with the erpsync extension
 * loaded. The WordPress test library is not served by the registries here, so tests drive WordPress directly.
 */
$wp = dirname(__DIR__, 2) . '/.work/wordpress';
if (!is_file("$wp/wp-load.php")) {
    fwrite(STDERR, "WordPress is not installed: run tests/wp/install.sh\n");
    exit(1);
}
$_SERVER['HTTP_HOST'] = '127.0.0.1:8089';
$_SERVER['REQUEST_URI'] = '/';
if (is_file(dirname(__DIR__, 2) . '/.work/testlib/vendor/autoload.php')) {
    require dirname(__DIR__, 2) . '/.work/testlib/vendor/autoload.php'; // brick/math (tests/wp/run-phpunit.sh)
}
require "$wp/wp-load.php";
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
