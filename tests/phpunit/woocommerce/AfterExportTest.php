<?php
/**
 * A cancel or a refund after the export, on real WooCommerce against the simulator: never silent (an order note
 * saying what changed and what the back-office still holds, "changed after export" in the meta box and the
 * orders-list column, counted by `wp erpsync status`), and where the owner opted in, the back-office's document
 * sent once: a SORS return document (also after a lost reply: looked up, not sent twice), a Sitoo cancellation
 * (orderstateid 20). VASCO has no such document: the note says to do it by hand.
 *
 * @group hpos
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Orders\AfterExport;

final class AfterExportTest extends WcTestCase
{
    private function exported(string $connector, array $o = []): WC_Order
    {
        $order = $this->order($o);
        $order->update_status('processing');
        $this->runQueue();
        $row = $this->row($connector, $order);
        $this->assertSame('done', $row['state'], (string) $row['last_error']);
        return wc_get_order($order->get_id());
    }

    private function change(string $connector, WC_Order $order): ?array
    {
        return ErpSync\Plugin\Infra\Mapping::get($connector, AfterExport::TYPE, $order->get_id());
    }

    private function metaBox(WC_Order $order): string
    {
        ob_start();
        ErpSync\Plugin\Admin\OrderUi::meta_box($order);
        return (string) ob_get_clean();
    }

    private function cell(WC_Order $order): string
    {
        ob_start();
        ErpSync\Plugin\Admin\OrderUi::column_hpos(ErpSync\Plugin\Admin\OrderUi::COLUMN, $order);
        return (string) ob_get_clean();
    }

    public function testVascoCancelAfterExportIsNotedShownAndCountedButNothingIsSent(): void
    {
        $this->configure('vasco');
        $order = $this->exported('vasco');
        $number = $this->row('vasco', $order)['remote_number'];
        $before = count(self::$sim->requests('vasco'));
        $this->assertNull($this->change('vasco', $order), 'an exported order that did not change has no change row');
        $this->assertStringNotContainsString('changed after export', $this->metaBox($order));

        $order->update_status('cancelled');
        $note = implode("\n", $this->notes($order));
        $this->assertStringContainsString('VASCO: the order was cancelled after the export.', $note);
        $this->assertStringContainsString("VASCO still holds document {$number} for", $note);
        $this->assertStringContainsString('no cancellation or credit note: correct the order in VASCO by hand', $note);
        $this->assertSame('manual', $this->change('vasco', $order)['state']);
        $this->assertSame([], $this->pending(AfterExport::ACTION), 'VASCO has no document for it: nothing is queued');
        $this->runQueue(true);
        $this->assertCount($before, self::$sim->requests('vasco'), 'nothing was sent to VASCO');
        $this->assertSame('done', $this->row('vasco', $order)['state'], 'the export itself stays done');

        $box = $this->metaBox(wc_get_order($order->get_id()));
        $this->assertStringContainsString('changed after export: correct it in the back-office', $box);
        $this->assertStringContainsString('cancelled after the export', $box);
        $this->assertStringContainsString('changed after export', $this->cell($order));
        $this->assertSame(1, AfterExport::counts()['vasco'] ?? 0);
    }

    public function testPartialRefundAfterExportIsNotedOnceAndFullRefundOnce(): void
    {
        $this->configure('sitoo', ['after_export' => 'cancel']);
        $order = $this->exported('sitoo');
        wc_create_refund(['order_id' => $order->get_id(), 'amount' => '10.00', 'reason' => 'scratched']);
        $notes = array_values(array_filter($this->notes($order), fn($n) => str_contains($n, 'after the export')));
        $this->assertCount(1, $notes);
        $this->assertStringContainsString('10,00', str_replace('.', ',', $notes[0]));
        $this->assertStringContainsString('was refunded after the export', $notes[0]);
        $this->assertStringContainsString('Make the refund in Sitoo by hand.', $notes[0]);
        $this->assertSame('manual', $this->change('sitoo', $order)['state'], 'a partial refund is only noted, also with the opt-in');
        $this->assertSame([], $this->pending(AfterExport::ACTION));

        // The rest refunded: WooCommerce marks the order refunded; one more note, and now the cancellation is queued.
        $order = wc_get_order($order->get_id());
        wc_create_refund(['order_id' => $order->get_id(), 'amount' => $order->get_remaining_refund_amount()]);
        $notes = array_values(array_filter($this->notes($order), fn($n) => str_contains($n, 'after the export')));
        $this->assertCount(2, $notes, implode("\n", $notes));
        $this->assertStringContainsString('refunded in full after the export', $notes[0]); // newest first
        $this->assertSame('queued', $this->change('sitoo', $order)['state']);
        $this->assertCount(1, $this->pending(AfterExport::ACTION));
    }

    public function testSitooCancellationIsSentOnceWhenChosen(): void
    {
        $this->configure('sitoo', ['after_export' => 'cancel']);
        $order = $this->exported('sitoo');
        $remote = (int) $this->row('sitoo', $order)['remote_id'];
        $order->update_status('cancelled');
        $this->assertSame([], array_filter(self::$sim->requests('sitoo'), fn($q) => $q['method'] === 'PUT'), 'the status change itself sends nothing');
        $this->assertStringContainsString('The order is being cancelled in Sitoo.', implode("\n", $this->notes($order)));
        $this->runQueue();
        $this->assertSame('done', $this->change('sitoo', $order)['state'], (string) $this->change('sitoo', $order)['last_error']);
        $state = array_column(self::$sim->state('sitoo')['orders'], 'orderstateid', 'orderid');
        $this->assertSame(20, $state[$remote]);
        $this->assertStringContainsString("Sitoo: order {$remote} cancelled (order state 20).", implode("\n", $this->notes($order)));
        $this->assertStringContainsString("changed after export: document {$remote}", $this->metaBox(wc_get_order($order->get_id())));

        // Cancelled again (reopened, then cancelled): the cancellation is not sent a second time.
        $order = wc_get_order($order->get_id());
        $order->update_status('on-hold');
        $order->update_status('cancelled');
        $this->runQueue(true);
        $this->assertCount(1, array_filter(self::$sim->requests('sitoo'), fn($q) => $q['method'] === 'PUT'));
        $this->assertStringContainsString("Sitoo already has it (document {$remote}); nothing more is sent.", $this->notes($order)[0]);
    }

    public function testSorsReturnDocumentIsSentOnceAlsoAfterALostReply(): void
    {
        $this->configure('sors', ['after_export' => 'return']);
        $order = $this->exported('sors', ['meta' => ['_billing_vat' => '101234567'], 'billing' => ['company' => 'Kafa d.o.o.', 'country' => 'RS', 'email' => 'kafa@example.rs']]);
        $invoice = $this->row('sors', $order)['remote_number'];
        $this->assertNotSame('', (string) $order->get_meta(AfterExport::SNAPSHOT . 'sors'), 'the exported lines are kept');

        // Refunded in full: the return document carries the lines as exported, not the (empty) rest.
        wc_create_refund(['order_id' => $order->get_id(), 'amount' => $order->get_total()]);
        $this->assertSame('refunded', wc_get_order($order->get_id())->get_status());
        self::$sim->fault(['api' => 'sors', 'method' => 'POST', 'path' => '/Shop2026/documents/return', 'kind' => 'lost_reply']);
        $this->runQueue();
        $this->assertSame('unknown', $this->change('sors', $order)['state'], 'a lost reply leaves a doubt: the next attempt looks first');
        $this->runQueue(true);
        $change = $this->change('sors', $order);
        $this->assertSame('done', $change['state'], (string) $change['last_error']);
        $docs = array_values(array_filter(self::$sim->state('sors')['Shop2026']['documents'], fn($d) => $d['documentType'] === 'return'));
        $this->assertCount(1, $docs, 'one return document in SORS');
        $this->assertSame($invoice, $docs[0]['referenceNumber']);
        $this->assertSame($change['remote_number'], $docs[0]['number']);
        $this->assertCount(3, $docs[0]['items'], 'two lines and shipping, as exported');
        $this->assertCount(1, $this->posts('sors', 'POST', '#/documents/return$#'));
        $notes = implode("\n", $this->notes($order));
        $this->assertStringContainsString('A return document is being sent to SORS.', $notes);
        $this->assertStringContainsString("already there (linked, not sent again)", $notes);
    }

    public function testSorsWithoutTheOptInOnlyNotes(): void
    {
        $this->configure('sors');
        $order = $this->exported('sors', ['billing' => ['country' => 'RS', 'email' => 'kupac@example.rs']]);
        $order->update_status('cancelled');
        $this->assertStringContainsString('Make the return document in SORS by hand.', implode("\n", $this->notes($order)));
        $this->assertSame('manual', $this->change('sors', $order)['state']);
        $this->runQueue(true);
        $this->assertSame([], $this->posts('sors', 'POST', '#/documents/return$#'));
    }

    public function testTheSettingIsOfferedOnlyWhereTheBackOfficeHasADocument(): void
    {
        $this->assertArrayHasKey('after_export', ErpSync\Plugin\Admin\Fields::definitions('sors'));
        $this->assertArrayHasKey('after_export', ErpSync\Plugin\Admin\Fields::definitions('sitoo'));
        $this->assertArrayNotHasKey('after_export', ErpSync\Plugin\Admin\Fields::definitions('vasco'));
        $this->assertArrayNotHasKey('after_export', ErpSync\Plugin\Admin\Fields::definitions('logistos'));
        [$values, $errors] = ErpSync\Plugin\Admin\Fields::sanitize('sitoo', ['after_export' => 'delete']);
        $this->assertNotEmpty(array_filter($errors, fn($e) => str_contains($e, 'After the export')), 'a value not offered is refused, naming the field');
        [$values] = ErpSync\Plugin\Admin\Fields::sanitize('sitoo', ['after_export' => 'cancel']);
        $this->assertSame('cancel', $values['after_export']);
    }
}
