<?php
/**
 * Blacklist and customer match/create before the export, on real WordPress + MariaDB against the simulator.
 */

require_once __DIR__ . '/SimTestCase.php';

final class PipelineTest extends SimTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        delete_option(ErpSync\Plugin\Orders\Pipeline::BLACKLIST_COUNT_OPTION);
    }

    private function vasco(): ErpSync\Connector\Vasco
    {
        return new ErpSync\Connector\Vasco(vasco_settings(self::$sim, ['email_blacklist' => 'spam@domain.com, *@bot.si']));
    }

    public function testBlacklistedOrdersAreRecordedCountedAndNotSent(): void
    {
        $P = ErpSync\Plugin\Orders\Pipeline::class;
        foreach ([1, 2] as $i) {
            $r = $P::run('vasco', $this->vasco(), order_snapshot(['id' => 60 + $i, 'billing' => ['email' => 'SPAM@domain.com']]), customer_snapshot(['email' => 'spam@domain.com']), 'r');
            $this->assertSame('blacklisted', $r['outcome']);
        }
        $this->assertSame(['spam@domain.com' => 2], get_option($P::BLACKLIST_COUNT_OPTION));
        $this->assertSame('blacklisted', ErpSync\Plugin\Infra\Mapping::get('vasco', 'order', 61)['state']);
        $this->assertSame([], self::$sim->requests('vasco'));
    }

    public function testRegisteredCustomerIsCreatedOnceThenLinked(): void
    {
        $P = ErpSync\Plugin\Orders\Pipeline::class;
        $c = customer_snapshot(['id' => 77, 'email' => 'new.customer@example.si', 'vat_number' => 'SI 55555555']);
        $r = $P::run('vasco', $this->vasco(), order_snapshot(['id' => 70, 'number' => '70']), $c, 'r');
        $this->assertSame('done', $r['outcome']);
        $created = ErpSync\Plugin\Infra\Mapping::get('vasco', 'customer', 77)['remote_id'];
        $before = count(self::$sim->requests('vasco'));
        $r = $P::run('vasco', $this->vasco(), order_snapshot(['id' => 71, 'number' => '71']), $c, 'r');
        $this->assertSame('done', $r['outcome']);
        $partnerCalls = array_filter(array_slice(self::$sim->requests('vasco'), $before), fn($q) => str_contains($q['path'], 'SkupniSifranti/partner'));
        $this->assertSame([], array_values($partnerCalls), 'the stored link is used: no partner lookup, no second partner');
        $orders = self::$sim->state('vasco')['orders'];
        $this->assertSame([(int) $created, (int) $created], array_map(fn($o) => (int) $o['partner'], $orders));
        $this->assertCount(1, array_filter(self::$sim->state('vasco')['partners'], fn($p) => ($p['email'] ?? '') === 'new.customer@example.si'));
    }

    public function testGuestMatchedByEmailOrVat(): void
    {
        self::$sim->seed(['api' => 'vasco', 'partners' => 10]);
        $P = ErpSync\Plugin\Orders\Pipeline::class;
        $this->assertSame('4', $P::customer('vasco', $this->vasco(), customer_snapshot(['email' => 'partner4@example.si'])));
        $this->assertSame('6', $P::customer('vasco', $this->vasco(), customer_snapshot(['email' => 'x@example.si', 'vat_number' => '10000006'])));
        $this->assertNull(ErpSync\Plugin\Infra\Mapping::get('vasco', 'customer', 0), 'guests get no stored link');
    }

    public function testAnInvalidCustomerStopsTheOrderWithTheReason(): void
    {
        $r = ErpSync\Plugin\Orders\Pipeline::run('vasco', $this->vasco(), order_snapshot(['id' => 80]), customer_snapshot(['email' => 'not-an-email']), 'r');
        $this->assertSame('failed', $r['outcome']);
        $this->assertSame('email', $r['field']);
        $this->assertSame('failed', ErpSync\Plugin\Infra\Mapping::get('vasco', 'order', 80)['state']);
    }
}
