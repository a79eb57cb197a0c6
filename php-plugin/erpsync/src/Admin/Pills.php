<?php
/**
 * WooCommerce's status pills (mark.order-status) for the back-office state of an order, one per back-office, in
 * words an owner understands.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Status pills. */
final class Pills {

	/**
	 * Short words for a state.
	 *
	 * @param array|null $row Mapping row, or null when never queued.
	 */
	public static function words( ?array $row ): string {
		if ( ! $row ) {
			return __( 'not sent', 'erpsync' );
		}
		$words = array(
			'done'        => __( 'sent', 'erpsync' ),
			'failed'      => __( 'stopped', 'erpsync' ),
			'retry'       => __( 'retrying', 'erpsync' ),
			'unknown'     => __( 'checking', 'erpsync' ),
			'queued'      => __( 'queued', 'erpsync' ),
			'blacklisted' => __( 'blacklisted', 'erpsync' ),
		);
		return $words[ $row['state'] ] ?? (string) $row['state'];
	}

	/**
	 * WooCommerce's pill class for a state.
	 *
	 * @param array|null $row Mapping row.
	 */
	public static function css( ?array $row ): string {
		$map = array(
			'done'    => 'status-processing',
			'failed'  => 'status-failed',
			'retry'   => 'status-on-hold',
			'unknown' => 'status-on-hold',
			'queued'  => 'status-on-hold',
		);
		return $row && isset( $map[ $row['state'] ] ) ? $map[ $row['state'] ] : 'status-cancelled';
	}

	/**
	 * One pill (escaped HTML): "VASCO · NK-00412" when sent, "VASCO · stopped" otherwise, the reason as title.
	 *
	 * @param string     $connector Connector id.
	 * @param array|null $row       Mapping row.
	 */
	public static function html( string $connector, ?array $row ): string {
		$sent  = $row && 'done' === $row['state'];
		$text  = Settings::label( $connector ) . ' · ' . ( $sent && '' !== (string) $row['remote_number'] ? $row['remote_number'] : self::words( $row ) );
		$title = ( $row && ! $sent && '' !== (string) $row['last_error'] ) ? Redact::text( (string) $row['last_error'] ) : OrderUi::state_label( $row );
		return '<mark class="order-status erpsync-pill erpsync-state-' . esc_attr( $row ? $row['state'] : 'none' ) . ' ' . esc_attr( self::css( $row ) ) . '" title="' . esc_attr( $title ) . '"><span>' . esc_html( $text ) . '</span></mark>';
	}
}
