<?php
/**
 * Orders\Notes: the order notes of a batch written with one INSERT are the notes WC_Order::add_order_note() writes —
 * the same comment row (every column but the id, the order and the time), no comment meta either way, the same
 * wc_get_order_notes() entry, the same line in the order screen's notes box, the order's comment count, and
 * WooCommerce's comment-count transient cleared. Runs with HPOS on and off (order notes are comments in both).
 *
 * @group hpos
 */
class NotesTest extends WcTestCase
{
    private function comment(int $orderId): array
    {
        global $wpdb;
        $rows = $wpdb->get_results($wpdb->prepare("SELECT * FROM {$wpdb->comments} WHERE comment_post_ID = %d ORDER BY comment_ID", $orderId), ARRAY_A);
        $this->assertCount(1, $rows, 'one note on the order');
        return $rows[0];
    }

    private function meta(int $commentId): array
    {
        global $wpdb;
        return $wpdb->get_results($wpdb->prepare("SELECT meta_key, meta_value FROM {$wpdb->commentmeta} WHERE comment_id = %d", $commentId), ARRAY_A);
    }

    public function testABatchedNoteIsTheNoteAddOrderNoteWrites(): void
    {
        global $wpdb;
        $text = "VASCO: sent, document 12 — \"Kava\" <b>1 kg</b> a\\b 'x' č";
        $a = $this->order();
        $b = $this->order();
        $c = $this->order();
        $this->assertSame([], $this->notes($a));
        $q0 = $wpdb->num_queries;
        $a->add_order_note($text);
        $one = $wpdb->num_queries - $q0;
        set_transient('wc_count_comments', (object) ['all' => 99]);
        $before = $wpdb->num_queries;
        ErpSync\Plugin\Orders\Notes::begin();
        ErpSync\Plugin\Orders\Notes::add($b, $text);
        ErpSync\Plugin\Orders\Notes::add($c, $text);
        $this->assertSame([], $this->notes($b), 'kept until the flush');
        $this->assertSame(2, ErpSync\Plugin\Orders\Notes::flush(), 'both written together');
        $queries = $wpdb->num_queries - $before;
        // one INSERT, one count UPDATE, and the transient's deletion (its value and its timeout: 4 queries without a
        // persistent object cache), whatever the number of notes; add_order_note() takes this many per note
        $this->assertLessThanOrEqual(6, $queries, 'one INSERT, one count UPDATE, the transient');
        $this->assertGreaterThan($queries, 2 * $one, 'fewer queries than add_order_note() for the same two notes');
        $this->assertFalse(get_transient('wc_count_comments'), 'WooCommerce\'s comment-count cache cleared');

        $ra = $this->comment($a->get_id());
        foreach ([$b, $c] as $o) {
            $rb = $this->comment($o->get_id());
            $this->assertSame($this->meta((int) $ra['comment_ID']), $this->meta((int) $rb['comment_ID']), 'comment meta alike (none)');
            $this->assertLessThanOrEqual(5, abs(strtotime($ra['comment_date_gmt']) - strtotime($rb['comment_date_gmt'])));
            $this->assertSame(get_gmt_from_date($rb['comment_date']), $rb['comment_date_gmt']);
            foreach (['comment_ID', 'comment_post_ID', 'comment_date', 'comment_date_gmt'] as $k) {
                unset($rb[$k]);
            }
            $ra2 = $ra;
            foreach (['comment_ID', 'comment_post_ID', 'comment_date', 'comment_date_gmt'] as $k) {
                unset($ra2[$k]);
            }
            $this->assertSame($ra2, $rb, 'the same comment row');
            $this->assertSame(wp_unslash($text), $rb['comment_content'], 'unslashed, as wp_insert_comment() stores it');
            // wc_get_order_notes() and the order screen's notes box show it alike
            $na = (array) wc_get_order_notes(['order_id' => $a->get_id()])[0];
            $nb = (array) wc_get_order_notes(['order_id' => $o->get_id()])[0];
            unset($na['id'], $na['date_created'], $na['order_id'], $nb['id'], $nb['date_created'], $nb['order_id']);
            $this->assertSame($na, $nb);
            $box = static function (WC_Order $order): string {
                ob_start();
                WC_Meta_Box_Order_Notes::output($order);
                return preg_replace(['/\d+/', '/\s+/'], ['N', ' '], (string) ob_get_clean());
            };
            if (!class_exists('WC_Meta_Box_Order_Notes')) {
                require_once WC_ABSPATH . 'includes/admin/meta-boxes/class-wc-meta-box-order-notes.php';
            }
            $this->assertStringContainsString(esc_html('Kava'), $box($o));
            $this->assertSame($box($a), $box($o), 'the same notes box');
        }
        // the comment count of the order (its post, or the HPOS placeholder post), as wp_update_comment_count() keeps it
        foreach ([$a, $b, $c] as $o) {
            $this->assertSame('1', (string) $wpdb->get_var($wpdb->prepare("SELECT comment_count FROM {$wpdb->posts} WHERE ID = %d", $o->get_id())));
        }
    }

    public function testOutsideABatchAndWithAListenerNotesGoThroughAddOrderNote(): void
    {
        $o = $this->order();
        ErpSync\Plugin\Orders\Notes::add($o, 'at once');
        $this->assertSame(['at once'], $this->notes($o), 'outside a batch: written at once');
        $seen = [];
        $listen = static function ($id) use (&$seen) { $seen[] = (int) $id; };
        add_action('woocommerce_order_note_added', $listen, 10, 1);
        try {
            ErpSync\Plugin\Orders\Notes::begin();
            ErpSync\Plugin\Orders\Notes::add($o, 'one');
            ErpSync\Plugin\Orders\Notes::add($o, 'two');
            $this->assertSame(0, ErpSync\Plugin\Orders\Notes::flush(), 'one by one, for the listener');
        } finally {
            remove_action('woocommerce_order_note_added', $listen, 10);
        }
        $this->assertCount(2, $seen, 'the listener saw each note');
        $this->assertEqualsCanonicalizing(['at once', 'one', 'two'], $this->notes($o));
    }
}
