<?php
/**
 * The plain exports of one back-office in a batch (Orders\Batch), sent as a list when the connector has
 * exportOrders() (VASCO): each order's pipeline up to its send (blacklist, customer, the lookup after an earlier
 * doubt), then one exportOrders() call that sends the orders in parallel (payloads checked, lookups, POSTs, at most
 * CONCURRENCY requests in flight), then each order's outcome recorded as Exporter::run() records it.
 *
 * Exactly once holds as with one send at a time: the batch claimed every order and committed it as `unknown` before
 * this runs, so a worker that dies in the middle leaves rows that are looked up before any new send; the connector
 * looks every order up before its POST; and the result of each order is its own (a timeout or a lost reply of one
 * order records that order as `unknown`, the others as what they got).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

defined( 'ABSPATH' ) || exit;

/** A batch's orders of one back-office, sent together. */
final class SendList {

	/** Requests in flight at once (lookups, then POSTs). */
	const CONCURRENCY = 8;

	/**
	 * Runs the list; returns action id → '' (ran) or 'requeue' (the batch grew old before the send).
	 *
	 * @param string $connector Connector id.
	 * @param object $conn      Connector object (with exportOrders()).
	 * @param string $runner    The batch's runner (holds every order's claim).
	 * @param array  $list      Action id → order id.
	 * @param array  $orders    Order id → \WC_Order.
	 * @param array  $rows      Order id → its row as claimed (Mapping::claim_orders).
	 */
	public static function run( string $connector, $conn, string $runner, array $list, array $orders, array $rows ): array {
		$results = array();
		$send    = array();
		$ctx     = array();
		$prep    = array();
		$snaps   = array();
		$cust    = array();
		try {
			$conn = Pipeline::prime( $connector, $conn, array_map( static fn( $id ) => Snapshot::customer( $orders[ $id ] ), array_values( $list ) ) );
		} catch ( \Throwable $t ) {
			unset( $t ); // each order's customer step meets it again and records it.
		}
		foreach ( $list as $a => $order_id ) {
			$order = $orders[ $order_id ];
			try {
				$snaps[ $a ] = Snapshot::order( $order );
				$cust[ $a ]  = Snapshot::customer( $order );
				$p           = Pipeline::before( $connector, $conn, $snaps[ $a ], $cust[ $a ], $runner, $rows[ $order_id ] );
				if ( isset( $p['context'] ) ) {
					$conn = $p['connector'];
					$e    = Exporter::before( $connector, $conn, $snaps[ $a ], $runner, true, $rows[ $order_id ] );
					if ( ! empty( $e['send'] ) ) {
						$send[ $a ] = $snaps[ $a ];
						$ctx[ $a ]  = $p['context'];
						$prep[ $a ] = $e;
						continue;
					}
					$p = self::done( $connector, $order, $snaps[ $a ], $cust[ $a ], $e );
				}
				$results[ $a ] = $p;
			} catch ( \Throwable $t ) {
				$results[ $a ] = Queue::crashed( $order, $connector, $runner, $t );
			}
		}
		$sent = self::send( $conn, $send, $ctx );
		foreach ( $sent as $a => $reply ) {
			$order = $orders[ $list[ $a ] ];
			try {
				$r             = Exporter::settle( $connector, (int) $send[ $a ]['id'], $prep[ $a ], $reply, $runner );
				$results[ $a ] = self::done( $connector, $order, $send[ $a ], $cust[ $a ], $r );
			} catch ( \Throwable $t ) {
				$results[ $a ] = Queue::crashed( $order, $connector, $runner, $t );
			}
		}
		$out = array();
		foreach ( $list as $a => $order_id ) {
			$r         = Queue::finish( $orders[ $order_id ], $connector, $results[ $a ] );
			$out[ $a ] = 'requeue' === $r['outcome'] ? 'requeue' : '';
		}
		return $out;
	}

	/**
	 * The sends: one exportOrders() call; should it throw as a whole (a snapshot it refuses, before any request),
	 * each order once more on its own with exportOrder(), which looks the order up before it posts.
	 *
	 * @param object $conn Connector object.
	 * @param array  $send Action id → order snapshot.
	 * @param array  $ctx  Action id → context.
	 * @return array Action id → exportOrder()'s array or the exception of that order.
	 */
	private static function send( $conn, array $send, array $ctx ): array {
		if ( ! $send ) {
			return array();
		}
		try {
			$replies = $conn->exportOrders( $send, $ctx, self::CONCURRENCY );
		} catch ( \Throwable $t ) {
			$replies = array();
			foreach ( $send as $a => $snap ) {
				try {
					$replies[ $a ] = $conn->exportOrder( $snap, $ctx[ $a ] );
				} catch ( \Throwable $e ) {
					$replies[ $a ] = $e;
				}
			}
		}
		foreach ( array_keys( $send ) as $a ) {
			$replies[ $a ] = $replies[ $a ] ?? new \ErpSync\Exception( 'the connector gave no result for this order' );
		}
		return $replies;
	}

	/**
	 * What follows an export step's outcome: the pipeline's end and, when done, the snapshot kept for a later
	 * return document (as Queue::attempt()).
	 *
	 * @param string    $connector Connector id.
	 * @param \WC_Order $order     Order.
	 * @param array     $snap      Order snapshot.
	 * @param array     $customer  Customer snapshot.
	 * @param array     $r         Outcome.
	 */
	private static function done( string $connector, \WC_Order $order, array $snap, array $customer, array $r ): array {
		$r = Pipeline::after( $connector, $snap, $customer, $r );
		if ( 'done' === $r['outcome'] ) {
			AfterExport::exported( $order, $connector, $snap );
		}
		return $r;
	}
}
