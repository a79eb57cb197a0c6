<?php
/**
 * What the plugin needs (WooCommerce, the erpsync extension at a minimum version) and what it says when
 * something is missing: one admin notice, a Site Health test. The shop keeps working either way.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Infra;

defined( 'ABSPATH' ) || exit;

/** Environment checks, admin notice and Site Health test. */
final class Environment {

	const INSTALL_DOC = 'https://github.com/erpsync/erpsync/blob/main/docs/install.md';

	/** Runs on plugins_loaded. */
	public static function boot(): void {
		add_filter( 'site_status_tests', array( __CLASS__, 'site_health_tests' ) );
		if ( self::missing() ) {
			add_action( 'admin_notices', array( __CLASS__, 'admin_notice' ) );
		}
	}

	/**
	 * What is missing, in words a shop owner understands ([] when everything is there).
	 *
	 * @return string[]
	 */
	public static function missing(): array {
		$missing = array();
		if ( ! class_exists( 'WooCommerce', false ) ) {
			$missing[] = __( 'WooCommerce is not active.', 'erpsync' );
		}
		if ( ! extension_loaded( 'erpsync' ) || ! class_exists( '\ErpSync\Http\Client', false ) ) {
			$missing[] = __( 'The erpsync PHP extension is not loaded on this server.', 'erpsync' );
		} elseif ( version_compare( (string) phpversion( 'erpsync' ), ERPSYNC_MIN_EXTENSION, '<' ) ) {
			/* translators: 1: installed version, 2: required version */
			$missing[] = sprintf( __( 'The erpsync PHP extension is version %1$s; version %2$s or newer is needed.', 'erpsync' ), phpversion( 'erpsync' ), ERPSYNC_MIN_EXTENSION );
		}
		return $missing;
	}

	/** Whether the extension is loaded at the minimum version. */
	public static function extension_ready(): bool {
		return extension_loaded( 'erpsync' ) && class_exists( '\ErpSync\Http\Client', false )
			&& version_compare( (string) phpversion( 'erpsync' ), ERPSYNC_MIN_EXTENSION, '>=' );
	}

	/** One notice for everything that is missing. */
	public static function admin_notice(): void {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		$missing = self::missing();
		if ( ! $missing ) {
			return;
		}
		echo '<div class="notice notice-error erpsync-missing"><p><strong>' . esc_html__( 'ERP Sync is paused; orders wait in the queue.', 'erpsync' ) . '</strong></p><ul>';
		foreach ( $missing as $line ) {
			echo '<li>' . esc_html( $line ) . '</li>';
		}
		echo '</ul><p><a href="' . esc_url( self::INSTALL_DOC ) . '">' . esc_html__( 'How to install what is missing', 'erpsync' ) . '</a></p></div>';
	}

	/**
	 * Adds the extension test to Site Health.
	 *
	 * @param array $tests Site Health tests.
	 * @return array
	 */
	public static function site_health_tests( $tests ) {
		$tests['direct']['erpsync_extension'] = array(
			'label' => __( 'ERP Sync extension', 'erpsync' ),
			'test'  => array( __CLASS__, 'site_health_result' ),
		);
		return $tests;
	}

	/** The Site Health result: the extension, its version and its libraries. */
	public static function site_health_result(): array {
		if ( ! extension_loaded( 'erpsync' ) ) {
			return array(
				'label'       => __( 'The erpsync PHP extension is not loaded', 'erpsync' ),
				'status'      => 'critical',
				'badge'       => array(
					'label' => __( 'ERP Sync', 'erpsync' ),
					'color' => 'red',
				),
				'description' => '<p>' . esc_html__( 'Orders are queued but cannot be sent until the extension is installed.', 'erpsync' ) . '</p>',
				'actions'     => '<a href="' . esc_url( self::INSTALL_DOC ) . '">' . esc_html__( 'Install the extension', 'erpsync' ) . '</a>',
				'test'        => 'erpsync_extension',
			);
		}
		$info = \ErpSync\info();
		return array(
			/* translators: 1: extension version, 2: libcurl version, 3: json-c version */
			'label'       => sprintf( __( 'erpsync %1$s is loaded (libcurl %2$s, json-c %3$s)', 'erpsync' ), $info['version'], $info['curl_linked'], $info['json_c_linked'] ),
			'status'      => version_compare( $info['version'], ERPSYNC_MIN_EXTENSION, '>=' ) ? 'good' : 'critical',
			'badge'       => array(
				'label' => __( 'ERP Sync', 'erpsync' ),
				'color' => 'blue',
			),
			'description' => '<p>' . esc_html( sprintf( 'TLS: %s', $info['curl_ssl'] ) ) . '</p>',
			'test'        => 'erpsync_extension',
		);
	}
}
