/* Reply pages into the bulk matcher (zval-free). See erpsync_conn_feed.h. */
#include <stdio.h>
#include <string.h>

#include "erpsync_conn_feed.h"
#include "json/erpsync_decimal.h"

int erpsync_feed_on_page(void *ud, const char *body, size_t len, long page, long *count, long *reported, erpsync_error *err)
{
	erpsync_feed_page *u = ud;
	long n = em_add_remote_feed(u->m, u->f, body, len, reported, err);
	if (n < 0) {
		/* say which page: "page 3: catalogue reply: ..." */
		char head[32];
		size_t h = (size_t) snprintf(head, sizeof(head), "page %ld: ", page + 1), ml = strnlen(err->message, sizeof(err->message) - 1);
		if (h < sizeof(head) && h + ml < sizeof(err->message)) {
			memmove(err->message + h, err->message, ml + 1);
			memcpy(err->message, head, h);
		}
		return -1;
	}
	*count = n;
	return 0;
}

/* ------------------------------------------------------------------------------------- SORS */

static bool sors_item(void *ud, em_item_in *it)
{
	(void) ud;
	return it->v[EM_IN_ID] && it->len[EM_IN_ID] > 0; /* a product without id cannot be linked */
}

long sors_fetch_into(sors_ctx *c, int what, long page_size, em_matcher *m, erpsync_error *err)
{
	em_feed f;
	erpsync_feed_page u;
	erpsync_http_kv q[2];
	size_t nq = 0;
	const char *unit = erpsync_conn_get_str(c->settings, "business_unit", NULL);
	const char *mode = erpsync_conn_get_str(c->settings, what == SORS_FEED_STOCK ? "stock_mode" : "price_type", NULL);
	memset(&f, 0, sizeof(f));
	if (what == SORS_FEED_STOCK) {
		f.f[EM_IN_ID] = erpsync_conn_name(&c->names, "stock.product");
		f.f[EM_IN_SKU] = erpsync_conn_name(&c->names, "stock.sku");
		f.f[EM_IN_STOCK] = erpsync_conn_name(&c->names, "stock.quantity");
	} else {
		f.f[EM_IN_ID] = erpsync_conn_name(&c->names, "product.id");
		f.f[EM_IN_SKU] = erpsync_conn_name(&c->names, "product.sku");
		f.f[EM_IN_EAN] = erpsync_conn_name(&c->names, "product.barcode");
		f.f[EM_IN_PRICE] = erpsync_conn_name(&c->names, "product.price");
		f.f[EM_IN_TEXT] = erpsync_conn_name(&c->names, "product.name");
		f.f[EM_IN_TEXT + 2] = erpsync_conn_name(&c->names, "product.group");
		f.hook = sors_item;
	}
	if (unit) { q[nq].name = erpsync_conn_name(&c->names, "q.business_unit"); q[nq].value = unit; nq++; }
	if (mode) { q[nq].name = erpsync_conn_name(&c->names, what == SORS_FEED_STOCK ? "q.stock_mode" : "q.price_type"); q[nq].value = mode; nq++; }
	u.m = m; u.f = &f;
	return sors_paged_raw(c, what == SORS_FEED_STOCK ? "path.stock" : "path.products", q, nq, page_size, erpsync_feed_on_page, &u, err);
}

/* ------------------------------------------------------------------------------------ VASCO */

static bool all_digits(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++) if (s[i] < '0' || s[i] > '9') return false;
	return true;
}

bool vasco_feed_item(void *ud, em_item_in *it)
{
	vasco_feed_state *st = ud;
	char code[256];
	json_object *row = NULL;
	size_t len = it->len[EM_IN_ID];
	if (!it->v[EM_IN_ID] || len == 0) return false; /* an article without code cannot be linked */
	if ((!it->v[EM_IN_EAN] || it->len[EM_IN_EAN] == 0) && len >= 8 && len <= 14 && all_digits(it->v[EM_IN_ID], len)) {
		it->v[EM_IN_EAN] = it->v[EM_IN_ID]; /* shops that number articles by EAN */
		it->len[EM_IN_EAN] = len;
	}
	if (len < sizeof(code) && !memchr(it->v[EM_IN_ID], '\0', len)) {
		memcpy(code, it->v[EM_IN_ID], len);
		code[len] = '\0';
		if (st->by_code && !json_object_object_get_ex(st->by_code, code, &row)) row = NULL;
	}
	if (!row) {
		snprintf(st->stock, sizeof(st->stock), "0");
		snprintf(st->extra, sizeof(st->extra), "0|0");
	} else {
		const char *own = erpsync_conn_get_str(row, "own", "0"), *sup = erpsync_conn_get_str(row, "supplier", "0");
		const char *total = erpsync_conn_get_str(row, "total", "0");
		erpsync_decimal t, s;
		snprintf(st->stock, sizeof(st->stock), "%s", total);
		if (!st->count_supplier && erpsync_dec_parse(total, strlen(total), &t) == ERPSYNC_DEC_OK
		    && erpsync_dec_parse(sup, strlen(sup), &s) == ERPSYNC_DEC_OK && erpsync_dec_sub(&t, &s, &t) == ERPSYNC_DEC_OK) {
			erpsync_dec_format(&t, -1, st->stock, sizeof(st->stock), NULL);
		}
		snprintf(st->extra, sizeof(st->extra), "%s|%s", own, sup);
	}
	it->v[EM_IN_STOCK] = st->stock; it->len[EM_IN_STOCK] = strlen(st->stock);
	it->v[EM_IN_RESERVED] = NULL; it->len[EM_IN_RESERVED] = 0;
	it->v[EM_IN_EXTRA] = st->extra; it->len[EM_IN_EXTRA] = strlen(st->extra);
	return true;
}

long vasco_fetch_into(vasco_ctx *c, bool count_supplier, long page_size, em_matcher *m, erpsync_error *err)
{
	json_object *rows = NULL, *by;
	vasco_feed_state st;
	em_feed f;
	erpsync_feed_page u;
	size_t i, n;
	long total;
	if (vasco_stock(c, NULL, &rows, err) != 0) return -1;
	by = json_object_new_object();
	n = rows ? json_object_array_length(rows) : 0;
	for (i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(rows, i);
		const char *code = erpsync_conn_get_str(r, "code", NULL);
		if (code) json_object_object_add(by, code, json_object_get(r));
	}
	if (rows) json_object_put(rows);
	memset(&st, 0, sizeof(st));
	st.by_code = by;
	st.count_supplier = count_supplier;
	memset(&f, 0, sizeof(f));
	f.f[EM_IN_ID] = erpsync_conn_name(&c->names, "article.code");
	f.f[EM_IN_PRICE] = erpsync_conn_name(&c->names, "article.price");
	f.f[EM_IN_TEXT] = erpsync_conn_name(&c->names, "article.name");
	f.ean_list = erpsync_conn_name(&c->names, "article.extra");
	f.ean_list_name = "naziv";
	f.ean_list_value = "vrednost";
	f.ean_list_match = "EAN";
	f.hook = vasco_feed_item;
	f.hook_ud = &st;
	u.m = m; u.f = &f;
	total = vasco_products_raw(c, page_size, erpsync_feed_on_page, &u, err);
	json_object_put(by);
	return total;
}
