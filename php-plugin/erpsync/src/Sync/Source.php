<?php
/**
 * What one sync (a connector + what it syncs) provides to the engine: how to build the matcher, how to feed it the
 * back-office's items, where the shop keeps the matching key, and extra plan rows for matched products.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

defined( 'ABSPATH' ) || exit;

/** A sync's source. */
interface Source {

	/** Options for ErpSync\Matcher\Matcher (keys, ownership, prices). */
	public function matcher_options(): array;

	/**
	 * Feeds the back-office's items into the matcher, page by page; returns how many were fetched.
	 *
	 * @param \ErpSync\Matcher\Matcher $m The matcher.
	 */
	public function fetch( $m ): int;

	/** The post meta key holding the shop's EAN/GTIN for this sync. */
	public function ean_meta_key(): string;

	/** The key a local product must have to be matched ('ean', 'sku' or '' when any will do): products without it are skipped and listed. */
	public function required_key(): string;

	/**
	 * Extra plan rows for matched products (e.g. VASCO's own/supplier stock shown on the product).
	 *
	 * @param array $pairs [[local_id, remote_id], ...] of one chunk.
	 * @return array Plan rows (action, local_id, remote_id, field, old_value, new_value).
	 */
	public function extra_rows( array $pairs ): array;

	/**
	 * Plan rows for back-office items the shop does not have: a 'create' row (with the item as JSON) or a 'skip'.
	 *
	 * @param string[] $remote_ids Ids of one chunk.
	 * @return array Plan rows.
	 */
	public function unmatched_rows( array $remote_ids ): array;
}
