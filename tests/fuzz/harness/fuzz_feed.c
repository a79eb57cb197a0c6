/* Reply pages into the matcher (ext/connectors/erpsync_conn_feed.c + ext/matcher/): byte 0 picks the feed — VASCO
 * (dodatnaPolja EAN lookup, the stock hook with a small stock table, "own|supplier" extra) or SORS-like (envelope,
 * a reported total) — the rest is the page body, also read as packed local products (addLocalPacked's parser).
 * Every text that reaches a result is valid UTF-8; the hook's fields are what the matcher keeps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "connectors/erpsync_conn_feed.h"
#include "json/erpsync_json_engine.h"

static char *d(const char *s) { char *r = strdup(s); if (!r) abort(); return r; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	em_options o;
	em_matcher *m;
	em_feed f;
	erpsync_error err;
	erpsync_feed_page u;
	vasco_feed_state st;
	json_object *by = NULL;
	long count = -1, reported = -1;
	size_t i, n;
	const em_pair *p;
	static const int cols[] = { EM_COL_ID, EM_COL_LINK, EM_COL_SKU, EM_COL_EAN, EM_COL_STOCK, EM_COL_PRICE, EM_COL_NAME };
	uint8_t sel;
	if (size < 1) return 0;
	sel = data[0];
	memset(&o, 0, sizeof(o));
	o.items_key = d(""); o.f_id = d("id"); o.f_sku = d("sku"); o.f_ean = d("ean"); o.f_stock = d("stock");
	o.f_reserved = d(""); o.f_price = d("price"); o.f_text[0] = d("name"); o.f_text[1] = d(""); o.f_text[2] = d("");
	o.ean_list = d(""); o.ean_list_name = d(""); o.ean_list_value = d(""); o.ean_list_match = d("");
	o.chain[0] = EM_KEY_LINK; o.chain[1] = EM_KEY_SKU; o.chain[2] = EM_KEY_EAN; o.chain_len = 3;
	o.own_stock = o.own_price = o.own_text[0] = EM_OWN_REMOTE;
	o.shop_prices_include_tax = sel & 2; o.vat_rate_x100 = 2200; o.tolerance = 50;
	m = em_new(&o);
	if (!m) abort();
	memset(&f, 0, sizeof(f));
	memset(&st, 0, sizeof(st));
	if (sel & 1) {
		json_object *row = json_object_new_object();
		by = json_object_new_object();
		json_object_object_add(row, "own", json_object_new_string("5"));
		json_object_object_add(row, "supplier", json_object_new_string("2.5"));
		json_object_object_add(row, "total", json_object_new_string("7.5"));
		json_object_object_add(by, "ART-1", row);
		st.by_code = by; st.count_supplier = sel & 4;
		f.f[EM_IN_ID] = "sifra"; f.f[EM_IN_PRICE] = "prodajnaCena"; f.f[EM_IN_TEXT] = "naziv";
		f.ean_list = "dodatnaPolja"; f.ean_list_name = "naziv"; f.ean_list_value = "vrednost"; f.ean_list_match = "EAN";
		f.hook = vasco_feed_item; f.hook_ud = &st;
	} else {
		f.total_key = "total";
		f.f[EM_IN_ID] = "id"; f.f[EM_IN_SKU] = "sku"; f.f[EM_IN_EAN] = "barcode"; f.f[EM_IN_PRICE] = "price";
		f.f[EM_IN_TEXT] = "name"; f.f[EM_IN_TEXT + 2] = "groupId"; f.f[EM_IN_STOCK] = "quantity";
	}
	u.m = m; u.f = &f;
	erpsync_error_clear(&err);
	if (erpsync_feed_on_page(&u, (const char *) data + 1, size - 1, 0, &count, &reported, &err) != 0) {
		if (!erpsync_error_isset(&err) || !erpsync_utf8_valid(err.message, strlen(err.message), NULL)) abort();
	} else if (count < 0 || (size_t) count > em_count_remote(m) + size) {
		abort();
	}
	erpsync_error_clear(&err);
	if (em_add_local_packed(m, (const char *) data + 1, size - 1, cols, sizeof(cols) / sizeof(cols[0]), &err) < 0
	    && !erpsync_error_isset(&err)) {
		abort();
	}
	em_run(m);
	n = em_pairs(m, &p);
	for (i = 0; i < n; i++) {
		size_t xl;
		const char *x = em_remote_raw(m, p[i].remote, EM_IN_EXTRA, &xl);
		if ((sel & 1) && (!x || !memchr(x, '|', xl))) abort(); /* the VASCO hook always sets own|supplier */
	}
	n = em_count_remote(m);
	for (i = 0; i < n; i++) {
		size_t l;
		const char *s = em_remote_raw(m, (uint32_t) i, EM_IN_TEXT, &l);
		if (s && !erpsync_utf8_valid(s, l, NULL)) abort();
	}
	em_free(m);
	if (by) json_object_put(by);
	return 0;
}
