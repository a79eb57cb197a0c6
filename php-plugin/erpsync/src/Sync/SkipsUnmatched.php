<?php
/**
 * For syncs that never create products (stock syncs): every back-office item the shop lacks is a 'skip' row with
 * the reason `not_in_shop`.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

defined( 'ABSPATH' ) || exit;

/** Source::unmatched_rows() of a sync that does not create. */
trait SkipsUnmatched {

	/**
	 * A skip row per back-office item the shop does not have.
	 *
	 * @param string[] $remote_ids Ids of one chunk.
	 * @return array Plan rows.
	 */
	public function unmatched_rows( array $remote_ids ): array {
		$rows = array();
		foreach ( $remote_ids as $id ) {
			$rows[] = array(
				'action'    => 'skip',
				'remote_id' => (string) $id,
				'reason'    => 'not_in_shop',
			);
		}
		return $rows;
	}
}
