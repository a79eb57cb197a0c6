<?php
/**
 * Groups a back-office's settings section (WooCommerce → Settings → ERP Sync → <back-office>): the connection with
 * its live state at the top (from the last logged call, no call per page view), then orders, customers, payments,
 * stock/catalogue; the test instance and the advanced overrides folded away (open when they are in use or when a
 * link points at one of their fields).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Admin\Query\OverviewQuery;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Settings groups. */
final class SettingsGroups {

	/** Hooks: the field types used below. */
	public static function register(): void {
		add_action( 'woocommerce_admin_field_erpsync_live_state', array( __CLASS__, 'live_state' ) );
		add_action( 'woocommerce_admin_field_erpsync_fold_open', array( __CLASS__, 'fold_open' ) );
		add_action( 'woocommerce_admin_field_erpsync_fold_close', array( __CLASS__, 'fold_close' ) );
	}

	/** Groups: key → [title, folded]. */
	private static function groups(): array {
		return array(
			'connection' => array( __( 'Connection', 'erpsync' ), false ),
			'orders'     => array( __( 'Orders', 'erpsync' ), false ),
			'customers'  => array( __( 'Customers', 'erpsync' ), false ),
			'payments'   => array( __( 'Payments', 'erpsync' ), false ),
			'stock'      => array( __( 'Stock and catalogue', 'erpsync' ), false ),
			'misc'       => array( __( 'Misc', 'erpsync' ), false ),
			'autosync'   => array( __( 'Autosync', 'erpsync' ), false ),
			'triggers'   => array( __( 'Triggers', 'erpsync' ), false ),
			'test'       => array( __( 'Test instance (demo, sandbox, test database)', 'erpsync' ), true ),
			'advanced'   => array( __( 'Advanced', 'erpsync' ), true ),
		);
	}

	/**
	 * The group of a setting key.
	 *
	 * @param string $key Setting key (as in Fields::definitions()).
	 */
	public static function group_of( string $key ): string {
		$key = preg_replace( '/_clear$/', '', $key );
		if ( preg_match( '/^(test_|demo_|sandbox_)/', $key ) ) {
			return 'test';
		}
		if ( preg_match( '/^(misc_|tools_)/', $key ) ) {
			return 'misc';
		}
		if ( str_starts_with( $key, 'payment_codes' ) || 'default_payment_code' === $key || str_contains( $key, 'payment' ) ) {
			return 'payments';
		}
		if ( preg_match( '/^(enabled|mode|base_url|production_|api_key|api_id|password|database|business_unit|siteid|handshake_url|orders_url|bearer_token|consent)/', $key ) ) {
			return 'connection';
		}
		if ( preg_match( '/(vat|customer|partner|blacklist|pib)/', $key ) ) {
			return 'customers';
		}
		if ( preg_match( '/^(stock_|price_|warehouse_id$|product|catalog|ean|image)/', $key ) ) {
			return 'stock';
		}
		if ( preg_match( '/^(autosync_|orders_in_)/', $key ) ) {
			return 'autosync';
		}
		if ( preg_match( '/^(trigger_|force_stock)/', $key ) ) {
			return 'triggers';
		}
		if ( 'overrides' === $key ) {
			return 'advanced';
		}
		return 'orders';
	}

	/**
	 * The section's fields regrouped (the first 'title' and last 'sectionend' of the flat list are replaced).
	 *
	 * @param string $id     Connector id.
	 * @param array  $fields WooCommerce settings fields of the section.
	 */
	public static function group( string $id, array $fields ): array {
		$by = array_fill_keys( array_keys( self::groups() ), array() );
		foreach ( $fields as $f ) {
			if ( in_array( $f['type'] ?? '', array( 'title', 'sectionend' ), true ) ) {
				continue;
			}
			$key                            = preg_match( '/^erpsync\[([a-z0-9_]+)\]/', (string) ( $f['field_name'] ?? '' ), $m ) ? $m[1] : '';
			$by[ self::group_of( $key ) ][] = $f;
		}
		$mode = (string) ( Settings::get( $id )['mode'] ?? '' );
		$out  = array(
			array(
				'type'  => 'title',
				'title' => Settings::label( $id ),
				'id'    => 'erpsync_' . $id,
			),
			array(
				'type'      => 'erpsync_live_state',
				'id'        => 'erpsync_' . $id . '_live_state',
				'connector' => $id,
			),
			array(
				'type' => 'sectionend',
				'id'   => 'erpsync_' . $id,
			),
		);
		foreach ( self::groups() as $g => $def ) {
			if ( ! $by[ $g ] ) {
				continue;
			}
			$fold = $def[1] && ! ( 'test' === $g && in_array( $mode, array( 'test', 'demo', 'sandbox' ), true ) );
			if ( $fold ) {
				$out[] = array(
					'type'  => 'erpsync_fold_open',
					'id'    => 'erpsync_' . $id . '_fold_' . $g,
					'title' => $def[0],
				);
			}
			$out[] = array(
				'type'  => 'title',
				'title' => $fold ? '' : $def[0],
				'id'    => 'erpsync_' . $id . '_group_' . $g,
			);
			$out   = array_merge( $out, $by[ $g ] );
			$out[] = array(
				'type' => 'sectionend',
				'id'   => 'erpsync_' . $id . '_group_' . $g,
			);
			if ( $fold ) {
				$out[] = array(
					'type' => 'erpsync_fold_close',
					'id'   => 'erpsync_' . $id . '_fold_' . $g,
				);
			}
		}
		return $out;
	}

	/**
	 * The connection's live state: switched on or off, and the last call made (no new call).
	 *
	 * @param array $f Field.
	 */
	public static function live_state( $f ): void {
		$id   = (string) $f['connector'];
		$call = OverviewQuery::last_call( $id );
		$on   = Settings::enabled( $id );
		echo '<div class="erpsync-live-state notice inline ' . esc_attr( ! $call ? 'notice-info' : ( OverviewQuery::call_ok( $call ) ? 'notice-success' : 'notice-error' ) ) . '"><p>';
		echo '<strong>' . esc_html( $on ? __( 'Switched on.', 'erpsync' ) : __( 'Switched off: nothing is sent.', 'erpsync' ) ) . '</strong> ';
		if ( $call ) {
			$status = (int) $call['status'];
			/* translators: 1: time, 2: method and address, 3: HTTP status or error */
			echo esc_html( sprintf( __( 'Last call %1$s (%2$s): %3$s.', 'erpsync' ), Dashboard::when( $call['created_at'] ), $call['method'] . ' ' . wp_parse_url( (string) $call['url'], PHP_URL_PATH ), $status ? 'HTTP ' . $status : Redact::text( (string) $call['error'] ) ) );
		} else {
			echo esc_html__( 'No call made yet: use Test connection below.', 'erpsync' );
		}
		echo ' <a href="' . esc_url( Dashboard::url( 'log', array( 'connector' => $id ) ) ) . '">' . esc_html__( 'Request log', 'erpsync' ) . '</a> · <a href="' . esc_url( Dashboard::url( 'overview' ) ) . '">' . esc_html__( 'ERP Sync overview', 'erpsync' ) . '</a></p></div>';
	}

	/**
	 * Opens a folded group.
	 *
	 * @param array $f Field.
	 */
	public static function fold_open( $f ): void {
		echo '<details class="erpsync-fold" id="' . esc_attr( (string) $f['id'] ) . '"><summary style="cursor:pointer;font-size:1.3em;font-weight:600;margin:1em 0">' . esc_html( (string) $f['title'] ) . '</summary>';
	}

	/**
	 * Closes a folded group; opens it when the address points at one of its fields.
	 *
	 * @param array $f Field.
	 */
	public static function fold_close( $f ): void {
		echo '</details><script>(function(d){function o(){var h=location.hash.slice(1);if(!h){return;}var e=document.getElementById(h);if(e&&d.contains(e)){d.open=true;e.focus();}}o();window.addEventListener("hashchange",o);})(document.getElementById(' . wp_json_encode( (string) $f['id'] ) . '));</script>';
	}
}
