<?php
/**
 * SORS customer debt: shown to the linked customer in My Account and to shop managers on the user profile and
 * the order screen; never to another customer, never for a link made in another SORS instance; cached.
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Admin\DebtUi;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\Settings;

final class SyncDebtTest extends WcTestCase
{
    private int $alice;
    private int $bob;
    private array $customer;

    protected function setUp(): void
    {
        parent::setUp();
        $this->configure('sors');
        self::$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'customers' => 3, 'seed' => 9]);
        $this->customer = self::$sim->state('sors')['Shop2026']['customers'][1]; // id 2
        $this->alice = $this->user('alice');
        $this->bob = $this->user('bob');
        Mapping::link_customer('sors', $this->alice, $this->customer['id'], Settings::environment('sors'));
    }

    protected function tearDown(): void
    {
        wp_set_current_user(self::$admin);
        foreach ([$this->alice, $this->bob] as $u) {
            wp_delete_user($u);
        }
        parent::tearDown();
    }

    private function user(string $name): int
    {
        $u = get_user_by('login', "debt-$name");
        if ($u) {
            wp_delete_user($u->ID);
        }
        return wp_insert_user(['user_login' => "debt-$name", 'user_pass' => wp_generate_password(), 'user_email' => "$name@example.rs", 'role' => 'customer']);
    }

    private function out(callable $fn): string
    {
        ob_start();
        $fn();
        return (string) ob_get_clean();
    }

    private function debtCalls(): int
    {
        return count(array_filter(self::$sim->requests('sors'), fn($q) => str_ends_with($q['path'], '/debt')));
    }

    public function testOnlyTheLinkedCustomerSeesTheirDebtAndItIsCached(): void
    {
        $balance = number_format((float) $this->customer['balance'], 2, '.', ',');
        wp_set_current_user($this->alice);
        $html = $this->out([DebtUi::class, 'my_account']);
        $this->assertStringContainsString('Your balance with us:', $html);
        $this->assertStringContainsString($balance, $html);
        $this->assertSame(1, $this->debtCalls());
        $this->out([DebtUi::class, 'my_account']);
        $this->assertSame(1, $this->debtCalls(), 'cached');
        // Alice cannot see her own profile section (customers have no manage_woocommerce).
        $this->assertSame('', $this->out(fn() => DebtUi::profile(get_userdata($this->alice))));

        wp_set_current_user($this->bob);
        $this->assertSame('', $this->out([DebtUi::class, 'my_account']), 'an unlinked customer sees nothing');
        $this->assertSame('', $this->out(fn() => DebtUi::profile(get_userdata($this->alice))), "and not Alice's");
        $this->assertSame(1, $this->debtCalls());

        wp_set_current_user(0);
        $this->assertSame('', $this->out([DebtUi::class, 'my_account']), 'a visitor sees nothing');
    }

    public function testShopManagerSeesItOnTheProfileAndTheOrder(): void
    {
        $balance = number_format((float) $this->customer['balance'], 2, '.', ',');
        $html = $this->out(fn() => DebtUi::profile(get_userdata($this->alice)));
        $this->assertStringContainsString('SORS balance', $html);
        $this->assertStringContainsString($balance, $html);
        $this->assertSame('', $this->out(fn() => DebtUi::profile(get_userdata($this->bob))));

        $order = $this->order(['customer_id' => $this->alice]);
        $this->assertStringContainsString($balance, $this->out(fn() => DebtUi::meta_box($order)));
        $guest = $this->order();
        $this->assertStringContainsString('not linked to a SORS customer', $this->out(fn() => DebtUi::meta_box($guest)));
    }

    public function testALinkOfAnotherInstanceShowsNothingAndErrorsStayWithTheShop(): void
    {
        ErpSync\Plugin\Infra\Settings::put('sors', ['mode' => 'test', 'test_database' => 'Demo2']);
        wp_set_current_user($this->alice);
        $this->assertSame('', $this->out([DebtUi::class, 'my_account']), 'the link was made in Shop2026, not in the test database');
        $this->assertSame(0, $this->debtCalls());

        ErpSync\Plugin\Infra\Settings::put('sors', ['mode' => 'live']);
        self::$sim->fault(['api' => 'sors', 'kind' => 'status', 'status' => 500, 'count' => 10]);
        $this->assertSame('', $this->out([DebtUi::class, 'my_account']), 'the customer is not shown an error');
        wp_set_current_user(self::$admin);
        $this->assertStringContainsString('cannot be read from SORS right now', $this->out(fn() => DebtUi::profile(get_userdata($this->alice))));
    }
}
