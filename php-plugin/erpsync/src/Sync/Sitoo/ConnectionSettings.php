<?php
/**
 * The Sitoo settings section's connection, autosync and trigger parts: the site picked from Sitoo::sites(), the
 * warehouse picked from Sitoo::warehouses() with its type kept (`warehouse_type`: virtual for warehousetype 20, else
 * physical), the autosync and trigger fields, and the system-cron line for shops with WP-Cron off.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** Sitoo connection, autosync and trigger settings. */
final class ConnectionSettings {

	/** Sitoo's warehousetype of a Virtual warehouse (warehousetransactions.yaml: "warehousetype Virtual (20)"). */
	const VIRTUAL = 20;

	/**
	 * The lists the section's selects use, read from Sitoo.
	 *
	 * @param object $c Sitoo connector.
	 * @return array{sites: array, warehouses: array, warehouse_types: array}
	 */
	public static function lists( $c ): array {
		$sites = array();
		foreach ( $c->sites() as $s ) {
			$sites[ (string) $s['eshopid'] ] = $s['eshopid'] . ' – ' . ( (string) ( $s['title'] ?? '' ) !== '' ? $s['title'] : ( $s['siteurl'] ?? '' ) );
		}
		$w     = array();
		$types = array();
		foreach ( $c->warehouses() as $row ) {
			$id           = (string) $row['warehouseid'];
			$types[ $id ] = self::VIRTUAL === (int) ( $row['warehousetype'] ?? 0 ) ? 'virtual' : 'physical';
			$w[ $id ]     = $row['warehouseid'] . ' – ' . $row['name'] . ' (' . ( 'virtual' === $types[ $id ] ? __( 'virtual', 'erpsync' ) : __( 'physical', 'erpsync' ) ) . ')';
		}
		return array(
			'sites'           => $sites,
			'warehouses'      => $w,
			'warehouse_types' => $types,
		);
	}

	/**
	 * The site field: a select of Sitoo's sites once they could be read, else a number with the reason.
	 *
	 * @param array $lists Lists.
	 */
	public static function site_field( array $lists ): array {
		if ( ! empty( $lists['sites'] ) ) {
			return array( 'select', __( 'Sitoo site', 'erpsync' ), __( 'The webshop site of Sitoo this shop syncs with (from Sitoo\'s list).', 'erpsync' ), $lists['sites'] );
		}
		return array( 'number', __( 'Site (eshopid)', 'erpsync' ), $lists['error'] ?? __( 'Save the API address, ID and password to pick the site from Sitoo\'s list.', 'erpsync' ) );
	}

	/**
	 * The type of the chosen warehouse (the stored one when the list could not be read).
	 *
	 * @param string $warehouse Chosen warehouse id.
	 * @param array  $lists     Lists.
	 * @param string $current   Stored type.
	 */
	public static function type_of( string $warehouse, array $lists, string $current ): string {
		return (string) ( $lists['warehouse_types'][ $warehouse ] ?? $current );
	}

	/**
	 * Autosync and trigger fields (Fields::definitions format).
	 *
	 * @param array $statuses WooCommerce order statuses (key without wc-).
	 */
	public static function fields( array $statuses ): array {
		return array(
			'autosync_enabled'            => array( 'checkbox', __( 'Autosync', 'erpsync' ), __( 'Run the Sitoo syncs on a schedule: stock every 3 minutes, the other tasks every 15 minutes (every minute in sandbox mode).', 'erpsync' ) ),
			'autosync_stock'              => array( 'checkbox', __( 'Fetch stock changes from Sitoo', 'erpsync' ), __( 'Reads only the stock changed since the last sync and applies it as differences (a web sale in the same minute still counts). Recommended when Sitoo is the stock master.', 'erpsync' ) ),
			'autosync_orders'             => array(
				'select',
				__( 'Fetch orders from Sitoo', 'erpsync' ),
				__( 'Store2Door: an order with items Sitoo has not delivered. Each Sitoo order becomes one WooCommerce order, however often it is read.', 'erpsync' ),
				array(
					'off'        => __( 'No', 'erpsync' ),
					'store2door' => __( 'Only Store2Door orders (recommended)', 'erpsync' ),
					'all'        => __( 'All orders (not recommended live)', 'erpsync' ),
				),
			),
			'orders_in_status'            => array( 'select', __( 'Status of a fetched regular order', 'erpsync' ), '', $statuses ),
			'orders_in_store2door_status' => array( 'select', __( 'Status of a fetched Store2Door order', 'erpsync' ), '', $statuses ),
			'orders_in_no_tracking'       => array( 'checkbox', __( 'Keep fetched orders out of tracking', 'erpsync' ), __( 'No analytics or tracking hooks (Google Analytics, GTM, pixels, WooCommerce Analytics) and no emails for orders fetched from Sitoo.', 'erpsync' ) ),
			'trigger_stock'               => array( 'checkbox', __( 'Send product stock changes to Sitoo', 'erpsync' ), __( 'Virtual warehouse: each change is sent at once as a difference. Physical warehouse: through orders (processing reduces its stock, cancelled restocks it, the delivery makes no second reduction).', 'erpsync' ) ),
			'force_stock'                 => array( 'checkbox', __( 'Force instant stock changes to a physical warehouse', 'erpsync' ), __( 'Attention: a physical Sitoo warehouse normally gets its stock through orders. This sends every change at once as a stock session, which may upset stock-taking or delivery sessions open in Sitoo. Not recommended live.', 'erpsync' ) ),
		);
	}

	/** The system-cron block under the section (WP-Cron off or not). */
	public static function output_cron(): void {
		$off = defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON;
		echo '<div class="erpsync-sitoo-cron"><h3>' . esc_html__( 'Autosync and system cron', 'erpsync' ) . '</h3><p>';
		echo esc_html( $off ? __( 'WP-Cron is off on this site: add this line to the system crontab so the autosync runs (nothing edits the crontab from here):', 'erpsync' ) : __( 'The autosync runs from WP-Cron. If you turn WP-Cron off, add this line to the system crontab:', 'erpsync' ) );
		echo '</p><p><code class="erpsync-cron-line">' . esc_html( Autosync::cron_line() ) . '</code></p>';
		foreach ( array(
			'stock' => __( 'Stock from Sitoo', 'erpsync' ),
			'tasks' => __( 'Other tasks', 'erpsync' ),
		) as $which => $label ) {
			$every = Autosync::every( $which );
			if ( $every ) {
				/* translators: 1: schedule name, 2: minutes */
				$text = sprintf( __( '%1$s: every %2$d min.', 'erpsync' ), $label, (int) ( $every / MINUTE_IN_SECONDS ) );
			} else {
				/* translators: %s: schedule name */
				$text = sprintf( __( '%s: off.', 'erpsync' ), $label );
			}
			echo '<p class="erpsync-autosync-' . esc_attr( $which ) . '">' . esc_html( $text ) . '</p>';
		}
		echo '</div>';
	}
}
