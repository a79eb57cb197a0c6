<?php
/**
 * A Complete Sync that was not started: it needs more requests than Sitoo's allowance has left.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** Not started: too few requests left. */
final class CompleteSyncRefused extends \RuntimeException {

	/**
	 * Requests the job needs.
	 *
	 * @var int
	 */
	public int $needed;

	/**
	 * Requests left.
	 *
	 * @var int
	 */
	public int $remaining;

	/**
	 * The numbers, said in the message.
	 *
	 * @param int      $needed    Requests needed.
	 * @param int      $remaining Requests left.
	 * @param int|null $reset     Seconds to the reset (null: unknown).
	 */
	public function __construct( int $needed, int $remaining, ?int $reset ) {
		$this->needed    = $needed;
		$this->remaining = $remaining;
		$msg             = null === $reset
			/* translators: 1: requests needed, 2: requests left */
			? sprintf( __( 'Not started: this Complete Sync needs up to %1$d requests to Sitoo, and only %2$d remain in the current rate-limit window.', 'erpsync' ), $needed, $remaining )
			/* translators: 1: requests needed, 2: requests left, 3: seconds */
			: sprintf( __( 'Not started: this Complete Sync needs up to %1$d requests to Sitoo, and only %2$d remain until the rate limit resets in %3$d s.', 'erpsync' ), $needed, $remaining, $reset );
		parent::__construct( $msg );
	}
}
