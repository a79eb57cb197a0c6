<?php
/**
 * Base of the plugin tests that talk to the back-office simulator: the plugin loaded and its tables in place,
 * one simulator per test class, and before each test an empty mapping table and a reset simulator.
 */

use PHPUnit\Framework\TestCase;

require_once dirname(__DIR__) . '/sim/sim.inc.php';
require_once dirname(__DIR__) . '/phpt/connectors/fixtures.inc';

abstract class SimTestCase extends TestCase
{
    protected static ErpSyncTest\Sim $sim;

    public static function setUpBeforeClass(): void
    {
        require_once WP_PLUGIN_DIR . '/erpsync/erpsync.php';
        ErpSync\Plugin\Infra\Installer::activate();
        static::$sim = ErpSyncTest\Sim::start();
    }

    public static function tearDownAfterClass(): void
    {
        static::$sim->stop();
    }

    protected function setUp(): void
    {
        global $wpdb;
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table());
        try {
            static::$sim->reset();
        } catch (RuntimeException $e) {
            static::$sim->restart(); // a test that failed while the simulator was stopped
            static::$sim->reset();
        }
    }
}
