<?php
/**
 * Checkout benchmark, WordPress side (site bn_): php checkout_site.php WP_DIR N
 * Makes 2 × N pending orders (not timed), then, interleaved and alternating who goes first, moves one order to
 * processing with the plugin's hooks on and one with them removed (the payment step of a checkout), timing
 * update_status() and counting its queries. The plugin's cost is the difference of the medians.
 */
[, $wp_dir, $n] = $argv;
$n                    = (int) $n;
$_SERVER['HTTP_HOST'] = '127.0.0.1';
define( 'SAVEQUERIES', true ); // the plugin's time split into its queries' and its own (both sides pay the logging).
require $wp_dir . '/wp-load.php';
add_filter( 'pre_wp_mail', '__return_false' );
wp_set_current_user( 1 );
global $wpdb;

function bench_median( array $a ): float {
	sort( $a );
	$c = count( $a );
	return $c % 2 ? $a[ intdiv( $c, 2 ) ] : ( $a[ $c / 2 - 1 ] + $a[ $c / 2 ] ) / 2;
}

$product = wc_get_product( wc_get_product_id_by_sku( 'ART-000001' ) );
$ids     = array();
for ( $i = 0; $i < 2 * $n; $i++ ) {
	$o = wc_create_order( array( 'status' => 'pending' ) );
	$o->add_product( $product, 1 );
	$o->set_address( array( 'first_name' => 'Maja', 'last_name' => 'Horvat', 'country' => 'SI', 'email' => "checkout$i@example.com" ), 'billing' );
	$o->set_payment_method( 'bacs' );
	$o->calculate_totals( true );
	$o->save();
	$ids[] = $o->get_id();
}
// The plugin's own time: its callbacks wrapped in a clock (its queries included), beside the wall-time difference.
$in_plugin = 0;
$in_db     = 0.0;
$timed     = static function ( callable $cb ) use ( &$in_plugin, &$in_db ) {
	return static function ( ...$args ) use ( $cb, &$in_plugin, &$in_db ) {
		global $wpdb;
		$q  = count( $wpdb->queries );
		$t0 = hrtime( true );
		$cb( ...$args );
		$in_plugin += hrtime( true ) - $t0;
		foreach ( array_slice( $wpdb->queries, $q ) as $row ) {
			$in_db += $row[1];
		}
	};
};
remove_action( 'woocommerce_order_status_changed', array( ErpSync\Plugin\Orders\Queue::class, 'on_status_changed' ), 10 );
remove_action( 'woocommerce_new_order', array( ErpSync\Plugin\Orders\Queue::class, 'on_new_order' ), 10 );
$hooks = array(
	array( 'woocommerce_order_status_changed', $timed( array( ErpSync\Plugin\Orders\Queue::class, 'on_status_changed' ) ), 10, 4 ),
	array( 'woocommerce_new_order', $timed( array( ErpSync\Plugin\Orders\Queue::class, 'on_new_order' ) ), 10, 2 ),
);
$time = array(
	'on'  => array(),
	'off' => array(),
);
$qs   = $time;
$own  = array();
$own_db = array();
for ( $i = 0; $i < $n; $i++ ) {
	$pair = 0 === $i % 2 ? array( 'on', 'off' ) : array( 'off', 'on' );
	foreach ( $pair as $k => $who ) {
		$order = wc_get_order( $ids[ 2 * $i + $k ] );
		foreach ( $hooks as $h ) {
			'on' === $who ? add_action( $h[0], $h[1], $h[2], $h[3] ) : remove_action( $h[0], $h[1], $h[2] );
		}
		$q0        = $wpdb->num_queries;
		$in_plugin = 0;
		$in_db     = 0.0;
		$wpdb->queries = array();
		$t0        = hrtime( true );
		$order->update_status( 'processing' );
		$time[ $who ][] = ( hrtime( true ) - $t0 ) / 1e6;
		$qs[ $who ][]   = $wpdb->num_queries - $q0;
		if ( 'on' === $who ) {
			$own[]   = $in_plugin / 1e6;
			$own_db[] = $in_db * 1000;
		}
	}
}
foreach ( $hooks as $h ) {
	add_action( $h[0], $h[1], $h[2], $h[3] );
}
$queued = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}actionscheduler_actions WHERE hook = 'erpsync_export_order' AND status = 'pending'" );
printf(
	"checkout plugin_ms=%.2f in_hooks_ms=%.3f in_hooks_php_ms=%.3f baseline_ms=%.2f extra_queries=%g orders=%d queued=%d load=%s\n",
	bench_median( $time['on'] ) - bench_median( $time['off'] ),
	bench_median( $own ),
	bench_median( array_map( static fn( $a, $b ) => $a - $b, $own, $own_db ) ),
	bench_median( $time['off'] ),
	bench_median( $qs['on'] ) - bench_median( $qs['off'] ),
	$n,
	$queued,
	implode( ' ', array_map( static fn( $l ) => round( $l, 2 ), sys_getloadavg() ) )
);
