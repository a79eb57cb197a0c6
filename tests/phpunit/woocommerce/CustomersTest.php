<?php
/**
 * Customers on real WooCommerce against the simulator: the VAT/PIB number read from the meta keys the EU-VAT
 * plugins use (or the optional checkout field, classic and block), a foreign company sent to SORS without PIB and
 * said so on the order, VASCO partners with their country id from VASCO's own (cached) country list.
 *
 * @group hpos
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Orders\VatNumber;

final class CustomersTest extends WcTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        delete_option(VatNumber::KEYS_OPTION);
        delete_option(VatNumber::FIELD_OPTION);
        foreach (['production', 'demo'] as $m) {
            global $wpdb;
            $wpdb->query("DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient%erpsync\\_vasco\\_countries\\_%'");
        }
        wp_cache_flush();
    }

    public function testTheVatNumberComesFromTheKeysTheEuVatPluginsUse(): void
    {
        foreach (['_billing_vat_number' => 'SI12345678', '_vat_number' => 'HR12345678901', 'vat_number' => 'ATU12345678',
                     '_billing_eu_vat_number' => 'DE123456789', '_billing_vat_id' => 'FR12345678901', '_billing_vat' => '101234567'] as $key => $vat) {
            $o = $this->order(['meta' => [$key => $vat]]);
            $this->assertSame($vat, ErpSync\Plugin\Orders\Snapshot::customer($o)['vat_number'], $key);
            $this->assertSame($vat, ErpSync\Plugin\Orders\Snapshot::order($o)['vat_number'], $key);
        }
        // The owner names another key: only that one (and the checkout field's) is read.
        update_option(VatNumber::KEYS_OPTION, 'my_tax_id');
        $o = $this->order(['meta' => ['_billing_vat_number' => 'SI12345678', 'my_tax_id' => ' RS101234567 ']]);
        $this->assertSame('RS101234567', VatNumber::of($o));
        $o = $this->order(['meta' => ['_billing_vat_number' => 'SI12345678']]);
        $this->assertSame('', VatNumber::of($o));
    }

    public function testOptionalCheckoutFieldOnClassicAndBlockCheckout(): void
    {
        $this->assertArrayNotHasKey(VatNumber::CLASSIC, WC()->countries->get_address_fields('RS', 'billing_'), 'off by default');
        update_option(VatNumber::FIELD_OPTION, 'yes');
        VatNumber::register(); // what the next request does at boot
        $classic = WC()->countries->get_address_fields('RS', 'billing_');
        $this->assertArrayHasKey(VatNumber::CLASSIC, $classic);
        $this->assertSame('Company VAT number / PIB', $classic[VatNumber::CLASSIC]['label']);
        $this->assertFalse($classic[VatNumber::CLASSIC]['required']);

        $fields = Automattic\WooCommerce\Blocks\Package::container()->get(Automattic\WooCommerce\Blocks\Domain\Services\CheckoutFields::class);
        $this->assertArrayHasKey(VatNumber::BLOCK, $fields->get_additional_fields());
        $this->assertSame('order', $fields->get_additional_fields()[VatNumber::BLOCK]['location']);
        $this->assertTrue($fields->validate_field(VatNumber::BLOCK, '<script>')->has_errors(), 'refused by the field\'s validation');
        $this->assertFalse($fields->validate_field(VatNumber::BLOCK, 'RS 101-234-567')->has_errors());

        // Saved as the block checkout saves it, then read for the export.
        $block = $this->order();
        $fields->persist_field_for_order(VatNumber::BLOCK, 'RS101234567', $block, 'other', false);
        $block->save();
        $this->assertSame('RS101234567', VatNumber::of(wc_get_order($block->get_id())));
        // Saved as the classic checkout saves a billing_* field that is not a property: _billing_erpsync_vat_number.
        $classicOrder = $this->order(['meta' => ['_' . VatNumber::CLASSIC => '102345678', '_billing_vat_number' => 'SI12345678']]);
        $this->assertSame('102345678', VatNumber::of($classicOrder), 'the checkout field comes first');
    }

    public function testSorsSendsAForeignCompanyWithoutPibAndSaysSo(): void
    {
        $this->configure('sors');
        $o = $this->order(['meta' => ['_billing_vat_number' => 'DE123456789'],
            'billing' => ['company' => 'Kaffee GmbH', 'country' => 'DE', 'city' => 'Berlin', 'postcode' => '10115', 'email' => 'einkauf@kaffee.de']]);
        $o->update_status('processing');
        $this->runQueue();
        $row = $this->row('sors', $o);
        $this->assertSame('done', $row['state'], (string) $row['last_error']);
        $created = $this->posts('sors', 'POST', '#/customers$#');
        $this->assertCount(1, $created);
        $this->assertSame('', json_decode($created[0]['body'], true)['pib']);
        $this->assertSame([], array_filter(self::$sim->requests('sors'), fn($q) => isset($q['query']['pib'])), 'a foreign number is not looked up as a PIB');
        $this->assertStringContainsString('VAT number DE123456789 is not a Serbian PIB', implode("\n", $this->notes($o)));

        // A Serbian company: its PIB is sent, nothing to note.
        $rs = $this->order(['meta' => ['_billing_vat_number' => 'RS101234567'], 'billing' => ['company' => 'Kafa DOO', 'country' => 'RS', 'email' => 'kafa@kafa.rs']]);
        $rs->update_status('processing');
        $this->runQueue();
        $this->assertSame('done', $this->row('sors', $rs)['state']);
        $this->assertSame('101234567', json_decode($this->posts('sors', 'POST', '#/customers$#')[1]['body'], true)['pib']);
        $this->assertStringNotContainsString('not a Serbian PIB', implode("\n", $this->notes($rs)));
    }

    public function testVascoPartnersCarryTheirCountryFromTheCachedList(): void
    {
        $this->configure('vasco');
        $hr = $this->order(['meta' => ['_billing_vat_number' => 'HR12345678901'],
            'billing' => ['company' => 'Kava d.o.o.', 'country' => 'HR', 'city' => 'Zagreb', 'postcode' => '10000', 'email' => 'kava@kava.hr']]);
        $hr->update_status('processing');
        $this->runQueue();
        $this->assertSame('done', $this->row('vasco', $hr)['state'], (string) $this->row('vasco', $hr)['last_error']);
        $partners = $this->posts('vasco', 'POST', '#SkupniSifranti/partner$#');
        $this->assertCount(1, $partners);
        $this->assertSame(191, json_decode($partners[0]['body'], true)['drzava']);
        $this->assertCount(1, $this->posts('vasco', 'GET', '#SkupniSifranti/drzava$#'));
        $this->assertSame(['SI' => 705, 'HR' => 191, 'AT' => 40], ErpSync\Plugin\Orders\VascoCountries::cached());

        $at = $this->order(['meta' => ['_billing_vat_number' => 'ATU12345678'],
            'billing' => ['company' => 'Kaffee Wien', 'country' => 'AT', 'city' => 'Wien', 'postcode' => '1010', 'email' => 'wien@kaffee.at']]);
        $at->update_status('processing');
        $this->runQueue();
        $partners = $this->posts('vasco', 'POST', '#SkupniSifranti/partner$#');
        $this->assertCount(2, $partners);
        $this->assertSame(40, json_decode($partners[1]['body'], true)['drzava']);
        $this->assertCount(1, $this->posts('vasco', 'GET', '#SkupniSifranti/drzava$#'), 'the list is read once, then cached');
    }
}
