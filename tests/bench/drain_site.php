<?php
/**
 * WordPress side of the drain benchmark (site prefix bn_, WooCommerce + erpsync active), run by tests/bench/drain.sh:
 *   php drain_site.php WP_DIR setup N P      the shop, VASCO settings, N paid orders queued (not timed)
 *   php drain_site.php WP_DIR clone N           N orders from the ones `setup` made (SQL copies with moved ids)
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
		// Set-up only (not timed): 100 orders per transaction, so 10,000 orders take minutes instead of hours of commits.
		$wpdb->query( 'START TRANSACTION' );
		for ( $i = 1; $i <= $n; $i++ ) {
			if ( 0 === $i % 100 ) {
				$wpdb->query( 'COMMIT' );
				$wpdb->query( 'START TRANSACTION' );
				wp_cache_flush_runtime();
				if ( 0 === $i % 1000 ) {
					fwrite( STDERR, "setup: $i orders\n" );
				}
			}
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
		$wpdb->query( 'COMMIT' );
		$q = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}actionscheduler_actions WHERE hook = 'erpsync_export_order' AND status = 'pending'" );
		echo "setup: $n orders, $q export actions pending\n";
		break;
	case 'clone':
		// N orders from the B made by `setup` (orders as posts, the bench site's storage): copies of the B orders with
		// every id moved by a fixed offset per copy (posts, their meta, items and item meta, the mapping rows and the
		// export actions). Each copy is a distinct order for WooCommerce, the plugin and VASCO (the order number is
		// the post id). Seconds instead of the CRUD's minutes per 1,000 orders.
		global $wpdb;
		$n = (int) $argv[3];
		if ( 'yes' === get_option( 'woocommerce_custom_orders_table_enabled' ) ) {
			fwrite( STDERR, "clone: only orders stored as posts are copied\n" );
			exit( 1 );
		}
		$p     = $wpdb->prefix;
		$ids   = array_map( 'intval', $wpdb->get_col( "SELECT ID FROM {$p}posts WHERE post_type = 'shop_order' ORDER BY ID" ) );
		$b     = count( $ids );
		$in    = implode( ',', $ids );
		$off   = 10 ** strlen( (string) max( 1, (int) $wpdb->get_var( "SELECT MAX(ID) FROM {$p}posts" ) ) );
		$moff  = 10 ** strlen( (string) max( 1, (int) $wpdb->get_var( "SELECT MAX(meta_id) FROM {$p}postmeta" ) ) );
		$ioff  = 10 ** strlen( (string) max( 1, (int) $wpdb->get_var( "SELECT MAX(order_item_id) FROM {$p}woocommerce_order_items" ) ) );
		$imoff = 10 ** strlen( (string) max( 1, (int) $wpdb->get_var( "SELECT MAX(meta_id) FROM {$p}woocommerce_order_itemmeta" ) ) );
		$map   = ErpSync\Plugin\Infra\Installer::map_table();
		$moff2 = 10 ** strlen( (string) max( 1, (int) $wpdb->get_var( "SELECT MAX(id) FROM {$map}" ) ) );
		$items = implode( ',', array_map( 'intval', $wpdb->get_col( "SELECT order_item_id FROM {$p}woocommerce_order_items WHERE order_id IN ($in)" ) ) );
		$wpdb->query( "CREATE TEMPORARY TABLE c_posts AS SELECT * FROM {$p}posts WHERE ID IN ($in)" );
		$wpdb->query( "CREATE TEMPORARY TABLE c_meta AS SELECT * FROM {$p}postmeta WHERE post_id IN ($in)" );
		$wpdb->query( "CREATE TEMPORARY TABLE c_items AS SELECT * FROM {$p}woocommerce_order_items WHERE order_id IN ($in)" );
		$wpdb->query( "CREATE TEMPORARY TABLE c_imeta AS SELECT * FROM {$p}woocommerce_order_itemmeta WHERE order_item_id IN ($items)" );
		$wpdb->query( "CREATE TEMPORARY TABLE c_map AS SELECT * FROM {$map} WHERE object_type = 'order' AND local_id IN ($in)" );
		$wpdb->query( "CREATE TEMPORARY TABLE c_as AS SELECT * FROM {$p}actionscheduler_actions WHERE hook = 'erpsync_export_order' AND status = 'pending'" );
		for ( $k = 1; $k * $b < $n; $k++ ) {
			$wpdb->query( 'START TRANSACTION' );
			$wpdb->query( "UPDATE c_posts SET ID = ID + $off" );
			$wpdb->query( "UPDATE c_meta SET meta_id = meta_id + $moff, post_id = post_id + $off" );
			$wpdb->query( "UPDATE c_items SET order_item_id = order_item_id + $ioff, order_id = order_id + $off" );
			$wpdb->query( "UPDATE c_imeta SET meta_id = meta_id + $imoff, order_item_id = order_item_id + $ioff" );
			$wpdb->query( "UPDATE c_map SET id = id + $moff2, local_id = local_id + $off" );
			$wpdb->query( "UPDATE c_as SET args = CONCAT('{\"order_id\":', CAST(JSON_VALUE(args, '$.order_id') AS UNSIGNED) + $off, ',\"connector\":\"', JSON_VALUE(args, '$.connector'), '\"}')" ); // the bytes wp_json_encode() makes.
			foreach ( array( 'c_posts' => "{$p}posts", 'c_meta' => "{$p}postmeta", 'c_items' => "{$p}woocommerce_order_items", 'c_imeta' => "{$p}woocommerce_order_itemmeta", 'c_map' => $map ) as $from => $to ) {
				$wpdb->query( "INSERT INTO {$to} SELECT * FROM {$from}" );
			}
			$cols = implode( ', ', array_diff( $wpdb->get_col( "SHOW COLUMNS FROM {$p}actionscheduler_actions" ), array( 'action_id' ) ) );
			$wpdb->query( "INSERT INTO {$p}actionscheduler_actions ($cols) SELECT $cols FROM c_as" );
			$wpdb->query( 'COMMIT' );
		}
		$q = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$p}actionscheduler_actions WHERE hook = 'erpsync_export_order' AND status = 'pending'" );
		$o = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$p}posts WHERE post_type = 'shop_order'" );
		echo "clone: $o orders, $q export actions pending\n";
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
