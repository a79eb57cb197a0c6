<?php
/**
 * One operation of the Sitoo Complete Sync: run in bounded steps by the job, in the order the owner chose.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** A Complete Sync operation. */
interface Operation {

	/** Stable id, e.g. 'stock_down'. */
	public function id(): string;

	/** The owner's name for it (translated). */
	public function label(): string;

	/**
	 * Requests to Sitoo this operation needs at most (for the X-Rate-Limit-Remaining pre-check).
	 *
	 * @param array $options The job's options (ignore_errors, exclude_external, …).
	 */
	public function requests_needed( array $options ): int;

	/**
	 * Does the next bounded piece of work.
	 *
	 * @param array $state    This operation's state, kept by the job between steps (starts as array()).
	 * @param float $deadline microtime(true) by which the step returns.
	 * @param array $options  The job's options.
	 * @return array{done: bool, progress: array{0: int, 1: int}, counts: array<string,int>, errors: string[]}
	 */
	public function step( array &$state, float $deadline, array $options ): array;
}
