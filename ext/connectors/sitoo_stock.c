/*
 * Sitoo connector: stock changes for a Virtual warehouse (zval-free).
 *
 * Facts (../shared/reference/sitoo-openapi): warehouse transactions "cannot be added to warehouses with
 * warehousetype Virtual (20)" [SEEN, paths/sites/_siteid_/warehousetransactions.yaml]; a Virtual warehouse's
 * decimaltotal is written with the batch PUT of warehouseitems ("Read Only if not warehousetype Virtual")
 * [SEEN, schemas/warehouseitem-write.yaml]; GET warehouseitems takes sku as a comma list and pages with start/num
 * [SEEN, paths/.../warehouseitems.yaml]; the batch PUT answers one {statuscode, return} per item [SEEN, erp-apis.md
 * §3 "Batch calls"]. So a delta reaches a Virtual warehouse as read total, add, put total: the reply gives the
 * total before and after, which the caller records so that its own change does not come back as a change.
 *
 * Other warehouses (erp-apis.md §3): warehouse transactions of at most 1000 items, decimalquantity a signed decimal
 * string [SEEN]; warehouse items paged start/num with totalcount [SEEN]; the list of warehouses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitoo_internal.h"
#include "json/erpsync_json.h"
#include "json/erpsync_json_decimal.h"

/* SKUs per GET (a comma list in the URL: at most 100 SKUs of at most 100 bytes) and per PUT. */
#define SITOO_VIRTUAL_CHUNK 100

static int collect_totals(void *ud, json_object *items, long page, erpsync_error *err)
{
	json_object *totals = ud;
	size_t i, n = items && json_object_is_type(items, json_type_array) ? json_object_array_length(items) : 0;
	(void) page;
	(void) err;
	for (i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i), *t = NULL;
		const char *sku = erpsync_conn_get_str(it, "sku", "");
		if (*sku && json_object_object_get_ex(it, "decimaltotal", &t)) {
			json_object_object_add(totals, sku, json_object_get(t));
		}
	}
	return 0;
}

/* Reads decimaltotal of the SKUs in skus (a JSON array of strings) into totals (sku -> value). */
static int read_totals(sitoo_ctx *c, const char *p, json_object *skus, json_object *totals, erpsync_error *err)
{
	size_t i, n = json_object_array_length(skus), len = 1;
	char *list;
	erpsync_http_kv q[1];
	erpsync_http_request req;
	erpsync_http_pagination pg;
	long got;
	for (i = 0; i < n; i++) len += strlen(json_object_get_string(json_object_array_get_idx(skus, i))) + 1;
	list = malloc(len);
	if (!list) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "%s", "Sitoo stock: out of memory");
		return -1;
	}
	list[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i) strcat(list, ",");
		strcat(list, json_object_get_string(json_object_array_get_idx(skus, i)));
	}
	memset(&req, 0, sizeof(req));
	memset(&pg, 0, sizeof(pg));
	q[0].name = "sku";
	q[0].value = list;
	req.method = "GET";
	req.path = p;
	req.query = q;
	req.query_count = 1;
	req.idempotent = true;
	pg.style = ERPSYNC_HTTP_PAGE_OFFSET;
	pg.page_size = SITOO_VIRTUAL_CHUNK;
	pg.first_index = -1;
	pg.items_key = "items";
	got = erpsync_http_paginate(c->http, &req, &pg, collect_totals, totals, err);
	free(list);
	return got < 0 ? -1 : 0;
}

/* One chunk: read, add, put; one result per SKU appended to results. */
static int virtual_chunk(sitoo_ctx *c, const char *p, json_object *changes, json_object *skus, json_object *results,
                         erpsync_error *err)
{
	json_object *totals = json_object_new_object(), *body = json_object_new_array(), *reply = NULL, *rows = json_object_new_array();
	erpsync_conn_request r;
	erpsync_error e;
	size_t i, n = json_object_array_length(skus);
	int rc = -1;
	if (read_totals(c, p, skus, totals, err) != 0) goto done;
	for (i = 0; i < n; i++) {
		const char *sku = json_object_get_string(json_object_array_get_idx(skus, i));
		erpsync_decimal before, delta, after;
		json_object *t = NULL, *it, *row = json_object_new_object();
		erpsync_dec_zero(&before);
		if (json_object_object_get_ex(totals, sku, &t) && erpsync_json_get_decimal(t, &before) != ERPSYNC_DEC_OK) {
			erpsync_dec_zero(&before);
		}
		erpsync_json_get_decimal(json_object_object_get(changes, sku), &delta);
		if (erpsync_dec_add(&before, &delta, &after) != ERPSYNC_DEC_OK) {
			json_object_put(row);
			erpsync_conn_invalid(err, "stock change", sku, "Sitoo stock change: the total of %s is out of range", sku);
			goto done;
		}
		json_object_object_add(row, "sku", json_object_new_string(sku));
		json_object_object_add(row, "before", erpsync_conn_new_amount(&before, 3, false));
		json_object_object_add(row, "after", erpsync_conn_new_amount(&after, 3, false));
		json_object_array_add(rows, row);
		it = json_object_new_object();
		json_object_object_add(it, sitoo_name(c, "f.sku"), json_object_new_string(sku));
		json_object_object_add(it, "decimaltotal", erpsync_conn_new_amount(&after, 3, false));
		json_object_array_add(body, it);
	}
	memset(&r, 0, sizeof(r));
	r.method = "PUT";
	r.path = p;
	r.body = body;
	r.idempotent = false; /* a PUT of totals read moments ago: never repeated blindly */
	erpsync_error_clear(&e);
	if (erpsync_conn_call(c->http, SITOO, &r, &reply, NULL, NULL, &e) != 0) {
		/* the whole request failed: every SKU of the chunk says so; rate limits go up to the caller */
		if (e.code == ERPSYNC_E_RATE_LIMITED) {
			*err = e;
			goto done;
		}
		for (i = 0; i < n; i++) {
			json_object *row = json_object_array_get_idx(rows, i);
			json_object_object_add(row, "ok", json_object_new_boolean(0));
			json_object_object_add(row, "error", json_object_new_string(e.message));
			/* a transport failure may have reached Sitoo: the caller must not assume either way */
			json_object_object_add(row, "unknown", json_object_new_boolean(e.code == ERPSYNC_E_TRANSPORT));
		}
	} else {
		for (i = 0; i < n; i++) {
			json_object *row = json_object_array_get_idx(rows, i), *one = NULL;
			bool ok;
			if (reply && json_object_is_type(reply, json_type_array) && i < json_object_array_length(reply)) {
				one = json_object_array_get_idx(reply, i);
			}
			ok = (reply && json_object_is_type(reply, json_type_boolean) && json_object_get_boolean(reply))
			  || (one && erpsync_conn_get_int(one, "statuscode", 0) == 200);
			json_object_object_add(row, "ok", json_object_new_boolean(ok));
			json_object_object_add(row, "error", json_object_new_string(ok ? "" : (one ? erpsync_conn_get_str(one, "errortext", "refused by Sitoo") : "no result for this item in the reply")));
		}
	}
	for (i = 0; i < n; i++) json_object_array_add(results, json_object_get(json_object_array_get_idx(rows, i)));
	rc = 0;
done:
	json_object_put(totals);
	json_object_put(body);
	json_object_put(reply);
	json_object_put(rows);
	return rc;
}

int sitoo_adjust_virtual(sitoo_ctx *c, json_object *changes, json_object **out, erpsync_error *err)
{
	json_object *results, *skus = NULL;
	char p[256];
	*out = NULL;
	/* validate everything before anything is sent */
	json_object_object_foreach(changes, sku, qv) {
		erpsync_decimal d;
		char f[300];
		snprintf(f, sizeof(f), "changes.%s", sku);
		if (!sitoo_sku_valid(sku)) {
			erpsync_conn_invalid(err, "stock change", f, "Sitoo stock change: SKU \"%s\" has characters Sitoo does not allow", sku);
			return -1;
		}
		if (erpsync_json_get_decimal(qv, &d) != ERPSYNC_DEC_OK || erpsync_dec_is_zero(&d)) {
			erpsync_conn_invalid(err, "stock change", f, "Sitoo stock change: the change for %s must be a non-zero decimal", sku);
			return -1;
		}
	}
	sitoo_path(c, "path.warehouse_items", NULL, p, sizeof(p));
	results = json_object_new_array();
	{
		json_object_object_foreach(changes, sku, qv) {
			(void) qv;
			if (!skus) skus = json_object_new_array();
			json_object_array_add(skus, json_object_new_string(sku));
			if (json_object_array_length(skus) == SITOO_VIRTUAL_CHUNK) {
				if (virtual_chunk(c, p, changes, skus, results, err) != 0) goto fail;
				json_object_put(skus);
				skus = NULL;
			}
		}
	}
	if (skus && virtual_chunk(c, p, changes, skus, results, err) != 0) goto fail;
	json_object_put(skus);
	*out = results;
	return 0;
fail:
	json_object_put(skus);
	json_object_put(results);
	return -1;
}

/* Read-back of a Virtual warehouse's totals (sku -> decimaltotal as Sitoo gives it; a SKU Sitoo does not hold is
 * left out): what settles a PUT whose reply was lost (docs/connectors/sitoo.md, "unknown"). */
int sitoo_virtual_totals(sitoo_ctx *c, json_object *skus, json_object **out, erpsync_error *err)
{
	json_object *totals = json_object_new_object(), *chunk = NULL;
	size_t i, n = json_object_array_length(skus);
	char p[256];
	*out = NULL;
	for (i = 0; i < n; i++) {
		const char *sku = json_object_get_string(json_object_array_get_idx(skus, i));
		if (!sku || !sitoo_sku_valid(sku)) {
			json_object_put(totals);
			erpsync_conn_invalid(err, "stock", "skus", "Sitoo stock: SKU \"%s\" has characters Sitoo does not allow", sku ? sku : "");
			return -1;
		}
	}
	sitoo_path(c, "path.warehouse_items", NULL, p, sizeof(p));
	for (i = 0; i < n; i++) {
		if (!chunk) chunk = json_object_new_array();
		json_object_array_add(chunk, json_object_get(json_object_array_get_idx(skus, i)));
		if (json_object_array_length(chunk) == SITOO_VIRTUAL_CHUNK || i + 1 == n) {
			int rc = read_totals(c, p, chunk, totals, err);
			json_object_put(chunk);
			chunk = NULL;
			if (rc != 0) {
				json_object_put(totals);
				return -1;
			}
		}
	}
	*out = totals;
	return 0;
}

typedef struct {
	const char *ext;
	size_t len;
	json_object *found;
} tx_find;

/* externalid equal to ext, or ext followed by "-<digits>" (adjustStock's numbering of a session's transactions) */
static bool ext_matches(const char *have, const char *ext, size_t len)
{
	const char *s;
	if (!have || strncmp(have, ext, len) != 0) return false;
	if (have[len] == '\0') return true;
	if (have[len] != '-' || !have[len + 1]) return false;
	for (s = have + len + 1; *s; s++) {
		if (*s < '0' || *s > '9') return false;
	}
	return true;
}

static int collect_tx(void *ud, json_object *items, long page, erpsync_error *err)
{
	tx_find *f = ud;
	size_t i, n = items && json_object_is_type(items, json_type_array) ? json_object_array_length(items) : 0;
	(void) page;
	(void) err;
	for (i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i), *row;
		const char *have = erpsync_conn_get_str(it, "externalid", NULL);
		if (!ext_matches(have, f->ext, f->len)) continue;
		row = json_object_new_object();
		json_object_object_add(row, "warehousetransactionid", json_object_new_string(erpsync_conn_get_str(it, "warehousetransactionid", "")));
		json_object_object_add(row, "externalid", json_object_new_string(have));
		json_object_array_add(f->found, row);
	}
	return 0;
}

/* The warehouse transactions of the configured warehouse created since `since` (Unix seconds) whose externalid is
 * ext or ext-<n>: getWarehouseTransactions takes warehouseid and datecreatedfrom but no externalid filter, so the
 * pages are read and matched here. What settles a stock session or an order's stock step whose reply was lost. */
int sitoo_find_transactions(sitoo_ctx *c, const char *ext, int64_t since, json_object **out, erpsync_error *err)
{
	char p[256], wid[32], from[32];
	erpsync_http_kv q[2];
	erpsync_http_request req;
	erpsync_http_pagination pg;
	tx_find f;
	*out = NULL;
	if (!ext || !*ext || strlen(ext) > 40 || since < 0) {
		erpsync_conn_invalid(err, "stock", "externalid", "Sitoo stock: an externalid of 1 to 40 characters and a time are needed");
		return -1;
	}
	sitoo_path(c, "path.warehouse_transactions", NULL, p, sizeof(p));
	snprintf(wid, sizeof(wid), "%lld", (long long) erpsync_conn_get_int(c->settings, "warehouse_id", 1));
	snprintf(from, sizeof(from), "%lld", (long long) since);
	q[0].name = "warehouseid";
	q[0].value = wid;
	q[1].name = "datecreatedfrom";
	q[1].value = from;
	memset(&req, 0, sizeof(req));
	memset(&pg, 0, sizeof(pg));
	req.method = "GET";
	req.path = p;
	req.query = q;
	req.query_count = 2;
	req.idempotent = true;
	pg.style = ERPSYNC_HTTP_PAGE_OFFSET;
	pg.page_size = 100;
	pg.first_index = -1;
	pg.items_key = "items";
	f.ext = ext;
	f.len = strlen(ext);
	f.found = json_object_new_array();
	if (erpsync_http_paginate(c->http, &req, &pg, collect_tx, &f, err) < 0) {
		json_object_put(f.found);
		return -1;
	}
	*out = f.found;
	return 0;
}

/* ------------------------------------------------------------- warehouse items, transactions */

long sitoo_warehouse_items(sitoo_ctx *c, long page_size, int64_t modified_since, erpsync_http_page_fn fn, void *ud, erpsync_error *err)
{
	char p[256], since[32];
	erpsync_http_kv q[1];
	erpsync_http_request req;
	erpsync_http_pagination pg;
	sitoo_path(c, "path.warehouse_items", NULL, p, sizeof(p));
	memset(&req, 0, sizeof(req));
	memset(&pg, 0, sizeof(pg));
	req.method = "GET";
	req.path = p;
	if (modified_since > 0) {
		snprintf(since, sizeof(since), "%lld", (long long) modified_since);
		q[0].name = sitoo_name(c, "q.modified_from"); q[0].value = since;
		req.query = q; req.query_count = 1;
	}
	pg.style = ERPSYNC_HTTP_PAGE_OFFSET;
	pg.page_size = page_size > 0 ? page_size : 1000;
	pg.first_index = -1;
	pg.items_key = "items";
	return erpsync_http_paginate(c->http, &req, &pg, fn, ud, err);
}

int sitoo_adjust_stock(sitoo_ctx *c, json_object *changes, const char *ext, json_object **out, erpsync_error *err)
{
	json_object *results = json_object_new_array(), *chunk = NULL;
	size_t count = 0, chunkno = 0, total = 0;
	char p[256], extid[64];
	*out = NULL;
	if (!ext || !*ext || strlen(ext) > 30) {
		json_object_put(results);
		erpsync_conn_invalid(err, "stock change", "externalid", "Sitoo stock change: externalid must be 1 to 30 characters");
		return -1;
	}
	sitoo_path(c, "path.warehouse_transactions", NULL, p, sizeof(p));
	/* validate everything before anything is sent */
	json_object_object_foreach(changes, sku, qv) {
		erpsync_decimal d;
		char f[300];
		snprintf(f, sizeof(f), "changes.%s", sku);
		if (!sitoo_sku_valid(sku)) {
			json_object_put(results);
			erpsync_conn_invalid(err, "stock change", f, "Sitoo stock change: SKU \"%s\" has characters Sitoo does not allow", sku);
			return -1;
		}
		if (erpsync_json_get_decimal(qv, &d) != ERPSYNC_DEC_OK || erpsync_dec_is_zero(&d)) {
			json_object_put(results);
			erpsync_conn_invalid(err, "stock change", f, "Sitoo stock change: the change for %s must be a non-zero decimal", sku);
			return -1;
		}
		total++;
	}
	{
		json_object_object_foreach(changes, sku, qv) {
			erpsync_decimal d;
			json_object *it;
			if (!chunk) chunk = json_object_new_array();
			erpsync_json_get_decimal(qv, &d);
			it = json_object_new_object();
			json_object_object_add(it, sitoo_name(c, "f.sku"), json_object_new_string(sku));
			json_object_object_add(it, sitoo_name(c, "f.decimalquantity"), erpsync_conn_new_amount(&d, 3, false));
			json_object_array_add(chunk, it);
			count++;
			if (json_object_array_length(chunk) == 1000 || count == total) {
				json_object *tx = json_object_new_object(), *body = json_object_new_array(), *reply = NULL, *res = json_object_new_object();
				erpsync_conn_request r;
				erpsync_error e;
				long status = 0;
				size_t items = json_object_array_length(chunk); /* counted here: the field's name may be overridden */
				snprintf(extid, sizeof(extid), "%s-%zu", ext, ++chunkno);
				json_object_object_add(tx, sitoo_name(c, "f.warehouseid"), json_object_new_int64(erpsync_conn_get_int(c->settings, "warehouse_id", 1)));
				json_object_object_add(tx, sitoo_name(c, "f.transactiontype"), json_object_new_int64(erpsync_conn_get_int(c->settings, "stock_transaction_type", 10)));
				json_object_object_add(tx, sitoo_name(c, "f.description"), json_object_new_string("erpsync stock sync"));
				json_object_object_add(tx, sitoo_name(c, "f.externalid"), json_object_new_string(extid));
				json_object_object_add(tx, sitoo_name(c, "f.items"), chunk);
				json_object_array_add(body, tx);
				chunk = NULL;
				memset(&r, 0, sizeof(r));
				r.method = "POST"; r.path = p; r.body = body;
				erpsync_error_clear(&e);
				json_object_object_add(res, "externalid", json_object_new_string(extid));
				json_object_object_add(res, "items", json_object_new_int((int) items));
				if (erpsync_conn_call(c->http, SITOO, &r, &reply, &status, NULL, &e) != 0) {
					json_object_object_add(res, "ok", json_object_new_boolean(0));
					json_object_object_add(res, "error", json_object_new_string(e.message));
				} else {
					json_object_object_add(res, "ok", json_object_new_boolean(1));
					json_object_object_add(res, "error", json_object_new_string(""));
				}
				json_object_array_add(results, res);
				json_object_put(reply);
				json_object_put(body);
			}
		}
	}
	*out = results;
	return 0;
}

int sitoo_warehouses(sitoo_ctx *c, json_object **out, erpsync_error *err)
{
	json_object *reply = NULL;
	*out = NULL;
	if (sitoo_call(c, "GET", "path.warehouses", NULL, NULL, true, &reply, err) != 0) return -1;
	*out = json_object_get(erpsync_conn_get(reply, "items"));
	json_object_put(reply);
	if (!*out) *out = json_object_new_array();
	return 0;
}
