<?php
/**
 * Uninstall: schedules are always removed; tables and options only when the owner opted in
 * (option erpsync_remove_data_on_uninstall = yes, or ERPSYNC_REMOVE_ALL_DATA true).
 *
 * @package ErpSync
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/src/Infra/Installer.php';
\ErpSync\Plugin\Infra\Installer::uninstall();
