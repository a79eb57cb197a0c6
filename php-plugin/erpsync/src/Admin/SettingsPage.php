<?php
/**
 * WooCommerce → Settings → ERP Sync: a general section and one section per connector. WooCommerce checks the
 * `woocommerce-settings` nonce before save() and the page needs manage_woocommerce; save() checks the capability
 * again. Secrets are never written into the page: their inputs are empty and say whether a value is saved.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\RequestLog;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Orders\Pipeline;

defined( 'ABSPATH' ) || exit;

/** The settings tab. */
final class SettingsPage extends \WC_Settings_Page {

	/**
	 * Lists loaded from the back-office for the current section (cached for ten minutes).
	 *
	 * @var array|null
	 */
	private $lists = null;

	/** Constructor. */
	public function __construct() {
		$this->id    = 'erpsync';
		$this->label = __( 'ERP Sync', 'erpsync' );
		parent::__construct();
	}

	/** Sections: general + connectors. */
	protected function get_own_sections() {
		$s = array( '' => __( 'General', 'erpsync' ) );
		foreach ( Settings::CONNECTORS as $id ) {
			$s[ $id ] = Settings::label( $id );
		}
		return $s;
	}

	/** The general section (WooCommerce fields, stored as separate options). */
	protected function get_settings_for_default_section() {
		return array(
			array(
				'type'  => 'title',
				'title' => __( 'ERP Sync', 'erpsync' ),
				'desc'  => __( 'Choose a back-office above to set it up. Every call to a back-office runs in the background queue (WooCommerce → Status → Scheduled Actions, group erpsync).', 'erpsync' ),
				'id'    => 'erpsync_general',
			),
			array(
				'type'              => 'number',
				'id'                => RequestLog::RETENTION_OPTION,
				'title'             => __( 'Keep the request log for (days)', 'erpsync' ),
				'default'           => RequestLog::DEFAULT_DAYS,
				'custom_attributes' => array(
					'min' => 1,
					'max' => 365,
				),
			),
			array(
				'type'    => 'text',
				'id'      => \ErpSync\Plugin\Orders\VatNumber::KEYS_OPTION,
				'title'   => __( 'Order meta keys holding the VAT/PIB number', 'erpsync' ),
				'desc'    => __( 'Comma-separated; the first one an order has is used. The default covers WooCommerce EU VAT Number (_billing_vat_number, _vat_number), Aelia EU VAT Assistant (vat_number), EU VAT for WooCommerce (_billing_eu_vat_number), Germanized Pro (_billing_vat_id), German Market (billing_vat), YITH EU VAT (yweu_billing_vat), EU/UK VAT Compliance (VAT Number). The checkout field below is always read first.', 'erpsync' ),
				'default' => \ErpSync\Plugin\Orders\VatNumber::DEFAULT_KEYS,
				'css'     => 'min-width:40em',
			),
			array(
				'type'    => 'checkbox',
				'id'      => \ErpSync\Plugin\Orders\VatNumber::FIELD_OPTION,
				'title'   => __( 'Checkout field "Company VAT number / PIB"', 'erpsync' ),
				'desc'    => __( 'Ask for it at checkout (classic and block checkout), optional for the customer. For shops without an EU-VAT plugin.', 'erpsync' ),
				'default' => 'no',
			),
			array(
				'type'    => 'checkbox',
				'id'      => 'erpsync_remove_data_on_uninstall',
				'title'   => __( 'Remove data on uninstall', 'erpsync' ),
				'desc'    => __( 'Delete the links between orders and back-office documents, the request log and these settings when the plugin is deleted.', 'erpsync' ),
				'default' => 'no',
			),
			array(
				'type' => 'sectionend',
				'id'   => 'erpsync_general',
			),
		);
	}

	/** Current section id, validated. */
	private function section(): string {
		global $current_section;
		return in_array( (string) $current_section, Settings::CONNECTORS, true ) ? (string) $current_section : '';
	}

	/** Output of a section. */
	public function output() {
		$id = $this->section();
		if ( '' === $id ) {
			parent::output();
			$this->output_status_overview();
			return;
		}
		$this->output_test_result( $id );
		$s      = Settings::get( $id );
		$fields = array(
			array(
				'type'  => 'title',
				'title' => Settings::label( $id ),
				'id'    => 'erpsync_' . $id,
			),
		);
		foreach ( Fields::definitions( $id, $this->lists( $id ) ) as $key => $def ) {
			list( $type, $title ) = $def;
			$field                = array(
				'id'         => 'erpsync_' . $id . '_' . str_replace( '.', '_', $key ),
				'field_name' => 'erpsync[' . $key . ']',
				'title'      => $title,
				'desc'       => $def[2] ?? '',
				'default'    => '',
			);
			if ( str_starts_with( $key, 'payment_codes.' ) ) {
				$gid                 = substr( $key, strlen( 'payment_codes.' ) );
				$field['field_name'] = 'erpsync[payment_codes][' . $gid . ']';
				$field['type']       = 'number';
				$field['value']      = (string) ( $s['payment_codes'][ $gid ] ?? '' );
			} elseif ( 'secret' === $type ) {
				$field['type']              = 'password';
				$field['value']             = ''; // never echoed back.
				$saved                      = '' !== (string) $s[ $key ];
				$field['placeholder']       = $saved ? __( 'saved (leave empty to keep)', 'erpsync' ) : __( 'not set', 'erpsync' );
				$field['custom_attributes'] = array( 'autocomplete' => 'new-password' );
				$fields[]                   = $field;
				if ( $saved ) {
					$fields[] = array(
						'id'         => $field['id'] . '_clear',
						'field_name' => 'erpsync[' . $key . '_clear]',
						'type'       => 'checkbox',
						/* translators: %s: field title */
						'title'      => '',
						'desc'       => __( 'Remove the saved value', 'erpsync' ),
						'value'      => 'no',
						'default'    => 'no',
					);
				}
				continue;
			} elseif ( 'json' === $type ) {
				$field['type']  = 'textarea';
				$field['css']   = 'width: 100%; min-height: 6em; font-family: monospace;';
				$field['value'] = (string) $s[ $key ];
			} else {
				$field['type']  = 'url' === $type || 'url_pattern' === $type ? 'text' : ( 'select' === $type || 'multiselect' === $type ? $type : $type );
				$field['value'] = $s[ $key ];
				if ( isset( $def[3] ) ) {
					$field['options'] = $def[3];
					$field['class']   = 'multiselect' === $type ? 'wc-enhanced-select' : '';
				}
			}
			$fields[] = $field;
		}
		$fields[] = array(
			'type' => 'sectionend',
			'id'   => 'erpsync_' . $id,
		);
		\WC_Admin_Settings::output_fields( SettingsGroups::group( $id, $fields ) ); // connection with its live state first, rare fields folded.
		$this->output_actions( $id );
	}

	/**
	 * Test connection (and for Logistos the handshake) buttons, as links to nonce-checked admin-post actions.
	 *
	 * @param string $id Connector id.
	 */
	private function output_actions( string $id ): void {
		$test = wp_nonce_url( admin_url( 'admin-post.php?action=erpsync_test_connection&connector=' . $id ), 'erpsync_test_connection_' . $id );
		echo '<p class="erpsync-actions"><a class="button erpsync-test-connection" href="' . esc_url( $test ) . '">' . esc_html__( 'Test connection', 'erpsync' ) . '</a> ';
		echo '<span class="description">' . esc_html__( 'Tests the saved settings: save first.', 'erpsync' ) . '</span></p>';
		if ( 'sitoo' === $id ) {
			\ErpSync\Plugin\Sync\Sitoo\ConnectionSettings::output_cron();
		}
		if ( 'logistos' === $id ) {
			$s = Settings::get( 'logistos' );
			if ( '' !== $s['handshake_at'] ) {
				/* translators: %s: date */
				echo '<p class="erpsync-handshake-done">' . esc_html( sprintf( __( 'Connected to Logistos on %s.', 'erpsync' ), $s['handshake_at'] ) ) . '</p>';
			} elseif ( 'yes' === $s['consent'] ) {
				$url = wp_nonce_url( admin_url( 'admin-post.php?action=erpsync_logistos_connect' ), 'erpsync_logistos_connect' );
				echo '<p><a class="button button-primary erpsync-logistos-connect" href="' . esc_url( $url ) . '">' . esc_html__( 'Connect to Logistos and send historical orders', 'erpsync' ) . '</a></p>';
			} else {
				echo '<p class="description">' . esc_html__( 'To connect, tick "Share REST keys" and save.', 'erpsync' ) . '</p>';
			}
		}
	}

	/**
	 * The last Test connection result of this user, once.
	 *
	 * @param string $id Connector id.
	 */
	private function output_test_result( string $id ): void {
		$key = 'erpsync_test_' . get_current_user_id() . '_' . $id;
		$r   = get_transient( $key );
		if ( ! is_array( $r ) ) {
			return;
		}
		delete_transient( $key );
		$class = $r['ok'] ? 'notice-success' : 'notice-error';
		echo '<div class="notice ' . esc_attr( $class ) . ' inline erpsync-test-result"><p>' . esc_html( $r['message'] ) . '</p></div>';
	}

	/** Counts per connector and state on the general section. */
	private function output_status_overview(): void {
		echo '<h2>' . esc_html__( 'Orders per back-office', 'erpsync' ) . '</h2><table class="widefat striped erpsync-overview" style="max-width:40em"><thead><tr><th>' . esc_html__( 'Back-office', 'erpsync' ) . '</th><th>' . esc_html__( 'State', 'erpsync' ) . '</th><th>' . esc_html__( 'Orders', 'erpsync' ) . '</th></tr></thead><tbody>';
		foreach ( \ErpSync\Plugin\Infra\Mapping::order_counts() as $connector => $states ) {
			foreach ( $states as $state => $n ) {
				echo '<tr><td>' . esc_html( Settings::label( $connector ) ) . '</td><td>' . esc_html( $state ) . '</td><td>' . esc_html( $n ) . '</td></tr>';
			}
		}
		$blocked = array_sum( array_map( 'intval', (array) get_option( Pipeline::BLACKLIST_COUNT_OPTION, array() ) ) );
		echo '</tbody></table><p>' . esc_html( sprintf( /* translators: %d: count */ __( 'Orders not sent because of the email blacklist: %d', 'erpsync' ), $blocked ) ) . '</p>';
	}

	/**
	 * Lists from the back-office for the selects (SORS databases and business units, Sitoo warehouses), cached
	 * for ten minutes per settings; on failure the field falls back to a text input that says why.
	 *
	 * @param string $id Connector id.
	 */
	private function lists( string $id ): array {
		if ( null !== $this->lists ) {
			return $this->lists;
		}
		$this->lists = array();
		if ( ! in_array( $id, array( 'sors', 'sitoo' ), true ) || ! \ErpSync\Plugin\Infra\Environment::extension_ready() ) {
			return $this->lists;
		}
		$s   = Settings::get( $id );
		$key = 'erpsync_lists_' . $id . '_' . md5( wp_json_encode( $s ) );
		if ( ( 'sors' === $id && '' === $s['api_key'] ) || ( 'sitoo' === $id && '' === $s['base_url'] ) ) {
			return $this->lists;
		}
		$cached = get_transient( $key );
		if ( is_array( $cached ) ) {
			$this->lists = $cached;
			return $cached;
		}
		try {
			$c = Connectors::make( $id );
			if ( 'sors' === $id ) {
				$dbs = array( '' => __( '— choose —', 'erpsync' ) );
				foreach ( $c->databases() as $d ) {
					$dbs[ (string) $d['name'] ] = (string) $d['name'];
				}
				$this->lists = array( 'databases' => $dbs );
				// Business units live in a database: listed once one is chosen and saved.
				if ( '' !== (string) ( 'test' === $s['mode'] ? $s['test_database'] : $s['database'] ) ) {
					$units = array( '' => __( '— choose —', 'erpsync' ) );
					foreach ( $c->businessUnits() as $u ) {
						$units[ (string) $u['id'] ] = $u['id'] . ' – ' . $u['name'];
					}
					$this->lists['units'] = $units;
					// Price types and stock modes of that database, for the catalogue and stock syncs.
					foreach ( array(
						'price_types' => $c->priceTypes(),
						'stock_modes' => $c->stockModes(),
					) as $k => $rows ) {
						$this->lists[ $k ] = array( '' => __( '— choose —', 'erpsync' ) );
						foreach ( $rows as $r ) {
							$this->lists[ $k ][ (string) $r['id'] ] = $r['id'] . ( isset( $r['name'] ) ? ' – ' . $r['name'] : '' );
						}
					}
				}
			} else {
				$this->lists = \ErpSync\Plugin\Sync\Sitoo\ConnectionSettings::lists( $c ); // sites, warehouses and their types.
			}
			set_transient( $key, $this->lists, 10 * MINUTE_IN_SECONDS );
		} catch ( \Throwable $e ) {
			// The reason may quote the back-office's own error text: it becomes a field description, which WooCommerce
			// prints through wp_kses_post, so it is escaped here to stay plain text (no link or image of a hostile server).
			/* translators: %s: reason */
			$this->lists = array( 'error' => esc_html( sprintf( __( 'The list could not be loaded: %s', 'erpsync' ), \ErpSync\Plugin\Infra\Redact::text( $e->getMessage() ) ) ) );
		}
		return $this->lists;
	}

	/** Save of a section (WooCommerce has checked the woocommerce-settings nonce). */
	public function save() {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to change these settings.', 'erpsync' ), 403 );
		}
		$id = $this->section();
		if ( '' === $id ) {
			parent::save();
			return;
		}
		$posted                  = isset( $_POST['erpsync'] ) && is_array( $_POST['erpsync'] ) ? wp_unslash( $_POST['erpsync'] ) : array(); // phpcs:ignore WordPress.Security.NonceVerification.Missing,WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- the nonce is verified by WC_Admin_Settings::save() before it calls save(); Fields::sanitize() sanitises each field by type.
		list( $values, $errors ) = Fields::sanitize( $id, $posted, $this->lists( $id ) );
		if ( 'sitoo' === $id && isset( $values['warehouse_id'] ) ) {
			$values['warehouse_type'] = \ErpSync\Plugin\Sync\Sitoo\ConnectionSettings::type_of( (string) $values['warehouse_id'], $this->lists( $id ), (string) Settings::get( 'sitoo' )['warehouse_type'] );
		}
		Settings::put( $id, $values );
		$this->lists = null; // The page shown after saving loads its lists with the new settings (a key just saved).
		if ( 'logistos' === $id && ( 'yes' !== $values['consent'] || 'yes' !== $values['enabled'] ) ) {
			// Consent withdrawn or connector switched off: the REST key made for Logistos stops working now.
			Actions::revoke_logistos();
		}
		foreach ( $errors as $e ) {
			\WC_Admin_Settings::add_error( $e );
		}
		$this->do_update_options_action();
	}
}
