/* The matcher's scanner and diff (ext/matcher/erpsync_matcher.c) on a reply body. Byte 0 picks the options;
 * the rest is the body. Every text that reaches a result is valid UTF-8; amounts never wrap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "matcher/erpsync_matcher.h"
#include "json/erpsync_json_engine.h"

static char *d(const char *s) { char *r = strdup(s); if (!r) abort(); return r; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	em_options o;
	em_matcher *m;
	erpsync_error err;
	const em_change *ch;
	const em_invalid *iv;
	size_t n, i;
	uint8_t f;
	static const char *const skus[] = { "A", "B", "SKU-1", "3830000000015" };
	if (size < 1) return 0;
	f = data[0];
	memset(&o, 0, sizeof(o));
	o.items_key = d((f & 1) ? "items" : "");
	o.f_id = d("id"); o.f_sku = d("sku"); o.f_ean = d("ean"); o.f_stock = d("stock"); o.f_reserved = d("reserved");
	o.f_price = d("price"); o.f_text[0] = d("name"); o.f_text[1] = d("images"); o.f_text[2] = d("categories");
	if (f & 2) { o.ean_list = d("extra"); o.ean_list_name = d("n"); o.ean_list_value = d("v"); o.ean_list_match = d("EAN"); }
	o.chain[0] = EM_KEY_LINK; o.chain[1] = EM_KEY_SKU; o.chain[2] = EM_KEY_EAN; o.chain_len = 3;
	o.case_fold = f & 4; o.sitoo_sku = f & 8; o.fix_sku = f & 16; o.stock_delta = f & 32;
	o.remote_prices_include_tax = f & 64; o.shop_prices_include_tax = !(f & 128);
	o.own_stock = o.own_price = EM_OWN_REMOTE; o.own_text[0] = o.own_text[1] = o.own_text[2] = EM_OWN_REMOTE;
	o.vat_rate_x100 = 2200; o.tolerance = 50;
	m = em_new(&o);
	if (!m) abort();
	erpsync_error_clear(&err);
	if (em_add_remote_json(m, (const char *) data + 1, size - 1, &err) < 0) {
		if (!erpsync_error_isset(&err)) abort();
		if (!erpsync_utf8_valid(err.message, strlen(err.message), NULL)) abort();
		em_free(m);
		return 0;
	}
	for (i = 0; i < 4; i++) {
		em_local l;
		memset(&l, 0, sizeof(l));
		l.id = (int64_t) i + 1;
		l.sku = skus[i]; l.sku_len = strlen(skus[i]);
		l.link = skus[i]; l.link_len = strlen(skus[i]);
		l.stock = i & 1 ? "-9000000000000000.000" : "3"; l.stock_len = strlen(l.stock);
		l.open_orders = "1"; l.open_orders_len = 1;
		l.price = i & 2 ? "922337203685477.58" : "10.00"; l.price_len = strlen(l.price);
		if (!em_add_local(m, &l, &err)) abort();
	}
	em_run(m);
	n = em_changes(m, &ch);
	for (i = 0; i < n; i++) {
		if (ch[i].text && !erpsync_utf8_valid(ch[i].text, ch[i].text_len, NULL)) abort();
		if (ch[i].field == EM_F_STOCK && ch[i].value < 0) abort();
	}
	n = em_invalids(m, &iv);
	for (i = 0; i < n; i++) {
		if (!iv[i].reason) abort();
	}
	em_free(m);
	return 0;
}
