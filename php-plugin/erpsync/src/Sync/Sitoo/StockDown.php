<?php
/**
 * Stock down from Sitoo by timestamp, as deltas (the autosync "Fetch stock changes from Sitoo").
 *
 * One poll reads the warehouse items of the configured warehouse changed since the last poll
 * (`datelastmodifiedfrom` = the newest `datelastmodified` seen, inclusive: an item changed in the same second is
 * read again, which is harmless because only differences count), matches them by SKU (warehouse items carry only
 * the SKU), and applies Sitoo's total − *seen* (StockLedger) to WooCommerce's stock: a POS sale and a web sale in the
 * same minute both count, and a delta we sent up (already in seen) does not come back. Each chunk of 500 is one
 * transaction: the stock and the ledger rows are locked (SELECT … FOR UPDATE) so a web sale's stock update waits
 * and then applies on top; writes go through the sync engine's Writer (BulkWriter, or the CRUD) inside
 * Origin::run, with plan rows marked applied in the same transaction. An item without a baseline (first poll,
 * new link) only takes one: absolute overwrites happen in the Complete Sync's `stock_down` operation alone.
 *
 * A dry run records the plan and writes nothing (not even the timestamp). A rate limit pauses the poll (state
 * `paused`) and queues it again at the reset: chunks already committed have moved seen, so nothing counts twice.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Sync\Writer;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery -- the chunk's own transaction (START TRANSACTION / COMMIT / ROLLBACK).

/** The stock poll. */
final class StockDown {

	/** Option: newest datelastmodified seen (Sitoo's clock, Unix seconds). */
	const SINCE = 'erpsync_sitoo_stock_since';

	/** Rows per transaction. */
	const CHUNK = 500;

	/**
	 * Polls once.
	 *
	 * @param array $opts dry_run (bool), by (string), rethrow (bool: a rate limit goes up, for the Complete Sync
	 *                    job), connector (object, tests).
	 * @return array{run: ?int, state: string, counts: array}
	 * @throws \ErpSync\RateLimitedException With rethrow.
	 */
	public static function poll( array $opts = array() ): array {
		$dry    = ! empty( $opts['dry_run'] );
		$run_id = StockRun::start( 'stock', $dry, (string) ( $opts['by'] ?? 'schedule' ) );
		if ( null === $run_id ) {
			return array(
				'run'    => null,
				'state'  => 'busy',
				'counts' => array(),
			);
		}
		$counts = array();
		$since  = (int) get_option( self::SINCE, 0 );
		$max    = $since;
		$start  = microtime( true );
		$write  = 0.0;
		try {
			$c = $opts['connector'] ?? Connectors::make( 'sitoo' );
			if ( ! $dry ) {
				// Puts not yet known to have arrived first (their products are left alone until then): the run counts them.
				foreach ( StockUnknown::settle( $c ) as $how ) {
					StockRun::add( $counts, 'unknown' === $how ? 'unknown.pending' : 'unknown.settled' );
				}
			}
			$c->fetchWarehouseItems(
				static function ( array $items ) use ( $run_id, $dry, &$counts, &$max, &$write ) {
					$t0     = microtime( true );
					$totals = array();
					foreach ( $items as $it ) {
						$sku = (string) ( $it['sku'] ?? '' );
						if ( '' !== $sku && isset( $it['decimaltotal'] ) ) {
							$totals[ $sku ] = (float) $it['decimaltotal'];
						}
						$max = max( $max, (int) ( $it['datelastmodified'] ?? 0 ) );
					}
					StockRun::add( $counts, 'fetched', count( $items ) );
					self::apply( $run_id, $totals, $dry, $counts, false );
					$write += microtime( true ) - $t0;
					StockRun::counts( $run_id, $counts );
				},
				1000,
				$since > 0 ? $since : null
			);
			if ( ! $dry ) {
				update_option( self::SINCE, $max, false );
			}
			$counts['seconds'] = array(
				'total' => round( microtime( true ) - $start, 3 ),
				'write' => round( $write, 3 ),
			);
			StockRun::finish( $run_id, $dry ? 'dry-run' : 'done', $counts );
			$state = $dry ? 'dry-run' : 'done';
		} catch ( \ErpSync\RateLimitedException $e ) {
			$state = StockRun::pause( $run_id, $counts, $e, $opts, Autosync::STOCK_HOOK );
		} catch ( \Throwable $e ) {
			$state = StockRun::fail( $run_id, $counts, $e );
		}
		return array(
			'run'    => $run_id,
			'state'  => $state,
			'counts' => $counts,
		);
	}

	/**
	 * Applies Sitoo totals (SKU → total) in chunks: deltas against seen, or (absolute) the total itself.
	 *
	 * @param int   $run_id   Run id (0: no plan rows).
	 * @param array $totals   SKU → Sitoo total.
	 * @param bool  $dry      Plan only.
	 * @param array $counts   Counts, added to.
	 * @param bool  $absolute Overwrite WooCommerce's stock with Sitoo's total (the `stock_down` operation).
	 */
	public static function apply( int $run_id, array $totals, bool $dry, array &$counts, bool $absolute ): void {
		$dup = array();
		$ids = StockLedger::ids_of_skus( array_map( 'strval', array_keys( $totals ) ), $dup );
		StockRun::add( $counts, 'matched', count( $ids ) );
		if ( $dup ) {
			StockRun::add( $counts, 'skipped.duplicate_sku', count( $dup ) );
		}
		$missing = count( $totals ) - count( $ids ) - count( $dup );
		if ( $missing > 0 ) {
			StockRun::add( $counts, 'skipped.not_in_shop', $missing );
		}
		foreach ( array_chunk( $ids, self::CHUNK, true ) as $chunk ) {
			self::apply_chunk( $run_id, $chunk, $totals, $dry, $counts, $absolute );
		}
	}

	/**
	 * One transaction.
	 *
	 * @param int   $run_id   Run id.
	 * @param array $chunk    SKU → product id.
	 * @param array $totals   SKU → Sitoo total.
	 * @param bool  $dry      Plan only.
	 * @param array $counts   Counts.
	 * @param bool  $absolute Overwrite.
	 * @throws \Throwable What the write threw (after the rollback).
	 */
	private static function apply_chunk( int $run_id, array $chunk, array $totals, bool $dry, array &$counts, bool $absolute ): void {
		global $wpdb;
		if ( ! $dry ) {
			$wpdb->query( 'START TRANSACTION' );
		}
		try {
			$meta = StockLedger::read( array_values( $chunk ), ! $dry );
			if ( ! $dry ) {
				/**
				 * Fires inside a stock chunk's transaction once its stock and ledger rows are read and locked, before
				 * anything is written (tests: a web sale from another process then waits and counts on top).
				 *
				 * @param int[] $ids Product ids of the chunk.
				 */
				do_action( 'erpsync_sitoo_stock_chunk_locked', array_values( $chunk ) );
			}
			list( $rows, $plan ) = self::plan_chunk( $chunk, $totals, $meta, $absolute, $counts );
			if ( $run_id ) {
				StockRun::plan( $run_id, $plan, ! $dry );
			}
			if ( $dry ) {
				return;
			}
			// The posts in the object cache in one query (the writer's cache clean-up reads each post otherwise).
			_prime_post_caches( array_values( $chunk ), false, false );
			$writer = new Writer( 'sitoo' );
			$got    = Origin::run( static fn() => $writer->apply( $rows ) );
			foreach ( (array) ( $got['updated'] ?? array() ) as $f => $n ) {
				StockRun::add( $counts, "updated.$f", (int) $n );
			}
			StockRun::add( $counts, 'errors', (int) ( $got['errors'] ?? 0 ) );
			$wpdb->query( 'COMMIT' );
		} catch ( \Throwable $e ) {
			if ( ! $dry ) {
				$wpdb->query( 'ROLLBACK' );
				if ( isset( $writer ) ) {
					$writer->forget();
				}
			}
			throw $e;
		}
		$writer->after_commit();
	}

	/**
	 * The chunk's ledger rows and stock writes (for the Writer) and its plan rows: a delta from the total Sitoo had
	 * last time (seen), or the total itself when overwriting; a first sight takes a baseline and writes nothing; a
	 * product whose put is not known to have arrived yet is left to its settlement.
	 *
	 * @param array $chunk    SKU → product id.
	 * @param array $totals   SKU → Sitoo total.
	 * @param array $meta     Product id → its stock and ledger meta.
	 * @param bool  $absolute Overwrite.
	 * @param array $counts   Counts.
	 * @return array{0: array, 1: array} Writer rows, plan rows.
	 */
	private static function plan_chunk( array $chunk, array $totals, array $meta, bool $absolute, array &$counts ): array {
		$seen_key = StockLedger::seen_key();
		$rows     = array();
		$plan     = array();
		$held     = StockUnknown::held( array_values( $chunk ) );
		foreach ( $chunk as $sku => $id ) {
			$sku = (string) $sku;
			if ( isset( $held[ $id ] ) ) {
				// A put to it is not yet known to have arrived: its settlement reads the total and applies it.
				StockRun::add( $counts, 'skipped.unknown' );
				continue;
			}
			$total = (float) $totals[ $sku ];
			$m     = $meta[ $id ] ?? array();
			$stock = (float) ( $m['_stock'] ?? 0 );
			if ( $absolute ) {
				$delta = $total - $stock;
			} elseif ( ! isset( $m[ $seen_key ] ) ) {
				// No baseline yet: take one (Sitoo's total now, WooCommerce's stock now); nothing is written.
				$rows[] = self::meta_row( $id, $seen_key, StockLedger::fmt( $total ) );
				$rows[] = self::meta_row( $id, StockLedger::BASE, StockLedger::fmt( $stock ) );
				StockRun::add( $counts, 'baseline' );
				continue;
			} else {
				$delta = $total - (float) $m[ $seen_key ];
			}
			$rows[] = self::meta_row( $id, $seen_key, StockLedger::fmt( $total ) );
			if ( abs( $delta ) < 0.0005 ) {
				StockRun::add( $counts, 'unchanged' );
				continue;
			}
			$new    = $stock + $delta;
			$base   = isset( $m[ StockLedger::BASE ] ) && ! $absolute ? (float) $m[ StockLedger::BASE ] + $delta : $new;
			$rows[] = self::meta_row( $id, StockLedger::BASE, StockLedger::fmt( $base ) );
			$rows[] = array(
				'action'    => 'update',
				'local_id'  => $id,
				'field'     => 'stock',
				'new_value' => StockLedger::fmt( $new ),
			);
			$plan[] = array( 'update', $id, $sku, 'stock', StockLedger::fmt( $stock ), StockLedger::fmt( $new ), $absolute ? 'overwrite' : 'delta ' . ( $delta > 0 ? '+' : '' ) . StockLedger::fmt( $delta ) );
			StockRun::add( $counts, 'planned.stock' );
		}
		return array( $rows, $plan );
	}

	/**
	 * A ledger row for the Writer.
	 *
	 * @param int    $id    Product id.
	 * @param string $key   Meta key.
	 * @param string $value Value.
	 */
	private static function meta_row( int $id, string $key, string $value ): array {
		return array(
			'action'    => 'meta',
			'local_id'  => $id,
			'field'     => $key,
			'new_value' => $value,
		);
	}
}
