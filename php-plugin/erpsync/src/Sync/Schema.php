<?php
/**
 * Tables of the inbound sync: one row per run (its record, state and lock) and the stored plan of each run.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

defined( 'ABSPATH' ) || exit;

/** Table names and their definitions (dbDelta). */
final class Schema {

	/** One row per run: counts, state, heartbeat; `active` is unique while a run of that sync is not finished. */
	public static function runs_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'erpsync_sync_runs';
	}

	/** The plan of each run: one row per change, link, create or skip; `applied` flips in the transaction that writes it. */
	public static function plan_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'erpsync_sync_plan';
	}

	/**
	 * CREATE TABLE statements for dbDelta.
	 *
	 * @param string $charset The charset/collate clause.
	 */
	public static function sql( string $charset ): string {
		$runs = self::runs_table();
		$plan = self::plan_table();
		return "CREATE TABLE {$runs} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  connector varchar(20) NOT NULL,
  what varchar(20) NOT NULL,
  state varchar(20) NOT NULL DEFAULT 'planning',
  dry_run tinyint(1) NOT NULL DEFAULT 0,
  active varchar(64) NULL,
  started_by varchar(20) NOT NULL DEFAULT '',
  started_at datetime NOT NULL,
  finished_at datetime NULL,
  heartbeat datetime NOT NULL,
  slices int(10) unsigned NOT NULL DEFAULT 0,
  options text NULL,
  counts longtext NULL,
  message text NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY active (active),
  KEY sync (connector,what,id)
) {$charset};
CREATE TABLE {$plan} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  run_id bigint(20) unsigned NOT NULL,
  action varchar(16) NOT NULL,
  local_id bigint(20) unsigned NOT NULL DEFAULT 0,
  parent_id bigint(20) unsigned NOT NULL DEFAULT 0,
  remote_id varchar(191) NOT NULL DEFAULT '',
  field varchar(32) NOT NULL DEFAULT '',
  old_value text NULL,
  new_value longtext NULL,
  reason varchar(64) NOT NULL DEFAULT '',
  applied tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY  (id),
  KEY run (run_id,applied,id),
  KEY run_action (run_id,action)
) {$charset};";
	}
}
