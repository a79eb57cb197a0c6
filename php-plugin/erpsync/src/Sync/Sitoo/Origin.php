<?php
/**
 * Marks WooCommerce writes made by a Sitoo sync, so the "send at once" triggers do not send them back (no echo).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** Where a write comes from. */
final class Origin {

	/**
	 * Depth of nested Sitoo writes.
	 *
	 * @var int
	 */
	private static int $depth = 0;

	/**
	 * Runs $fn as a write that came from Sitoo.
	 *
	 * @param callable $fn The write.
	 * @return mixed What $fn returns.
	 */
	public static function run( callable $fn ) {
		++self::$depth;
		try {
			return $fn();
		} finally {
			--self::$depth;
		}
	}

	/** True while a write that came from Sitoo runs. */
	public static function active(): bool {
		return self::$depth > 0;
	}
}
