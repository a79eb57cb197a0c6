<?php
/**
 * A per-item error of a catalogue operation that stops it (the job's "ignore per-item errors" is off).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** Stops an operation on an item's error. */
final class CatalogItemError extends \RuntimeException {
}
