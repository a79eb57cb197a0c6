<?php
/**
 * "Match all down from Sitoo": categories, then products and variations, then vouchers, matched and linked
 * (nothing created), as one operation.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** The match_all operation. */
final class CatalogMatchAll implements Operation {

	/**
	 * The parts, in order.
	 *
	 * @var Operation[]
	 */
	private array $parts;

	/** The three match operations. */
	public function __construct() {
		$this->parts = array( new CategoriesOperation( 'match_categories' ), new ProductsDown( 'match_products' ), new VouchersOperation( 'match_vouchers' ) );
	}

	/** Stable id. */
	public function id(): string {
		return 'match_all';
	}

	/** The owner's name. */
	public function label(): string {
		return __( 'Match all down from Sitoo (categories, products and variations, vouchers)', 'erpsync' );
	}

	/**
	 * The parts' sum.
	 *
	 * @param array $options Options.
	 */
	public function requests_needed( array $options ): int {
		return array_sum( array_map( static fn( $p ) => $p->requests_needed( $options ), $this->parts ) );
	}

	/**
	 * The current part until it is done, then the next.
	 *
	 * @param array $state    State (part index, the part's state).
	 * @param float $deadline Deadline.
	 * @param array $options  Options.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		$i      = (int) ( $state['part'] ?? 0 );
		$counts = array();
		$errors = array();
		$n      = count( $this->parts );
		while ( $i < $n ) {
			$sub = (array) ( $state['sub'] ?? array() );
			$r   = $this->parts[ $i ]->step( $sub, $deadline, $options );
			foreach ( $r['counts'] as $k => $v ) {
				$key            = $this->parts[ $i ]->id() . '_' . $k;
				$counts[ $key ] = ( $counts[ $key ] ?? 0 ) + $v;
			}
			$errors       = array_merge( $errors, $r['errors'] );
			$state['sub'] = $sub;
			if ( ! $r['done'] ) {
				break;
			}
			++$i;
			$state['part'] = $i;
			$state['sub']  = array();
			if ( microtime( true ) >= $deadline ) {
				break;
			}
		}
		return array(
			'done'     => $i >= count( $this->parts ),
			'progress' => array( $i, count( $this->parts ) ),
			'counts'   => $counts,
			'errors'   => $errors,
		);
	}
}
