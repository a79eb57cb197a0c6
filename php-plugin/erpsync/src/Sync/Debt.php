<?php
/**
 * A customer's debt at SORS: read for a WordPress user linked to a SORS customer in the current SORS instance
 * (the customer link the order export made), cached for 15 minutes. Nothing is read for a user without a link,
 * and the screens that show it are the user's own My Account and admin screens behind manage_woocommerce.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Orders\Queue;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Customer debt. */
final class Debt {

	const TTL = 900;

	/**
	 * The SORS customer id linked to this user in the current SORS instance, or ''.
	 *
	 * @param int $user_id User id.
	 */
	public static function remote_customer( int $user_id ): string {
		if ( $user_id <= 0 || ! Settings::enabled( 'sors' ) ) {
			return '';
		}
		$row = Mapping::get( 'sors', 'customer', $user_id );
		if ( ! $row || 'done' !== $row['state'] || '' === (string) $row['remote_id'] || Settings::environment( 'sors' ) !== (string) $row['env'] ) {
			return '';
		}
		return (string) $row['remote_id'];
	}

	/**
	 * The debt of the user's SORS customer: ['balance', 'overdue', 'currency', 'at'] (strings; 'at' a timestamp),
	 * ['error' => message] when SORS could not be read, or null when the user is not linked.
	 *
	 * @param int  $user_id User id.
	 * @param bool $fresh   Skip the cache.
	 */
	public static function for_user( int $user_id, bool $fresh = false ): ?array {
		$remote = self::remote_customer( $user_id );
		if ( '' === $remote ) {
			return null;
		}
		$key = 'erpsync_debt_' . md5( $user_id . '|' . $remote . '|' . Settings::environment( 'sors' ) );
		$hit = $fresh ? false : get_transient( $key );
		if ( is_array( $hit ) ) {
			return $hit;
		}
		try {
			$d   = Connectors::make( 'sors' )->customerDebt( $remote );
			$out = array(
				'balance'  => (string) ( $d['balance'] ?? $d['debt'] ?? '0' ),
				'overdue'  => (string) ( $d['overdue'] ?? '0' ),
				'currency' => (string) ( $d['currency'] ?? get_woocommerce_currency() ),
				'at'       => time(),
			);
			set_transient( $key, $out, self::TTL );
			return $out;
		} catch ( \Throwable $e ) {
			$msg = Redact::text( $e->getMessage(), Settings::secrets( 'sors' ) );
			Queue::log( 'sors', 'warning', sprintf( 'customer debt of user %d: %s', $user_id, $msg ) );
			return array( 'error' => $msg );
		}
	}
}
