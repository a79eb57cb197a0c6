<?php
/**
 * WordPress side of the drain benchmark (site prefix bn_, WooCommerce + erpsync active), run by tests/bench/drain.sh:
 *   php drain_site.php WP_DIR setup N P      the shop, VASCO settings, N paid orders queued (not timed)
 *   php drain_site.php WP_DIR config URL     VASCO settings pointed at this run's simulator
 *   php drain_site.php WP_DIR report         JSON: mapping states of the orders, pending actions, request-log rows
 * Orders: one in two from an e-mail of partners 2..1001 (already at VASCO when the simulator is seeded with ≥ 1,000
 * partners, else created on the first order), the others from
 * 1 of N/4 returning guests, so the partner step sees found, created and already-linked customers.
 */
[, $wp_dir, $what] = $argv;
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require $wp_dir . '/wp-load.php';
add_filter( 'pre_wp_mail', '__return_false' );
wp_set_current_user( 1 );

function bench_vasco_settings( string $url ): void {
	ErpSync\Plugin\Infra\Settings::put( 'vasco', array(
		'enabled' => 'yes', 'mode' => 'production', 'production_base_url' => $url,
		'production_username' => 'vasco', 'production_password' => 'vasco-pass', 'production_tax_number' => '12345678',
		'payment_codes' => array( 'bacs' => '3', 'cod' => '4' ), 'shipping_article' => 'DOSTAVA', 'fee_article' => 'PROVIZIJA',
	) );
}

switch ( $what ) {
	case 'setup':
		global $wpdb;
		$n = (int) $argv[3];
		$p = (int) $argv[4];
		update_option( 'woocommerce_currency', 'EUR' );
		update_option( 'woocommerce_default_country', 'SI' );
		update_option( 'woocommerce_calc_taxes', 'yes' );
		update_option( 'woocommerce_prices_include_tax', 'no' );
		update_option( 'woocommerce_tax_based_on', 'billing' );
		if ( ! $wpdb->get_var( "SELECT tax_rate_id FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_country = 'SI' AND tax_rate_class = ''" ) ) {
			WC_Tax::_insert_tax_rate( array( 'tax_rate_country' => 'SI', 'tax_rate_state' => '', 'tax_rate' => '22.0000', 'tax_rate_name' => 'DDV 22 %',
				'tax_rate_priority' => 1, 'tax_rate_compound' => 0, 'tax_rate_shipping' => 1, 'tax_rate_order' => 1, 'tax_rate_class' => '' ) );
		}
		update_option( 'woocommerce_bacs_settings', array( 'enabled' => 'yes', 'title' => 'Bank transfer' ) );
		bench_vasco_settings( (string) $argv[5] );
		$products = array();
		foreach ( array( array( 'ART-000001', '18.00' ), array( 'ART-000002', '84.00' ), array( 'ART-000003', '5.50' ) ) as $d ) {
			$id = wc_get_product_id_by_sku( $d[0] );
			if ( ! $id ) {
				$pr = new WC_Product_Simple();
				$pr->set_name( "Product {$d[0]}" );
				$pr->set_sku( $d[0] );
				$pr->set_regular_price( $d[1] );
				$id = $pr->save();
			}
			$products[] = wc_get_product( $id );
		}
		$guests = max( 1, intdiv( $n, 4 ) );
		for ( $i = 1; $i <= $n; $i++ ) {
			$email = 0 === $i % 2 ? 'partner' . ( 2 + ( $i * 7919 ) % 1000 ) . '@example.si' : 'guest' . ( $i % $guests ) . '@example.com';
			$order = wc_create_order( array( 'status' => 'pending' ) );
			$order->add_product( $products[ $i % 3 ], 1 + $i % 3 );
			$order->add_product( $products[ ( $i + 1 ) % 3 ], 1 );
			$billing = array( 'first_name' => 'Maja', 'last_name' => "Horvat $i", 'company' => '', 'address_1' => 'Dunajska cesta 5',
				'city' => 'Ljubljana', 'postcode' => '1000', 'country' => 'SI', 'email' => $email, 'phone' => '+38640111222' );
			$order->set_address( $billing, 'billing' );
			$order->set_address( $billing, 'shipping' );
			$ship = new WC_Order_Item_Shipping();
			$ship->set_method_id( 'flat_rate' );
			$ship->set_method_title( 'Pošta Slovenije' );
			$ship->set_total( '4.10' );
			$order->add_item( $ship );
			$order->set_payment_method( 'bacs' );
			$order->set_payment_method_title( 'Bank transfer' );
			$order->calculate_totals( true );
			$order->save();
			$order->update_status( 'processing' );
		}
		$q = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}actionscheduler_actions WHERE hook = 'erpsync_export_order' AND status = 'pending'" );
		echo "setup: $n orders, $q export actions pending\n";
		break;
	case 'config':
		bench_vasco_settings( (string) $argv[3] );
		break;
	case 'report':
		global $wpdb;
		$m      = ErpSync\Plugin\Infra\Installer::map_table();
		$states = array();
		foreach ( $wpdb->get_results( "SELECT state, COUNT(*) n FROM {$m} WHERE connector = 'vasco' AND object_type = 'order' GROUP BY state", ARRAY_A ) as $r ) {
			$states[ $r['state'] ] = (int) $r['n'];
		}
		echo wp_json_encode( array(
			'states'  => $states,
			'pending' => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}actionscheduler_actions WHERE hook = 'erpsync_export_order' AND status = 'pending'" ),
			'failed'  => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}actionscheduler_actions WHERE hook = 'erpsync_export_order' AND status = 'failed'" ),
			'log'     => (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . ErpSync\Plugin\Infra\Installer::log_table() ),
		) ), "\n";
		break;
}
