<?php
/**
 * The order pipeline for one (order, connector): blacklist check, customer match or create (stored link, then
 * VAT/PIB, then email — inside the connector — then create), then the exactly-once export step.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\Settings;

use ErpSync\Plugin\Orders\Batch;

defined( 'ABSPATH' ) || exit;

/** Blacklist, customer, export. */
final class Pipeline {

	const BLACKLIST_COUNT_OPTION = 'erpsync_blacklisted_count';

	/**
	 * Guests' partner links this process has read or written: key → [remote id, when], kept as long as a shared
	 * connector (Connectors::SHARED_TTL), so a returning guest in a queue run costs no query.
	 *
	 * @var array
	 */
	private static $guests = array();

	/** Forgets the guests' links kept by this process (Connectors::forget()). */
	public static function forget_guests(): void {
		self::$guests = array();
	}

	/**
	 * Runs the pipeline once; the result is Exporter::run()'s, or outcome 'blacklisted'.
	 *
	 * @param string     $connector_id Connector id.
	 * @param object     $connector    Connector object.
	 * @param array      $order        Order snapshot.
	 * @param array      $customer     Customer snapshot (docs/snapshots.md).
	 * @param string     $runner       Runner id.
	 * @param array|null $claimed   The row as Orders\Batch claimed it for $runner (and then marked it `unknown`):
	 *                              no claim here, and the export step takes the state and attempts from it.
	 */
	public static function run( string $connector_id, $connector, array $order, array $customer, string $runner, ?array $claimed = null ): array {
		$p = self::before( $connector_id, $connector, $order, $customer, $runner, $claimed );
		if ( ! isset( $p['context'] ) ) {
			return $p;
		}
		return self::after( $connector_id, $order, $customer, Exporter::run( $connector_id, $p['connector'], $order, $p['context'], $runner, true, $claimed ) );
	}

	/**
	 * The pipeline up to the export step: the claim (unless $claimed), the blacklist, the customer. Returns the
	 * outcome when it ends here, or `context` => the export's context (e.g. customer_remote_id) and `connector` => the
	 * connector to send with.
	 *
	 * @param string     $connector_id Connector id.
	 * @param object     $connector    Connector object.
	 * @param array      $order        Order snapshot.
	 * @param array      $customer     Customer snapshot.
	 * @param string     $runner       Runner id.
	 * @param array|null $claimed      See run().
	 */
	public static function before( string $connector_id, $connector, array $order, array $customer, string $runner, ?array $claimed = null ): array {
		$oid = (int) $order['id'];
		// One claim covers the blacklist check, the customer step and the export: two runners never create the
		// customer twice, and an exported order is never looked at again.
		if ( null === $claimed && ! Mapping::claim( $connector_id, 'order', $oid, $runner ) ) {
			$row = Mapping::get( $connector_id, 'order', $oid );
			return array( 'outcome' => ( $row && 'done' === $row['state'] ) ? 'skipped' : 'busy' );
		}
		$email = (string) ( $order['billing']['email'] ?? '' );
		if ( method_exists( $connector, 'isBlacklisted' ) && '' !== $email && $connector->isBlacklisted( $email ) ) {
			$counts         = (array) get_option( self::BLACKLIST_COUNT_OPTION, array() );
			$key            = strtolower( $email );
			$counts[ $key ] = (int) ( $counts[ $key ] ?? 0 ) + 1;
			update_option( self::BLACKLIST_COUNT_OPTION, $counts, false );
			Mapping::failed( $connector_id, 'order', $oid, 'blacklisted', 'the billing email is on the blacklist', $runner );
			return array( 'outcome' => 'blacklisted' );
		}
		$context = array();
		if ( in_array( 'find_customer', $connector->capabilities(), true ) ) {
			try {
				$connector                     = self::countries( $connector_id, $connector );
				$context['customer_remote_id'] = self::customer( $connector_id, $connector, $customer );
			} catch ( \ErpSync\ValidationException $e ) {
				Mapping::failed( $connector_id, 'order', $oid, 'failed', $e->getMessage(), $runner );
				return array(
					'outcome' => 'failed',
					'error'   => $e->getMessage(),
					'field'   => $e->getField(),
				);
			} catch ( \ErpSync\Exception $e ) {
				// Nothing was sent yet: an attempt that counts, recorded on the order's row, then the backoff; a
				// refusal that will not change by waiting (4xx other than 429) stops with the reason.
				$row      = $claimed ?? Mapping::get( $connector_id, 'order', $oid );
				$attempts = (int) $row['attempts'];
				$final    = $e instanceof \ErpSync\HttpException && ! $e->isRetryable();
				if ( $final ) {
					Mapping::failed( $connector_id, 'order', $oid, 'failed', $e->getMessage(), $runner );
					return array(
						'outcome' => 'failed',
						'error'   => $e->getMessage(),
					);
				}
				$delay = $e instanceof \ErpSync\RateLimitedException ? max( (int) ceil( $e->getRetryAfter() ), Exporter::backoff( $attempts ) ) : Exporter::backoff( $attempts );
				return Exporter::retry( $connector_id, $oid, $attempts, 'unknown' === $row['state'] ? 'unknown' : 'retry', $e->getMessage(), $delay, $runner );
			}
		}
		return array(
			'context'   => $context,
			'connector' => $connector, // a new one after VASCO's country list was read.
		);
	}

	/**
	 * What follows the export step: SORS's note on a foreign VAT number of a new order.
	 *
	 * @param string $connector_id Connector id.
	 * @param array  $order        Order snapshot.
	 * @param array  $customer     Customer snapshot.
	 * @param array  $r            The export step's outcome.
	 */
	public static function after( string $connector_id, array $order, array $customer, array $r ): array {
		if ( 'sors' === $connector_id && 'done' === $r['outcome'] && empty( $r['linked'] ) ) {
			VatNumber::note_foreign_for_sors( (int) $order['id'], $customer );
		}
		return $r;
	}

	/**
	 * The guests of a batch's orders resolved before the sends (Orders\SendList), with as few queries and requests
	 * as possible: the links of every guest this process does not know yet read with one SELECT; the new ones' locks
	 * taken with one statement (no wait: a guest another runner is creating is left to customer(), which waits for
	 * it), their links read again under the locks, each found in the connector's partner index (kept per run) or
	 * created, and their links written with one INSERT, committed before the locks are released in one statement. A
	 * guest whose lookup or creation fails is left to customer() too, which meets the same error with its order and
	 * records it there. Returns the connector to go on with (a new one after VASCO's country list was read).
	 *
	 * @param string $connector_id Connector id.
	 * @param object $connector    Connector object.
	 * @param array  $customers    Customer snapshots of the batch's orders.
	 * @return object
	 */
	public static function prime( string $connector_id, $connector, array $customers ) {
		global $wpdb;
		if ( ! in_array( 'find_customer', (array) $connector->capabilities(), true ) ) {
			return $connector;
		}
		$env  = Settings::environment( $connector_id );
		$want = array();
		foreach ( $customers as $c ) {
			$k = self::key( $connector_id, $env, $c );
			if ( $k['guest'] <= 0 || isset( $want[ $k['guest'] ] ) || self::known( $k['known'] ) || ( method_exists( $connector, 'isBlacklisted' ) && '' !== (string) ( $c['email'] ?? '' ) && $connector->isBlacklisted( (string) $c['email'] ) ) ) {
				continue;
			}
			$want[ $k['guest'] ] = $k + array( 'customer' => $c );
		}
		$want = self::linked( $connector_id, $env, $want );
		if ( ! $want ) {
			return $connector;
		}
		$connector = self::countries( $connector_id, $connector );
		$locks     = array_map( static fn( $k ) => $wpdb->prepare( 'GET_LOCK(%s, 0)', $k['lock'] ), $want );
		$got       = (array) $wpdb->get_row( 'SELECT ' . implode( ', ', $locks ), ARRAY_N ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared -- each prepared above.
		$mine      = array();
		$i         = 0;
		foreach ( $want as $g => $k ) {
			if ( 1 === (int) ( $got[ $i++ ] ?? 0 ) ) {
				$mine[ $g ] = $k;
			}
		}
		if ( ! $mine ) {
			return $connector;
		}
		$held = $mine;
		try {
			$rows = array();
			foreach ( self::linked( $connector_id, $env, $mine ) as $g => $k ) {
				try {
					$found = $connector->findCustomer( $k['customer'] );
					$id    = $found ? (string) $found['remote_id'] : (string) $connector->createCustomer( $k['customer'] )['remote_id'];
				} catch ( \ErpSync\Exception $e ) {
					continue;
				}
				$rows[ $g ]                  = array( $id, $found ? 'linked' : 'created' );
				self::$guests[ $k['known'] ] = array( $id, time() );
			}
			Mapping::link_guests( $connector_id, $env, $rows );
		} finally {
			Batch::commit_point(); // the links, before another runner can take a lock and look for them.
			$free = array_map( static fn( $k ) => $wpdb->prepare( 'RELEASE_LOCK(%s)', $k['lock'] ), $held );
			$wpdb->get_row( 'SELECT ' . implode( ', ', $free ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared -- each prepared above.
		}
		return $connector;
	}

	/**
	 * The guests of $want whose links are in the mapping table, kept by the process; returns the others.
	 *
	 * @param string $connector_id Connector id.
	 * @param string $env          Back-office environment.
	 * @param array  $want         Guest key → key() + customer.
	 */
	private static function linked( string $connector_id, string $env, array $want ): array {
		foreach ( Mapping::guest_links( $connector_id, $env, array_keys( $want ) ) as $g => $rid ) {
			self::$guests[ $want[ $g ]['known'] ] = array( $rid, time() );
			unset( $want[ $g ] );
		}
		return $want;
	}

	/**
	 * Whether this process knows a guest's link (read or written a moment ago).
	 *
	 * @param string $known Process key.
	 */
	private static function known( string $known ): bool {
		return isset( self::$guests[ $known ] ) && time() - self::$guests[ $known ][1] < Connectors::SHARED_TTL;
	}

	/**
	 * VASCO's country list read once before the first partner (partners carry VASCO's country id); returns the
	 * connector to go on with.
	 *
	 * @param string $connector_id Connector id.
	 * @param object $connector    Connector object.
	 * @return object
	 */
	private static function countries( string $connector_id, $connector ) {
		if ( 'vasco' === $connector_id && Settings::enabled( 'vasco' ) && VascoCountries::missing() ) {
			VascoCountries::refresh( $connector );
			Batch::commit_point(); // In a batch: the list is visible to the other workers now, its row lock gone.
			$connector = Connectors::make( 'vasco' );
		}
		return $connector;
	}

	/**
	 * Who a customer is for the links and locks: the user id, or (a guest) e-mail + VAT number.
	 *
	 * @param string $connector_id Connector id.
	 * @param string $env          Back-office environment.
	 * @param array  $customer     Customer snapshot.
	 * @return array{uid: int, lock: string, guest: int, known: string}
	 */
	private static function key( string $connector_id, string $env, array $customer ): array {
		$uid   = (int) ( $customer['id'] ?? 0 );
		$who   = $uid > 0 ? 'u' . $uid : strtolower( trim( (string) ( $customer['email'] ?? '' ) ) ) . '|' . preg_replace( '/\W+/', '', (string) ( $customer['vat_number'] ?? '' ) );
		$guest = $uid > 0 ? 0 : (int) hexdec( substr( md5( $env . '|' . $who ), 0, 15 ) );
		return array(
			'uid'   => $uid,
			'lock'  => 'erpsync_c_' . md5( $connector_id . '|' . $env . '|' . $who ),
			'guest' => $guest,
			'known' => $connector_id . '|' . $env . '|' . $guest,
		);
	}

	/**
	 * The back-office customer id: stored link (registered customers), else found by the connector, else created.
	 *
	 * @param string $connector_id Connector id.
	 * @param object $connector    Connector object.
	 * @param array  $customer     Customer snapshot (docs/snapshots.md).
	 * @throws \ErpSync\Exception When another runner holds this customer's lock for a minute (the caller retries).
	 */
	public static function customer( string $connector_id, $connector, array $customer ): string {
		global $wpdb;
		$uid = (int) ( $customer['id'] ?? 0 );
		$env = Settings::environment( $connector_id );
		if ( $uid > 0 ) {
			$link = Mapping::get( $connector_id, 'customer', $uid );
			// A link made in another instance (test database, demo, sandbox) is not this instance's customer.
			if ( $link && 'done' === $link['state'] && '' !== $link['remote_id'] && $env === (string) $link['env'] ) {
				return $link['remote_id'];
			}
		}
		// One runner at a time per customer (the lock), so that two orders of a new customer never create it twice. A
		// guest (e-mail + VAT number) found or created once is kept in the mapping table: later orders, in any
		// worker, need no lookup at the back-office (and never miss a partner another worker just created).
		$k     = self::key( $connector_id, $env, $customer );
		$lock  = $k['lock'];
		$guest = $k['guest'];
		$known = $k['known'];
		if ( $guest > 0 && self::known( $known ) ) {
			return self::$guests[ $known ][0]; // Read (or written) by this process a moment ago: a queue run's returning guest.
		}
		$link = $guest > 0 ? Mapping::get( $connector_id, 'guest', $guest ) : null;
		if ( $link && 'done' === $link['state'] && '' !== $link['remote_id'] && $env === (string) $link['env'] ) {
			self::$guests[ $known ] = array( $link['remote_id'], time() );
			return $link['remote_id']; // Links are only written under the lock below, and never taken back.
		}
		if ( 1 !== (int) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, 60)', $lock ) ) ) { // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			throw new \ErpSync\Exception( 'another runner is creating this customer' );
		}
		try {
			if ( $guest > 0 ) {
				$link = Mapping::get( $connector_id, 'guest', $guest );
				if ( $link && 'done' === $link['state'] && '' !== $link['remote_id'] && $env === (string) $link['env'] ) {
					return $link['remote_id'];
				}
			}
			// The connector's reply says which: a record found by its lookup is linked, otherwise one is created.
			$found = $connector->findCustomer( $customer );
			$id    = $found ? (string) $found['remote_id'] : (string) $connector->createCustomer( $customer )['remote_id'];
			Mapping::link_customer( $connector_id, $uid > 0 ? $uid : $guest, $id, $env, $uid > 0 ? 'customer' : 'guest', $found ? 'linked' : 'created' );
			if ( $guest > 0 ) {
				self::$guests[ $known ] = array( $id, time() );
			}
			return $id;
		} finally {
			Batch::commit_point(); // In a batch: the link is committed before another runner can take the lock.
			$wpdb->get_var( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $lock ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		}
	}
}
