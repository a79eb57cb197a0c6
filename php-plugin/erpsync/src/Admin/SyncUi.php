<?php
/**
 * Admin side of the inbound sync (filled in below).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

defined( 'ABSPATH' ) || exit;

/** Sync screens. */
final class SyncUi {

	/** Hooks. */
	public static function register(): void {
	}
}
