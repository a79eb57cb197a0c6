<?php
/**
 * The query behind ERP Sync → Recent activity: the latest changes of the mapping rows (order sent, linked, stopped,
 * waiting; customer linked or created), finished sync runs, and settings changes with who made them (kept by
 * Admin\SettingsLog in the option `erpsync_settings_log`). Newest first, each with a link to its object.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin\Query;

use ErpSync\Plugin\Admin\SettingsLog;
use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Activity query. */
final class ActivityQuery {

	/**
	 * The latest events: each [at (UTC), kind, connector, text, url].
	 *
	 * @param int $limit Most events.
	 */
	public static function latest( int $limit = 30 ): array {
		global $wpdb;
		$t      = Installer::map_table();
		$events = array();
		$cols   = 'connector, object_type, local_id, remote_number, state, last_error, how, updated_at';
		$rows   = (array) $wpdb->get_results( $wpdb->prepare( "SELECT * FROM ((SELECT {$cols} FROM {$t} WHERE object_type = 'order' ORDER BY updated_at DESC LIMIT %d) UNION ALL (SELECT {$cols} FROM {$t} WHERE object_type = 'customer' ORDER BY updated_at DESC LIMIT %d) UNION ALL (SELECT {$cols} FROM {$t} WHERE object_type = 'guest' ORDER BY updated_at DESC LIMIT %d)) AS r ORDER BY updated_at DESC", $limit, $limit, $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		foreach ( $rows as $r ) {
			$label = Settings::label( $r['connector'] );
			$id    = (int) $r['local_id'];
			if ( 'order' !== $r['object_type'] ) {
				if ( 'done' === $r['state'] ) {
					$events[] = self::customer_event( $r );
				}
				continue;
			}
			switch ( $r['state'] ) {
				case 'done':
					$text = 'linked' === $r['how']
						/* translators: 1: order number, 2: back-office, 3: document number */
						? sprintf( __( 'Order #%1$d linked to the existing %2$s document %3$s (it was there already; nothing sent again)', 'erpsync' ), $id, $label, $r['remote_number'] )
						/* translators: 1: order number, 2: back-office, 3: document number */
						: sprintf( __( 'Order #%1$d sent to %2$s → %3$s', 'erpsync' ), $id, $label, $r['remote_number'] );
					break;
				case 'failed':
					/* translators: 1: order number, 2: back-office, 3: reason */
					$text = sprintf( __( 'Order #%1$d stopped for %2$s: %3$s', 'erpsync' ), $id, $label, (string) $r['last_error'] );
					break;
				case 'blacklisted':
					/* translators: 1: order number, 2: back-office */
					$text = sprintf( __( 'Order #%1$d not sent to %2$s: blacklisted email', 'erpsync' ), $id, $label );
					break;
				default:
					/* translators: 1: order number, 2: back-office */
					$text = sprintf( __( 'Order #%1$d waiting for %2$s', 'erpsync' ), $id, $label );
			}
			$events[] = array(
				'at'        => $r['updated_at'],
				'kind'      => 'order-' . $r['state'],
				'connector' => $r['connector'],
				'text'      => $text,
				'url'       => self::order_url( $id ),
			);
		}
		foreach ( SyncRunsQuery::latest( 10 ) as $run ) {
			if ( empty( $run['finished_at'] ) ) {
				continue;
			}
			$events[] = array(
				'at'        => $run['finished_at'],
				'kind'      => 'sync',
				'connector' => $run['connector'],
				/* translators: 1: back-office, 2: what was synced, 3: run state, 4: counts */
				'text'      => sprintf( __( '%1$s %2$s sync %3$s: %4$s', 'erpsync' ), Settings::label( $run['connector'] ), $run['what'], $run['state'], SyncRunsQuery::counts_text( $run['counts'] ) ),
				'url'       => $run['url'],
			);
		}
		foreach ( SettingsLog::entries() as $e ) {
			$user     = $e['user'] ? get_userdata( (int) $e['user'] ) : false;
			$who      = $user ? $user->display_name : __( 'the system (WP-CLI, cron)', 'erpsync' );
			$events[] = array(
				'at'        => $e['at'],
				'kind'      => 'settings',
				'connector' => $e['connector'],
				/* translators: 1: back-office, 2: user, 3: changed settings */
				'text'      => sprintf( __( '%1$s settings changed by %2$s: %3$s', 'erpsync' ), Settings::label( $e['connector'] ), $who, implode( ', ', SettingsLog::labels( (string) $e['connector'], (array) $e['keys'] ) ) ),
				'url'       => admin_url( 'admin.php?page=wc-settings&tab=erpsync&section=' . $e['connector'] ),
			);
		}
		usort(
			$events,
			static function ( $a, $b ) {
				return strcmp( $b['at'], $a['at'] );
			}
		);
		return array_slice( $events, 0, $limit );
	}

	/**
	 * A customer link in words: linked to an existing back-office record, or created there (or, for links made
	 * before that was recorded, "linked").
	 *
	 * @param array $r Mapping row (object_type 'customer' or 'guest').
	 */
	private static function customer_event( array $r ): array {
		$label = Settings::label( $r['connector'] );
		$id    = (int) $r['local_id'];
		$rec   = 'vasco' === $r['connector'] ? __( 'partner', 'erpsync' ) : __( 'customer', 'erpsync' );
		$who   = 'guest' === $r['object_type'] ? __( 'A guest customer', 'erpsync' ) : sprintf( /* translators: %d: user id */ __( 'Customer #%d', 'erpsync' ), $id );
		$num   = (string) $r['remote_number'];
		if ( 'created' === $r['how'] ) {
			/* translators: 1: back-office, 2: the word partner or customer, 3: its number, 4: the shop customer */
			$text = sprintf( __( 'New %1$s %2$s %3$s created for %4$s', 'erpsync' ), $label, $rec, $num, 'guest' === $r['object_type'] ? __( 'a guest customer', 'erpsync' ) : $who );
		} elseif ( 'linked' === $r['how'] ) {
			/* translators: 1: the shop customer, 2: back-office, 3: the word partner or customer, 4: its number */
			$text = sprintf( __( '%1$s linked to the existing %2$s %3$s %4$s (found by e-mail or VAT number; nothing created)', 'erpsync' ), $who, $label, $rec, $num );
		} else {
			/* translators: 1: the shop customer, 2: back-office, 3: the word partner or customer, 4: its number */
			$text = sprintf( __( '%1$s linked to %2$s %3$s %4$s', 'erpsync' ), $who, $label, $rec, $num );
		}
		return array(
			'at'        => $r['updated_at'],
			'kind'      => 'customer' . ( '' !== (string) $r['how'] ? '-' . $r['how'] : '' ),
			'connector' => $r['connector'],
			'text'      => $text,
			'url'       => 'guest' === $r['object_type'] ? add_query_arg( 'tab', 'orders', admin_url( 'admin.php?page=erpsync' ) ) : admin_url( 'user-edit.php?user_id=' . $id ),
		);
	}

	/**
	 * The edit screen of an order (HPOS or posts) without loading it.
	 *
	 * @param int $id Order id.
	 */
	public static function order_url( int $id ): string {
		if ( class_exists( \Automattic\WooCommerce\Utilities\OrderUtil::class ) && \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ) {
			return admin_url( 'admin.php?page=wc-orders&action=edit&id=' . $id );
		}
		return admin_url( 'post.php?post=' . $id . '&action=edit' );
	}
}
