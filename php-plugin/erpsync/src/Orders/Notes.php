<?php
/**
 * Order notes of a batch written together. Inside Orders\Batch the notes of the batch's orders are kept and written
 * after the sends, in the batch's transaction, with one multi-row INSERT into the comments table (order notes are
 * comments with HPOS on and off), one UPDATE of the orders' comment counts and one deletion of WooCommerce's
 * comment-count transient, instead of WC_Order::add_order_note() per note (5-6 queries each: the insert, the
 * comment re-read, the post read, the count, the count update, the transient).
 *
 * A note written here has the same row as add_order_note() gives (author, e-mail, agent, type, approval, dates,
 * the `woocommerce_new_order_note_data` filter applied, slashes handled as wp_insert_comment() does), so the order
 * screen and wc_get_order_notes() show it alike (NotesTest compares both). What is not done per note: the
 * `wp_insert_comment`, `wp_update_comment_count` and `edit_post` actions. When something other than WooCommerce's own
 * count-cache callback listens to `wp_insert_comment`, or anything to `woocommerce_order_note_added`, the notes go
 * through add_order_note() one by one as before, so no listener misses one.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

defined( 'ABSPATH' ) || exit;

/** Order notes, one INSERT per batch. */
final class Notes {

	/**
	 * Notes kept by the open batch: list of [order, text]; null outside a batch.
	 *
	 * @var array|null
	 */
	private static $kept = null;

	/** Starts keeping notes (Orders\Batch, before its first order). */
	public static function begin(): void {
		self::$kept = array();
	}

	/**
	 * Adds a note to an order: kept for flush() inside a batch, else WC_Order::add_order_note() at once.
	 *
	 * @param \WC_Order $order Order.
	 * @param string    $note  Text.
	 */
	public static function add( \WC_Order $order, string $note ): void {
		if ( null === self::$kept || ! $order->get_id() ) {
			$order->add_order_note( $note );
			return;
		}
		self::$kept[] = array( $order, $note );
	}

	/** Writes the kept notes and stops keeping; returns how many were written together. */
	public static function flush(): int {
		global $wpdb;
		$kept       = (array) self::$kept;
		self::$kept = null;
		if ( ! $kept ) {
			return 0;
		}
		if ( ! self::batchable() ) {
			foreach ( $kept as $k ) {
				$k[0]->add_order_note( $k[1] );
			}
			return 0;
		}
		$rows  = array();
		$posts = array();
		foreach ( $kept as $k ) {
			$data = self::row( $k[0], $k[1] );
			if ( null === $data ) {
				$k[0]->add_order_note( $k[1] ); // the filter asked for something only wp_insert_comment() does.
				continue;
			}
			$rows[]                                  = $wpdb->prepare( '(%d, %s, %s, %s, %s, %s, %s, %s, %d, %s, %s, %s, %d, %d)', array_values( $data ) ); // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber -- 14 values, one per column.
			$posts[ (int) $data['comment_post_ID'] ] = true;
		}
		if ( ! $rows ) {
			return 0;
		}
		// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- each row prepared above; the ids are integers.
		$ok = $wpdb->query( "INSERT INTO {$wpdb->comments} (" . implode( ', ', array_keys( self::COLUMNS ) ) . ') VALUES ' . implode( ', ', $rows ) );
		if ( false === $ok ) {
			foreach ( $kept as $k ) {
				$k[0]->add_order_note( $k[1] );
			}
			return 0;
		}
		$ids = implode( ',', array_keys( $posts ) );
		$wpdb->query( "UPDATE {$wpdb->posts} p SET p.comment_count = (SELECT COUNT(*) FROM {$wpdb->comments} c WHERE c.comment_post_ID = p.ID AND c.comment_approved = '1') WHERE p.ID IN ({$ids})" );
		// phpcs:enable
		foreach ( array_keys( $posts ) as $id ) {
			wp_cache_delete( "comments-{$id}", 'counts' );
			wp_cache_delete( $id, 'posts' );
		}
		wp_cache_delete( 'comments-0', 'counts' );
		wp_cache_delete_multiple( array( 'lastcommentmodified:server', 'lastcommentmodified:gmt', 'lastcommentmodified:blog' ), 'timeinfo' );
		wp_cache_set_comments_last_changed();
		wp_cache_set_posts_last_changed();
		delete_transient( 'wc_count_comments' ); // what WC_Comments::delete_comments_count_cache() does on wp_insert_comment.
		return count( $rows );
	}

	/** The comments table's columns wp_insert_comment() writes, in the order of a row, with their defaults. */
	const COLUMNS = array(
		'comment_post_ID'      => 0,
		'comment_author'       => '',
		'comment_author_email' => '',
		'comment_author_url'   => '',
		'comment_author_IP'    => '',
		'comment_date'         => '',
		'comment_date_gmt'     => '',
		'comment_content'      => '',
		'comment_karma'        => 0,
		'comment_approved'     => 1,
		'comment_agent'        => '',
		'comment_type'         => 'comment',
		'comment_parent'       => 0,
		'user_id'              => 0,
	);

	/**
	 * The row add_order_note() would insert for a system note (not a customer note, not added by a user), or null
	 * when the filtered data asks for more than a plain row (comment meta, an id, other fields).
	 *
	 * @param \WC_Order $order Order.
	 * @param string    $note  Text.
	 */
	private static function row( \WC_Order $order, string $note ): ?array {
		$email = strtolower( __( 'WooCommerce', 'woocommerce' ) ) . '@'; // phpcs:ignore WordPress.WP.I18n.TextDomainMismatch -- WooCommerce's own string, as add_order_note() translates it.
		// The same address add_order_note() makes (the request's host, else noreply.com).
		$email .= isset( $_SERVER['HTTP_HOST'] ) ? str_replace( 'www.', '', sanitize_text_field( wp_unslash( $_SERVER['HTTP_HOST'] ) ) ) : 'noreply.com';
		$data   = apply_filters(
			'woocommerce_new_order_note_data',
			array(
				'comment_post_ID'      => $order->get_id(),
				'comment_author'       => __( 'WooCommerce', 'woocommerce' ), // phpcs:ignore WordPress.WP.I18n.TextDomainMismatch -- as add_order_note().
				'comment_author_email' => sanitize_email( $email ),
				'comment_author_url'   => '',
				'comment_content'      => $note,
				'comment_agent'        => 'WooCommerce',
				'comment_type'         => 'order_note',
				'comment_parent'       => 0,
				'comment_approved'     => 1,
			),
			array(
				'order_id'         => $order->get_id(),
				'is_customer_note' => 0,
			)
		);
		if ( ! is_array( $data ) || array_diff_key( $data, self::COLUMNS ) || 1 != ( $data['comment_approved'] ?? 1 ) ) { // phpcs:ignore Universal.Operators.StrictComparisons.LooseNotEqual,WordPress.PHP.StrictComparisons.LooseComparison -- wp_insert_comment() compares loosely too.
			return null;
		}
		$data = wp_unslash( $data ); // as wp_insert_comment() does.
		$row  = array();
		foreach ( self::COLUMNS as $col => $default ) {
			$row[ $col ] = $data[ $col ] ?? $default;
		}
		$row['comment_type']     = empty( $data['comment_type'] ) ? 'comment' : $data['comment_type'];
		$row['comment_date']     = isset( $data['comment_date'] ) ? $data['comment_date'] : current_time( 'mysql' );
		$row['comment_date_gmt'] = isset( $data['comment_date_gmt'] ) ? $data['comment_date_gmt'] : get_gmt_from_date( $row['comment_date'] );
		foreach ( array( 'comment_author', 'comment_author_email', 'comment_author_url', 'comment_content' ) as $col ) {
			$row[ $col ] = wp_check_invalid_utf8( (string) $row[ $col ], true ); // what wpdb::insert()'s charset check would strip.
		}
		return $row;
	}

	/** Whether nothing but WooCommerce's count-cache callback listens to what a batched note skips. */
	private static function batchable(): bool {
		global $wp_filter;
		if ( has_action( 'woocommerce_order_note_added' ) || has_action( 'wp_update_comment_count' ) && ! self::only( 'wp_update_comment_count', 'clear_transients' ) ) {
			return false;
		}
		return ! isset( $wp_filter['wp_insert_comment'] ) || self::only( 'wp_insert_comment', 'delete_comments_count_cache' );
	}

	/**
	 * Whether the only callbacks of a hook are WC_Comments' $method.
	 *
	 * @param string $hook   Hook.
	 * @param string $method WC_Comments method.
	 */
	private static function only( string $hook, string $method ): bool {
		global $wp_filter;
		if ( ! isset( $wp_filter[ $hook ] ) ) {
			return true;
		}
		foreach ( $wp_filter[ $hook ]->callbacks as $callbacks ) {
			foreach ( $callbacks as $cb ) {
				$f = $cb['function'];
				if ( ! ( is_array( $f ) && 'WC_Comments' === ( is_object( $f[0] ) ? get_class( $f[0] ) : $f[0] ) && $method === $f[1] ) ) {
					return false;
				}
			}
		}
		return true;
	}
}
