<?php
/**
 * The order pipeline for one (order, connector): blacklist check, customer match or create (stored link, then
 * VAT/PIB, then email — inside the connector — then create), then the exactly-once export step.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin;

defined( 'ABSPATH' ) || exit;

/** Blacklist, customer, export. */
final class Pipeline {

	const BLACKLIST_COUNT_OPTION = 'erpsync_blacklisted_count';

	/**
	 * Runs the pipeline once; the result is Exporter::run()'s, or outcome 'blacklisted'.
	 *
	 * @param string $connector_id Connector id.
	 * @param object $connector    Connector object.
	 * @param array  $order        Order snapshot.
	 * @param array  $customer     Customer snapshot (docs/snapshots.md).
	 * @param string $runner       Runner id.
	 */
	public static function run( string $connector_id, $connector, array $order, array $customer, string $runner ): array {
		$oid = (int) $order['id'];
		// One claim covers the blacklist check, the customer step and the export: two runners never create the
		// customer twice, and an exported order is never looked at again.
		if ( ! Mapping::claim( $connector_id, 'order', $oid, $runner ) ) {
			$row = Mapping::get( $connector_id, 'order', $oid );
			return array( 'outcome' => ( $row && 'done' === $row['state'] ) ? 'skipped' : 'busy' );
		}
		$email = (string) ( $order['billing']['email'] ?? '' );
		if ( method_exists( $connector, 'isBlacklisted' ) && '' !== $email && $connector->isBlacklisted( $email ) ) {
			$counts         = (array) get_option( self::BLACKLIST_COUNT_OPTION, array() );
			$key            = strtolower( $email );
			$counts[ $key ] = (int) ( $counts[ $key ] ?? 0 ) + 1;
			update_option( self::BLACKLIST_COUNT_OPTION, $counts, false );
			Mapping::failed( $connector_id, 'order', $oid, 'blacklisted', 'the billing email is on the blacklist' );
			return array( 'outcome' => 'blacklisted' );
		}
		$context = array();
		if ( in_array( 'find_customer', $connector->capabilities(), true ) ) {
			try {
				$context['customer_remote_id'] = self::customer( $connector_id, $connector, $customer );
			} catch ( \ErpSync\ValidationException $e ) {
				Mapping::failed( $connector_id, 'order', $oid, 'failed', $e->getMessage() );
				return array(
					'outcome' => 'failed',
					'error'   => $e->getMessage(),
					'field'   => $e->getField(),
				);
			} catch ( \ErpSync\Exception $e ) {
				// Nothing was sent yet: an attempt that counts, recorded on the order's row, then the backoff.
				$row      = Mapping::get( $connector_id, 'order', $oid );
				$attempts = (int) $row['attempts'];
				if ( $attempts >= Exporter::MAX_ATTEMPTS ) {
					Mapping::failed( $connector_id, 'order', $oid, 'failed', $e->getMessage() );
					return array(
						'outcome' => 'failed',
						'error'   => $e->getMessage(),
					);
				}
				Mapping::failed( $connector_id, 'order', $oid, 'unknown' === $row['state'] ? 'unknown' : 'retry', $e->getMessage() );
				$delay = $e instanceof \ErpSync\RateLimitedException ? max( (int) ceil( $e->getRetryAfter() ), Exporter::backoff( $attempts ) ) : Exporter::backoff( $attempts );
				return array(
					'outcome'  => 'retry',
					'retry_in' => $delay,
					'error'    => $e->getMessage(),
				);
			}
		}
		return Exporter::run( $connector_id, $connector, $order, $context, $runner, true );
	}

	/**
	 * The back-office customer id: stored link (registered customers), else found by the connector, else created.
	 *
	 * @param string $connector_id Connector id.
	 * @param object $connector    Connector object.
	 * @param array  $customer     Customer snapshot (docs/snapshots.md).
	 */
	public static function customer( string $connector_id, $connector, array $customer ): string {
		$uid = (int) ( $customer['id'] ?? 0 );
		if ( $uid > 0 ) {
			$link = Mapping::get( $connector_id, 'customer', $uid );
			if ( $link && 'done' === $link['state'] && '' !== $link['remote_id'] ) {
				return $link['remote_id'];
			}
		}
		$found = $connector->findCustomer( $customer );
		$id    = $found ? (string) $found['remote_id'] : (string) $connector->createCustomer( $customer )['remote_id'];
		if ( $uid > 0 && Mapping::claim( $connector_id, 'customer', $uid, 'pipeline' ) ) {
			Mapping::done( $connector_id, 'customer', $uid, $id, $id );
		}
		return $id;
	}
}
