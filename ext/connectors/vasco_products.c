/*
 * VASCO connector engine: articles (FASifranti/artikel) — the article built from a product, the lookup by code,
 * the push, the paged product list — and stock (FASifranti/zaloga) summed over the chosen warehouses; zval-free.
 * Facts: erp-apis.md §2 (products paged by Segment (1-based)/SegmentSize; stock rows per warehouse summed by
 * clients) [CODE]; PUT FASifranti/artikel [INFERRED, dashboard only].
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vasco.h"
#include "vasco_internal.h"
#include "erpsync_conn_money.h"
#include "json/erpsync_json_decimal.h"
#include "json/erpsync_json.h"

#define N(c, key) vasco_n((c), (key))

json_object *vasco_build_product(vasco_ctx *c, json_object *pr, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	const char *code = vasco_article_code(c, pr);
	erpsync_decimal price, rate, net, hundred, f;
	json_object *o, *vat, *extra, *map;

	erpsync_conn_subject(pr, "product", subject, sizeof(subject));
	if (!code || !*code) {
		erpsync_conn_invalid(err, subject, strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0 ? "ean" : "sku",
			"%s: no article code (%s)", subject, erpsync_conn_get_str(c->settings, "article_key", "sku"));
		return NULL;
	}
	if (!*erpsync_conn_get_str(pr, "name", "")) {
		erpsync_conn_invalid(err, subject, "name", "%s: the product has no name", subject);
		return NULL;
	}
	if (erpsync_conn_get_dec(pr, "tax_rate_percent", &rate) != ERPSYNC_DEC_OK) {
		erpsync_conn_invalid(err, subject, "tax_rate_percent", "%s: tax_rate_percent is missing", subject);
		return NULL;
	}
	if (erpsync_conn_get_dec(pr, "regular_price", &price) != ERPSYNC_DEC_OK) {
		erpsync_dec_zero(&price);
	}
	if (erpsync_conn_get_bool(pr, "prices_include_tax", false)) {
		erpsync_decimal scaled;
		erpsync_dec_from_int(100, &hundred);
		erpsync_dec_add(&hundred, &rate, &f);
		erpsync_dec_mul(&price, &hundred, &scaled);
		erpsync_dec_div(&scaled, &f, vasco_price_places(c), &net);
	} else {
		net = price;
	}
	vat = vasco_vat_code(c, &rate, subject, "tax_rate_percent", err);
	if (!vat) return NULL;
	o = json_object_new_object();
	vasco_put(o, N(c, "article.numbering"), json_object_new_int(0));
	vasco_put(o, N(c, "article.code"), json_object_new_string(code));
	vasco_put(o, N(c, "article.name"), erpsync_conn_new_string_cut(erpsync_conn_get_str(pr, "name", ""), 40));
	vasco_put(o, N(c, "article.name2"), json_object_new_string(""));
	vasco_put(o, N(c, "article.unit"), json_object_new_string(erpsync_conn_get_str(pr, "unit", erpsync_conn_get_str(c->settings, "unit", "KOS"))));
	vasco_put(o, N(c, "article.group"), json_object_new_string(erpsync_conn_get_str(c->settings, "article_group", "100")));
	vasco_put(o, N(c, "article.vat"), vat);
	vasco_put(o, N(c, "article.card"), json_object_new_int(1));
	vasco_put(o, N(c, "article.price"), erpsync_conn_new_amount(&net, vasco_price_places(c), true));
	vasco_put(o, N(c, "article.b2b"), json_object_new_int(0));
	vasco_put(o, N(c, "article.b2c"), json_object_new_int(0));
	vasco_put(o, N(c, "article.goods_group"), json_object_new_int(0));
	vasco_put(o, N(c, "article.supplier"), json_object_new_int(0));
	extra = json_object_new_array();
	map = erpsync_conn_get(c->settings, "product_extra_fields");
	if (map && json_object_is_type(map, json_type_object)) {
		json_object_object_foreach(map, ek, ev) {
			json_object *item = json_object_new_object();
			vasco_put(item, N(c, "extra.name"), json_object_new_string(ek));
			vasco_put(item, N(c, "extra.value"), json_object_new_string(erpsync_conn_extra_value(json_object_get_string(ev), pr, NULL)));
			json_object_array_add(extra, item);
		}
	}
	vasco_put(o, N(c, "article.extra"), extra);
	return o;
}

/* GET the article list filtered by one code; *found is the first article (a new reference) or NULL. */
static int article_by_code(vasco_ctx *c, const char *code, json_object **found, erpsync_error *err)
{
	erpsync_conn_request r;
	erpsync_http_kv q[1];
	json_object *reply = NULL, *list;
	*found = NULL;
	q[0].name = N(c, "q.code");
	q[0].value = code;
	memset(&r, 0, sizeof(r));
	r.method = "GET"; r.path = N(c, "path.article"); r.query = q; r.query_count = 1;
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, NULL, NULL, err) != 0) return -1;
	list = erpsync_conn_unwrap(reply, NULL, VASCO, err);
	if (erpsync_error_isset(err)) { json_object_put(reply); return -1; }
	if (list && json_object_is_type(list, json_type_array)) {
		size_t i, n = json_object_array_length(list);
		/* a filter the server ignored must not make another article "this one" */
		for (i = 0; i < n && !*found; i++) {
			json_object *it = json_object_array_get_idx(list, i);
			if (strcmp(erpsync_conn_get_str(it, N(c, "article.code"), ""), code) == 0) *found = json_object_get(it);
		}
	}
	json_object_put(reply);
	return 0;
}

int vasco_find_product(vasco_ctx *c, json_object *pr, json_object **out, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	const char *code = vasco_article_code(c, pr);
	json_object *it = NULL;
	*out = NULL;
	if (!code || !*code) {
		erpsync_conn_subject(pr, "product", subject, sizeof(subject));
		erpsync_conn_invalid(err, subject, strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0 ? "ean" : "sku",
			"%s: no article code (%s)", subject, erpsync_conn_get_str(c->settings, "article_key", "sku"));
		return -1;
	}
	if (article_by_code(c, code, &it, err) != 0) return -1;
	if (!it) return 0;
	*out = json_object_new_object();
	json_object_object_add(*out, "remote_id", json_object_new_string(code));
	json_object_object_add(*out, "name", json_object_new_string(erpsync_conn_get_str(it, N(c, "article.name"), "")));
	json_object_put(it);
	return 0;
}

int vasco_push_product(vasco_ctx *c, json_object *pr, json_object **out, erpsync_error *err)
{
	json_object *body = vasco_build_product(c, pr, err), *reply = NULL, *it = NULL;
	erpsync_conn_request r;
	const char *code;
	bool exists;
	long status = 0;

	*out = NULL;
	if (!body) return -1;
	code = erpsync_conn_get_str(body, N(c, "article.code"), "");
	/* looked up before every POST: a retry after a POST whose reply was lost finds the article and PUTs */
	if (article_by_code(c, code, &it, err) != 0) { json_object_put(body); return -1; }
	exists = it != NULL;
	if (it) json_object_put(it);
	memset(&r, 0, sizeof(r));
	r.method = exists ? "PUT" : "POST";
	r.path = N(c, "path.article");
	r.body = body;
	r.idempotent = exists; /* a PUT of the same article is safe to repeat; a POST is never repeated blindly */
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, &status, NULL, err) != 0) { json_object_put(body); return -1; }
	*out = json_object_new_object();
	json_object_object_add(*out, "remote_id", json_object_new_string(code));
	json_object_object_add(*out, "created", json_object_new_boolean(!exists));
	json_object_object_add(*out, "status", json_object_new_int((int) status));
	json_object_put(reply);
	json_object_put(body);
	return 0;
}

/* The article list request with VASCO's segment pagination. */
static void vasco_products_setup(vasco_ctx *c, long page_size, erpsync_http_request *req, erpsync_http_pagination *pg)
{
	memset(req, 0, sizeof(*req));
	memset(pg, 0, sizeof(*pg));
	req->method = "GET";
	req->path = N(c, "path.article");
	pg->style = ERPSYNC_HTTP_PAGE_SEGMENT;
	pg->index_param = N(c, "q.segment");
	pg->size_param = N(c, "q.segment_size");
	pg->page_size = page_size > 0 ? page_size : 5000;
	pg->first_index = -1;
}

long vasco_products_raw(vasco_ctx *c, long page_size, erpsync_http_raw_page_fn on_page, void *ud, erpsync_error *err)
{
	erpsync_http_request req;
	erpsync_http_pagination pg;
	vasco_products_setup(c, page_size, &req, &pg);
	return erpsync_http_paginate_raw(c->http, &req, &pg, on_page, ud, err);
}

long vasco_products(vasco_ctx *c, long page_size, erpsync_http_page_fn on_page, void *ud, erpsync_error *err)
{
	erpsync_http_request req;
	erpsync_http_pagination pg;
	vasco_products_setup(c, page_size, &req, &pg);
	return erpsync_http_paginate(c->http, &req, &pg, on_page, ud, err);
}

/* ------------------------------------------------------------------------------ stock */

/* Value of a named extra field of an article (dodatnaPolja as list or object). */
static const char *extra_field(json_object *row, const char *name)
{
	json_object *ex = erpsync_conn_get(row, "dodatnaPolja");
	size_t i, n;
	if (!ex) return NULL;
	if (json_object_is_type(ex, json_type_object)) return erpsync_conn_get_str(ex, name, NULL);
	if (!json_object_is_type(ex, json_type_array)) return NULL;
	n = json_object_array_length(ex);
	for (i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(ex, i);
		if (strcmp(erpsync_conn_get_str(it, "naziv", ""), name) == 0) return erpsync_conn_get_str(it, "vrednost", NULL);
	}
	return NULL;
}

static bool warehouse_chosen(json_object *chosen, const char *wh)
{
	size_t i, n;
	if (!chosen || !json_object_is_type(chosen, json_type_array) || json_object_array_length(chosen) == 0) return true;
	n = json_object_array_length(chosen);
	for (i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(chosen, i));
		if (s && strcmp(s, wh) == 0) return true;
	}
	return false;
}

/* GET path with Sifra in batches of 100 (clients' batch size), rows appended to acc. */
static int get_by_codes(vasco_ctx *c, const char *path, json_object *codes, json_object *acc, erpsync_error *err)
{
	size_t i = 0, n = codes ? json_object_array_length(codes) : 0;
	char *buf = NULL;
	do {
		size_t j, cap = 0, len = 0;
		json_object *reply = NULL, *list;
		erpsync_http_kv q[1];
		erpsync_conn_request r;
		memset(&r, 0, sizeof(r));
		r.method = "GET"; r.path = path;
		if (n > 0) {
			for (j = i; j < n && j < i + 100; j++) cap += strlen(json_object_get_string(json_object_array_get_idx(codes, j))) + 1;
			buf = malloc(cap + 1);
			buf[0] = '\0';
			for (j = i; j < n && j < i + 100; j++) {
				const char *s = json_object_get_string(json_object_array_get_idx(codes, j));
				size_t sl = strlen(s);
				if (len) buf[len++] = ',';
				memcpy(buf + len, s, sl);
				len += sl;
			}
			buf[len] = '\0';
			q[0].name = N(c, "q.code"); q[0].value = buf;
			r.query = q; r.query_count = 1;
			i = j;
		}
		if (erpsync_conn_call(c->http, VASCO, &r, &reply, NULL, NULL, err) != 0) { free(buf); return -1; }
		free(buf);
		buf = NULL;
		list = erpsync_conn_unwrap(reply, NULL, VASCO, err);
		if (erpsync_error_isset(err)) { json_object_put(reply); return -1; }
		if (list && json_object_is_type(list, json_type_array)) {
			size_t k, m = json_object_array_length(list);
			for (k = 0; k < m; k++) json_object_array_add(acc, json_object_get(json_object_array_get_idx(list, k)));
		}
		json_object_put(reply);
	} while (i < n);
	return 0;
}

/* Adds the stock rows of the chosen warehouses (all when none is chosen) into by (code -> {code, own, reserved,
 * supplier}): own += zaloga, reserved += rezervirano. false + err (protocol) when a row has no quantity. */
static bool sum_stock_rows(vasco_ctx *c, json_object *rows, json_object *chosen, json_object *by, erpsync_error *err)
{
	size_t i, n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(rows, i), *e;
		const char *code = erpsync_conn_get_str(row, N(c, "stock.code"), NULL);
		const char *wh = erpsync_conn_get_str(row, N(c, "stock.warehouse"), "");
		erpsync_decimal q, r, acc;
		char b[ERPSYNC_DEC_BUF_LEN];
		if (!code || !warehouse_chosen(chosen, wh)) continue;
		if (!json_object_object_get_ex(by, code, &e)) {
			e = json_object_new_object();
			json_object_object_add(e, "code", json_object_new_string(code));
			json_object_object_add(e, "own", json_object_new_string("0"));
			json_object_object_add(e, "reserved", json_object_new_string("0"));
			json_object_object_add(e, "supplier", json_object_new_string("0"));
			json_object_object_add(by, code, e);
		}
		if (erpsync_conn_get_dec(row, N(c, "stock.qty"), &q) != ERPSYNC_DEC_OK) {
			erpsync_error_protocol(err, "$[].zaloga", "VASCO: stock row of %s has no quantity", code);
			return false;
		}
		erpsync_conn_get_dec(e, "own", &acc);
		erpsync_dec_add(&acc, &q, &acc);
		erpsync_dec_format(&acc, -1, b, sizeof(b), NULL);
		json_object_object_add(e, "own", json_object_new_string(b));
		if (erpsync_conn_get_dec(row, N(c, "stock.reserved"), &r) == ERPSYNC_DEC_OK) {
			erpsync_conn_get_dec(e, "reserved", &acc);
			erpsync_dec_add(&acc, &r, &acc);
			erpsync_dec_format(&acc, -1, b, sizeof(b), NULL);
			json_object_object_add(e, "reserved", json_object_new_string(b));
		}
	}
	return true;
}

/* Sets each article's supplier stock (the number in its extra field supplier_field; none when empty or text) in by. */
static void add_supplier_stock(json_object *articles, const char *supplier_field, json_object *by)
{
	size_t i, n = json_object_array_length(articles);
	for (i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(articles, i), *e;
		const char *code = erpsync_conn_get_str(a, "sifra", NULL);
		const char *sup = extra_field(a, supplier_field);
		erpsync_decimal s;
		if (!code || !sup) continue;
		if (erpsync_dec_parse(sup, strlen(sup), &s) != ERPSYNC_DEC_OK) continue; /* empty or text: no supplier stock */
		if (!json_object_object_get_ex(by, code, &e)) {
			e = json_object_new_object();
			json_object_object_add(e, "code", json_object_new_string(code));
			json_object_object_add(e, "own", json_object_new_string("0"));
			json_object_object_add(e, "reserved", json_object_new_string("0"));
			json_object_object_add(by, code, e);
		}
		json_object_object_add(e, "supplier", json_object_new_string(sup));
	}
}

/* The entries of by as a new list, each with its total: own (- reserved) (+ supplier). */
static json_object *stock_totals(json_object *by, bool subtract, bool with_supplier)
{
	json_object *out = json_object_new_array();
	json_object_object_foreach(by, k, e) {
		erpsync_decimal own, res, sup, total;
		char b[ERPSYNC_DEC_BUF_LEN];
		(void) k;
		erpsync_conn_get_dec(e, "own", &own);
		erpsync_conn_get_dec(e, "reserved", &res);
		if (erpsync_conn_get_dec(e, "supplier", &sup) != ERPSYNC_DEC_OK) erpsync_dec_zero(&sup);
		total = own;
		if (subtract) erpsync_dec_sub(&total, &res, &total);
		if (with_supplier) erpsync_dec_add(&total, &sup, &total);
		erpsync_dec_format(&total, -1, b, sizeof(b), NULL);
		json_object_object_add(e, "total", json_object_new_string(b));
		json_object_array_add(out, json_object_get(e));
	}
	return out;
}

int vasco_stock(vasco_ctx *c, json_object *codes, json_object **out, erpsync_error *err)
{
	json_object *rows = json_object_new_array(), *articles = json_object_new_array(), *by = json_object_new_object();
	bool subtract = erpsync_conn_get_bool(c->settings, "subtract_reserved", true);
	bool with_supplier = erpsync_conn_get_bool(c->settings, "supplier_stock", true);
	int rc = -1;

	*out = NULL;
	if (get_by_codes(c, N(c, "path.stock"), codes, rows, err) == 0
		&& (!with_supplier || get_by_codes(c, N(c, "path.article"), codes, articles, err) == 0)
		&& sum_stock_rows(c, rows, erpsync_conn_get(c->settings, "stock_warehouses"), by, err)) {
		add_supplier_stock(articles, erpsync_conn_get_str(c->settings, "supplier_stock_field", "PROSTO_C9"), by);
		*out = stock_totals(by, subtract, with_supplier);
		rc = 0;
	}
	json_object_put(by);
	json_object_put(rows);
	json_object_put(articles);
	return rc;
}
