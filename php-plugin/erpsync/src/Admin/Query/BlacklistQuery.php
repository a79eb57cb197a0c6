<?php
/**
 * The query behind ERP Sync → Blacklist (VASCO): the addresses of the VASCO setting "Email blacklist" (one a line,
 * `*@domain` blocks a domain), each with the orders it blocked and the last attempt — counted from the records
 * (mapping rows in state `blacklisted` and their orders' billing emails), not from a separate counter.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin\Query;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Blacklist queries. */
final class BlacklistQuery {

	/** The addresses of the setting, lower-cased, in their order. */
	public static function addresses(): array {
		$lines = preg_split( '/[\r\n,;]+/', (string) Settings::get( 'vasco' )['email_blacklist'] );
		$out   = array();
		foreach ( (array) $lines as $l ) {
			$l = strtolower( trim( $l ) );
			if ( '' !== $l && ! in_array( $l, $out, true ) ) {
				$out[] = $l;
			}
		}
		return $out;
	}

	/**
	 * Whether an email matches an entry (exact address, or `*@domain`).
	 *
	 * @param string $email Email.
	 * @param string $entry Entry of the list.
	 */
	public static function matches( string $email, string $entry ): bool {
		$email = strtolower( trim( $email ) );
		if ( str_starts_with( $entry, '*@' ) ) {
			return str_ends_with( $email, substr( $entry, 1 ) );
		}
		return $email === $entry;
	}

	/**
	 * Rows: address → [orders (ids), last (UTC)], in the list's order; plus '' → orders blocked earlier by an
	 * address no longer on the list.
	 *
	 * @param int $limit Most blocked orders looked at (newest first).
	 */
	public static function rows( int $limit = 5000 ): array {
		global $wpdb;
		$t    = Installer::map_table();
		$out  = array();
		$list = self::addresses();
		foreach ( $list as $a ) {
			$out[ $a ] = array(
				'orders' => array(),
				'last'   => '',
			);
		}
		$blocked = (array) $wpdb->get_results( $wpdb->prepare( "SELECT local_id, updated_at FROM {$t} WHERE object_type = 'order' AND connector = 'vasco' AND state = 'blacklisted' ORDER BY updated_at DESC LIMIT %d", $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		if ( ! $blocked ) {
			return $out;
		}
		$when   = array_column( $blocked, 'updated_at', 'local_id' );
		$emails = array();
		foreach ( array_chunk( array_keys( $when ), 200 ) as $chunk ) {
			foreach ( wc_get_orders(
				array(
					'include' => $chunk,
					'limit'   => -1,
					'type'    => 'shop_order',
				)
			) as $o ) {
				$emails[ (int) $o->get_id() ] = (string) $o->get_billing_email();
			}
		}
		foreach ( $when as $id => $at ) {
			$email = $emails[ $id ] ?? '';
			$hit   = '';
			foreach ( $list as $a ) {
				if ( self::matches( $email, $a ) ) {
					$hit = $a;
					break;
				}
			}
			if ( ! isset( $out[ $hit ] ) ) {
				$out[ $hit ] = array(
					'orders' => array(),
					'last'   => '',
				);
			}
			$out[ $hit ]['orders'][] = (int) $id;
			if ( $at > $out[ $hit ]['last'] ) {
				$out[ $hit ]['last'] = $at;
			}
		}
		return $out;
	}
}
