<?php
/**
 * Site Health → Info: an "ERP Sync" section — extension, libcurl and json-c versions, back-offices enabled and
 * their mode, queue depth, last sync per back-office, request-log retention. No secret, no address.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Admin\Query\OverviewQuery;
use ErpSync\Plugin\Admin\Query\SyncRunsQuery;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\RequestLog;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Site Health info. */
final class SiteHealth {

	/** Hooks. */
	public static function register(): void {
		add_filter( 'debug_information', array( __CLASS__, 'info' ) );
	}

	/**
	 * The section.
	 *
	 * @param array $info Site Health info.
	 */
	public static function info( $info ) {
		$ext    = extension_loaded( 'erpsync' );
		$x      = $ext && function_exists( 'ErpSync\info' ) ? (array) \ErpSync\info() : array();
		$fields = array(
			'extension' => array(
				'label' => __( 'erpsync extension', 'erpsync' ),
				'value' => $ext ? (string) phpversion( 'erpsync' ) : __( 'not loaded', 'erpsync' ),
			),
			'libcurl'   => array(
				'label' => __( 'libcurl', 'erpsync' ),
				'value' => (string) ( $x['libcurl'] ?? $x['curl_version'] ?? ( function_exists( 'curl_version' ) ? curl_version()['version'] : '—' ) ),
			),
			'json-c'    => array(
				'label' => __( 'json-c', 'erpsync' ),
				'value' => (string) ( $x['json-c'] ?? $x['json_c'] ?? $x['jsonc'] ?? '—' ),
			),
		);
		$counts = Mapping::order_counts();
		foreach ( Settings::CONNECTORS as $c ) {
			$s    = Settings::get( $c );
			$mode = (string) ( $s['mode'] ?? '' );
			$runs = SyncRunsQuery::latest( 1, $c );
			$wait = 0;
			foreach ( array( 'queued', 'retry', 'unknown' ) as $st ) {
				$wait += (int) ( $counts[ $c ][ $st ] ?? 0 );
			}
			$fields[ $c ] = array(
				'label' => Settings::label( $c ),
				'value' => sprintf(
					/* translators: 1: on/off, 2: mode, 3: waiting exports, 4: stopped exports, 5: last sync */
					__( '%1$s; mode %2$s; %3$d waiting, %4$d stopped; last sync %5$s', 'erpsync' ),
					Settings::enabled( $c ) ? __( 'enabled', 'erpsync' ) : __( 'disabled', 'erpsync' ),
					'' !== $mode ? $mode : '—',
					$wait,
					(int) ( $counts[ $c ]['failed'] ?? 0 ),
					$runs ? (string) ( $runs[0]['finished_at'] ? $runs[0]['finished_at'] : $runs[0]['started_at'] ) . ' UTC' : __( 'never', 'erpsync' )
				),
			);
		}
		$fields['queue']     = array(
			'label' => __( 'Pending queue actions (group erpsync)', 'erpsync' ),
			'value' => function_exists( 'as_get_scheduled_actions' ) ? (string) count(
				as_get_scheduled_actions(
					array(
						'group'    => 'erpsync',
						'status'   => 'pending',
						'per_page' => 1000,
					),
					'ids'
				)
			) : '—',
		);
		$next                = OverviewQuery::next_action( 'erpsync_sync' );
		$fields['next_sync'] = array(
			'label' => __( 'Next scheduled sync', 'erpsync' ),
			'value' => $next ? gmdate( 'Y-m-d H:i', $next ) . ' UTC' : __( 'none', 'erpsync' ),
		);
		$fields['retention'] = array(
			'label' => __( 'Request log kept (days)', 'erpsync' ),
			'value' => (string) RequestLog::retention_days(),
		);
		$info['erpsync']     = array(
			'label'  => __( 'ERP Sync', 'erpsync' ),
			'fields' => $fields,
		);
		return $info;
	}
}
