<?php
/**
 * One export attempt of one object to one back-office, exactly once: claim the mapping row, look the object up
 * first when an earlier attempt may have reached the back-office, send it, and record the outcome. The queue
 * (Action Scheduler) only decides when to call it again: the outcome says whether and when.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

use ErpSync\Plugin\Infra\Mapping;

use ErpSync\Plugin\Orders\Batch;

defined( 'ABSPATH' ) || exit;

/** Export of one order snapshot through one connector. */
final class Exporter {

	const MAX_ATTEMPTS = 8;

	/**
	 * Delay before attempt n+1 (seconds): 30, 60, 120, ... capped at an hour.
	 *
	 * @param int $attempts Attempts made so far (n).
	 */
	public static function backoff( int $attempts ): int {
		return (int) min( HOUR_IN_SECONDS, 30 * ( 2 ** max( 0, $attempts - 1 ) ) );
	}

	/**
	 * Runs one attempt.
	 *
	 * @param string     $connector_id vasco, sors, sitoo or logistos.
	 * @param object     $connector    An ErpSync\Connector\* object.
	 * @param array      $order        Order snapshot (docs/snapshots.md).
	 * @param array      $context      E.g. customer_remote_id.
	 * @param string     $runner       Who runs it (for the claim).
	 * @param bool       $claimed      The caller already holds the claim (Pipeline).
	 * @param array|null $row       The row as Orders\Batch claimed it (state and attempts before it marked it
	 *                              `unknown`, committed before any send): no read and no `sending` mark here.
	 * @return array{outcome: string, remote_id?: string, remote_number?: string, linked?: bool, retry_in?: int, error?: string}
	 */
	public static function run( string $connector_id, $connector, array $order, array $context, string $runner, bool $claimed = false, ?array $row = null ): array {
		$p = self::before( $connector_id, $connector, $order, $runner, $claimed, $row );
		if ( empty( $p['send'] ) ) {
			return $p;
		}
		try {
			$r = $connector->exportOrder( $order, $context );
		} catch ( \ErpSync\Exception $e ) {
			$r = $e;
		}
		return self::settle( $connector_id, (int) $order['id'], $p, $r, $runner );
	}

	/**
	 * Everything of an attempt before its send: the claim (unless $claimed), the lookup after an earlier doubt, the
	 * `unknown` mark. Returns the outcome when the attempt ends here, or `send` => true with what settle() needs.
	 *
	 * @param string     $connector_id Connector id.
	 * @param object     $connector    An ErpSync\Connector\* object.
	 * @param array      $order        Order snapshot.
	 * @param string     $runner       Who runs it.
	 * @param bool       $claimed      The caller already holds the claim.
	 * @param array|null $row          The row as Orders\Batch claimed it (see run()).
	 */
	public static function before( string $connector_id, $connector, array $order, string $runner, bool $claimed = false, ?array $row = null ): array {
		$id = (int) ( $order['id'] ?? 0 );
		if ( $id <= 0 ) {
			return array(
				'outcome' => 'failed',
				'error'   => __( 'The order snapshot has no id.', 'erpsync' ),
			);
		}
		if ( ! $claimed && ! Mapping::claim( $connector_id, 'order', $id, $runner ) ) {
			$row = Mapping::get( $connector_id, 'order', $id );
			return array( 'outcome' => ( $row && 'done' === $row['state'] ) ? 'skipped' : 'busy' );
		}
		$marked      = null !== $row;
		$row         = $row ?? Mapping::get( $connector_id, 'order', $id );
		$was_unknown = 'unknown' === $row['state'];
		$p           = array(
			'send'     => true,
			'attempts' => (int) $row['attempts'],
			// What a failure that certainly sent nothing leaves: an earlier doubt stays a doubt.
			'not_sent' => $was_unknown ? 'unknown' : 'retry',
		);
		try {
			if ( $was_unknown ) {
				if ( ! in_array( 'find_order', (array) $connector->capabilities(), true ) ) {
					// No lookup at this back-office: sending again could make a second order. The owner checks, then Retry.
					$msg = __( 'An earlier attempt may have reached the back-office, which offers no lookup: check whether the order is there, then press Retry to send it.', 'erpsync' );
					Mapping::failed( $connector_id, 'order', $id, 'failed', $msg, $runner );
					return array(
						'outcome' => 'failed',
						'error'   => $msg,
					);
				}
				// An earlier attempt may have reached the back-office: link what is there instead of sending again.
				$found = $connector->findOrder( $order );
				if ( $found ) {
					Mapping::done( $connector_id, 'order', $id, (string) $found['remote_id'], (string) $found['remote_number'], $runner, 'linked' );
					return array(
						'outcome' => 'done',
						'linked'  => true,
					) + $found;
				}
			}
		} catch ( \ErpSync\Exception $e ) {
			return self::settle( $connector_id, $id, $p, $e, $runner );
		}
		// From here a crash could leave a processed order behind: the next runner looks it up first.
		if ( ! $marked && ! Mapping::sending( $connector_id, 'order', $id, $runner ) ) {
			return array( 'outcome' => 'busy' );
		}
		if ( ! $marked ) {
			Batch::commit_point(); // In a batch, an order on its own path: `unknown` is committed before the send.
		} elseif ( ! Batch::may_send() ) {
			// The batch's claim is getting old: what is left goes back to the queue (its row stays `unknown`).
			return array( 'outcome' => 'requeue' );
		}
		return $p;
	}

	/**
	 * Records what the send gave: the connector's result (exportOrder()'s array) or the exception it threw (or that
	 * exportOrders() returned for this order). An exception that is not the extension's goes on up.
	 *
	 * @param string           $connector_id Connector id.
	 * @param int              $id           Order id.
	 * @param array            $p            What before() returned.
	 * @param array|\Throwable $r            Result or exception of the send.
	 * @param string           $runner       The runner holding the claim.
	 * @return array{outcome: string, remote_id?: string, remote_number?: string, linked?: bool, retry_in?: int, error?: string}
	 * @throws \Throwable An exception that is not an \ErpSync\Exception.
	 */
	public static function settle( string $connector_id, int $id, array $p, $r, string $runner ): array {
		$attempts = (int) $p['attempts'];
		$not_sent = (string) $p['not_sent'];
		try {
			if ( $r instanceof \Throwable ) {
				throw $r;
			}
			if ( ! Mapping::done( $connector_id, 'order', $id, (string) $r['remote_id'], (string) $r['remote_number'], $runner, empty( $r['created'] ) ? 'linked' : 'created' ) ) {
				// The claim ran out and another runner took over: it will look the order up and link it.
				return array(
					'outcome' => 'busy',
					'error'   => 'claim lost while sending',
				);
			}
			return array(
				'outcome'       => 'done',
				'linked'        => empty( $r['created'] ),
				'remote_id'     => (string) $r['remote_id'],
				'remote_number' => (string) $r['remote_number'],
			);
		} catch ( \ErpSync\ValidationException $e ) {
			// Refused before anything was sent (the payload is built and checked first).
			Mapping::failed( $connector_id, 'order', $id, 'failed', $e->getMessage(), $runner );
			return array(
				'outcome' => 'failed',
				'error'   => $e->getMessage(),
				'field'   => $e->getField(),
			);
		} catch ( \ErpSync\RateLimitedException $e ) {
			return self::retry( $connector_id, $id, $attempts, $not_sent, $e->getMessage(), max( (int) ceil( $e->getRetryAfter() ), self::backoff( $attempts ) ), $runner );
		} catch ( \ErpSync\HttpException $e ) {
			if ( ! $e->isRetryable() ) {
				Mapping::failed( $connector_id, 'order', $id, 'failed', $e->getMessage(), $runner );
				return array(
					'outcome' => 'failed',
					'error'   => $e->getMessage(),
				);
			}
			// A 5xx may come after the back-office processed the order: look it up before any new send.
			return self::retry( $connector_id, $id, $attempts, 'unknown', $e->getMessage(), self::backoff( $attempts ), $runner );
		} catch ( \ErpSync\TransportException $e ) {
			// No connection at all (DNS, refused, TLS handshake) sent nothing; a timeout or a reset may hide a
			// processed order (a lost reply): look it up before any new send.
			$state = in_array( $e->getKind(), array( 'dns', 'connect', 'tls' ), true ) ? $not_sent : 'unknown';
			return self::retry( $connector_id, $id, $attempts, $state, $e->getMessage(), self::backoff( $attempts ), $runner );
		} catch ( \ErpSync\Exception $e ) {
			return self::retry( $connector_id, $id, $attempts, 'unknown', $e->getMessage(), self::backoff( $attempts ), $runner );
		}
	}

	/**
	 * Records a retryable failure and says when to try again; after MAX_ATTEMPTS the export fails for good.
	 *
	 * @param string $connector_id Connector id.
	 * @param int    $id           Order id.
	 * @param int    $attempts     Attempts made so far.
	 * @param string $state        State to record ('retry', or 'unknown' when the order may have arrived).
	 * @param string $error        Error message.
	 * @param int    $delay        Seconds before the next attempt.
	 * @param string $runner       The runner holding the claim.
	 */
	public static function retry( string $connector_id, int $id, int $attempts, string $state, string $error, int $delay, string $runner ): array {
		if ( $attempts >= self::MAX_ATTEMPTS ) {
			Mapping::failed( $connector_id, 'order', $id, 'failed', $error, $runner );
			return array(
				'outcome' => 'failed',
				'error'   => $error,
			);
		}
		Mapping::failed( $connector_id, 'order', $id, $state, $error, $runner );
		return array(
			'outcome'  => 'retry',
			'retry_in' => $delay,
			'error'    => $error,
		);
	}
}
