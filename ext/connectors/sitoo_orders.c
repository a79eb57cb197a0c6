/*
 * Sitoo connector: orders (zval-free). Facts (erp-apis.md §3): lookup GET /orders.json?externalid= [SEEN field,
 * INFERRED use]; orders read back across sites from orderidfrom, sorted; deliveries POST
 * orders/{orderid}/orderdeliveries.json; orders cannot be deleted, a cancellation is a PUT of orderstateid 20.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitoo_internal.h"
#include "erpsync_conn_money.h"
#include "json/erpsync_json.h"
#include "json/erpsync_json_decimal.h"

int sitoo_find_order(sitoo_ctx *c, json_object *order, json_object **out, erpsync_error *err)
{
	char ext[64], p[256];
	erpsync_http_kv q[1];
	erpsync_conn_request r;
	json_object *reply = NULL, *items;
	size_t i, n;
	*out = NULL;
	if (!sitoo_externalid(c, order, ext, sizeof(ext))) {
		erpsync_conn_invalid(err, "order", "id", "the WooCommerce order id is missing");
		return -1;
	}
	sitoo_path(c, "path.all_orders", NULL, p, sizeof(p));
	q[0].name = sitoo_name(c, "q.externalid"); q[0].value = ext;
	memset(&r, 0, sizeof(r));
	r.method = "GET"; r.path = p; r.query = q; r.query_count = 1;
	if (erpsync_conn_call(c->http, SITOO, &r, &reply, NULL, NULL, err) != 0) return -1;
	items = erpsync_conn_get(reply, "items");
	n = items && json_object_is_type(items, json_type_array) ? json_object_array_length(items) : 0;
	for (i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(items, i);
		if (strcmp(erpsync_conn_get_str(o, "externalid", ""), ext) == 0) {
			*out = json_object_new_object();
			json_object_object_add(*out, "remote_id", json_object_new_string(erpsync_conn_get_str(o, "orderid", "")));
			json_object_object_add(*out, "remote_number", json_object_new_string(erpsync_conn_get_str(o, "orderid", "")));
			break;
		}
	}
	json_object_put(reply);
	return 0;
}

int sitoo_export_order(sitoo_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err)
{
	json_object *body = sitoo_build_order(c, order, ctx, err), *found = NULL, *reply = NULL;
	erpsync_conn_request r;
	char p[256], *sent = NULL;
	long status = 0;
	bool cc;
	*out = NULL;
	if (!body) return -1;
	cc = sitoo_click_and_collect(c, order);
	if (sitoo_find_order(c, order, &found, err) != 0) { json_object_put(body); return -1; }
	if (found) {
		json_object_object_add(found, "created", json_object_new_boolean(0));
		json_object_object_add(found, "click_and_collect", json_object_new_boolean(cc));
		json_object_object_add(found, "payload", json_object_new_string(json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)));
		json_object_put(body);
		*out = found;
		return 0;
	}
	sitoo_path(c, "path.orders", NULL, p, sizeof(p));
	memset(&r, 0, sizeof(r));
	r.method = "POST"; r.path = p; r.body = body;
	if (erpsync_conn_call(c->http, SITOO, &r, &reply, &status, &sent, err) != 0) { json_object_put(body); return -1; }
	if (!reply || !json_object_is_type(reply, json_type_int)) {
		free(sent);
		json_object_put(reply);
		json_object_put(body);
		erpsync_error_protocol(err, "$", "Sitoo: the order was accepted (HTTP %ld) but the reply is not an orderid", status);
		return -1;
	}
	*out = json_object_new_object();
	json_object_object_add(*out, "remote_id", json_object_new_string(json_object_get_string(reply)));
	json_object_object_add(*out, "remote_number", json_object_new_string(json_object_get_string(reply)));
	json_object_object_add(*out, "created", json_object_new_boolean(1));
	json_object_object_add(*out, "click_and_collect", json_object_new_boolean(cc));
	json_object_object_add(*out, "payload", json_object_new_string(sent ? sent : ""));
	free(sent);
	json_object_put(reply);
	json_object_put(body);
	return 0;
}

/* ------------------------------------------------------------------ order import, deliveries */

/* Delivered quantity per orderitemid of one order: an object "orderitemid" -> total delivered. */
static json_object *delivered(sitoo_ctx *c, const char *orderid, erpsync_error *err)
{
	char p[256];
	erpsync_conn_request r;
	json_object *reply = NULL, *items, *sum;
	size_t i, j, n;
	sitoo_path(c, "path.order_deliveries", orderid, p, sizeof(p));
	memset(&r, 0, sizeof(r));
	r.method = "GET"; r.path = p;
	if (erpsync_conn_call(c->http, SITOO, &r, &reply, NULL, NULL, err) != 0) return NULL;
	sum = json_object_new_object();
	items = erpsync_conn_get(reply, "items");
	n = items && json_object_is_type(items, json_type_array) ? json_object_array_length(items) : 0;
	for (i = 0; i < n; i++) {
		json_object *d = erpsync_conn_get(json_object_array_get_idx(items, i), "orderdeliveryitems");
		size_t m = d && json_object_is_type(d, json_type_array) ? json_object_array_length(d) : 0;
		for (j = 0; j < m; j++) {
			json_object *di = json_object_array_get_idx(d, j);
			const char *id = erpsync_conn_get_str(di, "orderitemid", "");
			int64_t q = erpsync_conn_get_int(di, "quantity", 0);
			json_object *cur = NULL;
			if (!*id) continue;
			json_object_object_get_ex(sum, id, &cur);
			json_object_object_add(sum, id, json_object_new_int64((cur ? json_object_get_int64(cur) : 0) + q));
		}
	}
	json_object_put(reply);
	return sum;
}

/* Store2Door (as the Sitoo plugin defines it): an order with an item not (fully) found in its deliveries. */
static int is_store2door(sitoo_ctx *c, json_object *order, bool *out, erpsync_error *err)
{
	json_object *sum = delivered(c, erpsync_conn_get_str(order, "orderid", ""), err), *rows;
	size_t i, n;
	if (!sum) return -1;
	*out = false;
	rows = erpsync_conn_get(order, "orderitems");
	n = rows && json_object_is_type(rows, json_type_array) ? json_object_array_length(rows) : 0;
	for (i = 0; i < n && !*out; i++) {
		json_object *it = json_object_array_get_idx(rows, i), *got = NULL;
		json_object_object_get_ex(sum, erpsync_conn_get_str(it, "orderitemid", ""), &got);
		if (!got || json_object_get_int64(got) < erpsync_conn_get_int(it, "quantity", 0)) *out = true;
	}
	json_object_put(sum);
	return 0;
}

typedef struct {
	sitoo_ctx *c;
	bool only_store2door;
	erpsync_http_page_fn fn;
	void *ud;
} order_pages;

static int order_page(void *ud, json_object *items, long page, erpsync_error *err)
{
	order_pages *op = ud;
	json_object *keep = json_object_new_array();
	size_t i, n = json_object_array_length(items);
	int rc;
	for (i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(items, i);
		bool s2d = false;
		if (is_store2door(op->c, o, &s2d, err) != 0) { json_object_put(keep); return -1; }
		json_object_object_add(o, "store2door", json_object_new_boolean(s2d));
		if (!op->only_store2door || s2d) json_object_array_add(keep, json_object_get(o));
	}
	rc = op->fn(op->ud, keep, page, err);
	json_object_put(keep);
	return rc;
}

long sitoo_fetch_orders(sitoo_ctx *c, int64_t from_orderid, int64_t from_date, bool only_store2door, long page_size,
                        erpsync_http_page_fn fn, void *ud, erpsync_error *err)
{
	char p[256], from[32], eshop[32], date[32];
	erpsync_http_kv q[4];
	erpsync_http_request req;
	erpsync_http_pagination pg;
	order_pages op = { c, only_store2door, fn, ud };
	sitoo_path(c, "path.all_orders", NULL, p, sizeof(p));
	snprintf(from, sizeof(from), "%lld", (long long) (from_orderid > 0 ? from_orderid : 0));
	snprintf(eshop, sizeof(eshop), "%lld", (long long) erpsync_conn_get_int(c->settings, "siteid", 1));
	q[0].name = sitoo_name(c, "q.orderid_from"); q[0].value = from;
	q[1].name = "sort"; q[1].value = "orderid";
	q[2].name = "eshopid"; q[2].value = eshop;
	snprintf(date, sizeof(date), "%lld", (long long) from_date);
	q[3].name = sitoo_name(c, "q.orderdate_from"); q[3].value = date;
	memset(&req, 0, sizeof(req));
	memset(&pg, 0, sizeof(pg));
	req.method = "GET"; req.path = p; req.query = q; req.query_count = from_date > 0 ? 4 : 3;
	pg.style = ERPSYNC_HTTP_PAGE_OFFSET;
	pg.page_size = page_size > 0 ? page_size : 100;
	pg.first_index = -1;
	pg.items_key = "items";
	return erpsync_http_paginate(c->http, &req, &pg, order_page, &op, err);
}

int sitoo_deliver_order(sitoo_ctx *c, const char *orderid, json_object **out, erpsync_error *err)
{
	char p[256];
	erpsync_conn_request r;
	json_object *order = NULL, *sum, *rows, *body, *items, *reply = NULL;
	size_t i, n;
	long status = 0;
	*out = NULL;
	if (!sitoo_digits_only(orderid)) {
		erpsync_conn_invalid(err, "order delivery", "orderid", "Sitoo delivery: \"%s\" is not an orderid", orderid);
		return -1;
	}
	sitoo_path(c, "path.order", orderid, p, sizeof(p));
	memset(&r, 0, sizeof(r));
	r.method = "GET"; r.path = p;
	if (erpsync_conn_call(c->http, SITOO, &r, &order, NULL, NULL, err) != 0) return -1;
	if (!(sum = delivered(c, orderid, err))) { json_object_put(order); return -1; }
	/* deliver what is still open, so a repeated call delivers nothing twice */
	items = json_object_new_array();
	rows = erpsync_conn_get(order, "orderitems");
	n = rows && json_object_is_type(rows, json_type_array) ? json_object_array_length(rows) : 0;
	for (i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(rows, i), *got = NULL, *di;
		int64_t open;
		json_object_object_get_ex(sum, erpsync_conn_get_str(it, "orderitemid", ""), &got);
		open = erpsync_conn_get_int(it, "quantity", 0) - (got ? json_object_get_int64(got) : 0);
		if (open <= 0) continue;
		di = json_object_new_object();
		json_object_object_add(di, sitoo_name(c, "f.orderitemid"), json_object_new_int64(erpsync_conn_get_int(it, "orderitemid", 0)));
		json_object_object_add(di, sitoo_name(c, "f.quantity"), json_object_new_int64(open));
		json_object_array_add(items, di);
	}
	json_object_put(sum);
	*out = json_object_new_object();
	if (json_object_array_length(items) == 0) {
		json_object_put(items);
		json_object_put(order);
		json_object_object_add(*out, "delivered", json_object_new_boolean(0));
		json_object_object_add(*out, "message", json_object_new_string("nothing left to deliver"));
		return 0;
	}
	body = json_object_new_object();
	json_object_object_add(body, sitoo_name(c, "f.warehouseid"), json_object_new_int64(erpsync_conn_get_int(order, "warehouseid", erpsync_conn_get_int(c->settings, "warehouse_id", 1))));
	json_object_object_add(body, sitoo_name(c, "f.orderdeliveryref"), json_object_new_string(erpsync_conn_get_str(order, "externalid", orderid)));
	json_object_object_add(body, sitoo_name(c, "f.orderdeliveryitems"), items);
	json_object_put(order);
	sitoo_path(c, "path.order_deliveries", orderid, p, sizeof(p));
	memset(&r, 0, sizeof(r));
	r.method = "POST"; r.path = p; r.body = body;
	if (erpsync_conn_call(c->http, SITOO, &r, &reply, &status, NULL, err) != 0) {
		json_object_put(body);
		json_object_put(*out);
		*out = NULL;
		return -1;
	}
	json_object_object_add(*out, "delivered", json_object_new_boolean(1));
	json_object_object_add(*out, "orderdeliveryid", json_object_new_string(reply ? json_object_get_string(reply) : ""));
	json_object_put(reply);
	json_object_put(body);
	return 0;
}

/*
 * Cancels an exported order: orders cannot be deleted, their orderstateid is set to 20 (Cancelled) with a PUT of
 * the order (erp-apis.md §3 [SEEN]; order-write.yaml: orderstateid integer, ordertypeid required; the PUT answers
 * true). The order is
 * read first: one already cancelled is left alone (nothing sent twice), one closed (10) is refused with the reason,
 * since a closed order is a sale the POS has finished.
 */
int sitoo_cancel_order(sitoo_ctx *c, const char *orderid, json_object **out, erpsync_error *err)
{
	char p[256];
	erpsync_conn_request r;
	json_object *order = NULL, *body, *reply = NULL;
	int64_t state, type;
	*out = NULL;
	if (!sitoo_digits_only(orderid)) {
		erpsync_conn_invalid(err, "order cancellation", "orderid", "Sitoo cancellation: \"%s\" is not an orderid", orderid);
		return -1;
	}
	sitoo_path(c, "path.order", orderid, p, sizeof(p));
	memset(&r, 0, sizeof(r));
	r.method = "GET"; r.path = p;
	if (erpsync_conn_call(c->http, SITOO, &r, &order, NULL, NULL, err) != 0) return -1;
	state = erpsync_conn_get_int(order, sitoo_name(c, "f.orderstateid"), 0);
	type = erpsync_conn_get_int(order, sitoo_name(c, "f.ordertypeid"), 10);
	json_object_put(order);
	if (state == SITOO_ORDER_CANCELLED) {
		*out = json_object_new_object();
		json_object_object_add(*out, "cancelled", json_object_new_boolean(0));
		json_object_object_add(*out, "already", json_object_new_boolean(1));
		json_object_object_add(*out, "remote_id", json_object_new_string(orderid));
		return 0;
	}
	if (state == SITOO_ORDER_CLOSED) {
		erpsync_conn_invalid(err, "order cancellation", "orderstateid",
			"Sitoo cancellation: order %s is closed (orderstateid 10) and cannot be cancelled through the API", orderid);
		return -1;
	}
	/* order-write.yaml, which the PUT takes, requires ordertypeid: the order's own is sent back unchanged */
	body = json_object_new_object();
	json_object_object_add(body, sitoo_name(c, "f.ordertypeid"), json_object_new_int64(type));
	json_object_object_add(body, sitoo_name(c, "f.orderstateid"), json_object_new_int(SITOO_ORDER_CANCELLED));
	memset(&r, 0, sizeof(r));
	r.method = "PUT"; r.path = p; r.body = body; r.idempotent = true;
	if (erpsync_conn_call(c->http, SITOO, &r, &reply, NULL, NULL, err) != 0) { json_object_put(body); return -1; }
	json_object_put(body);
	if (!reply || !json_object_is_type(reply, json_type_boolean) || !json_object_get_boolean(reply)) {
		json_object_put(reply);
		erpsync_error_protocol(err, "$", "Sitoo cancellation: the reply to the PUT of order %s is not true", orderid);
		return -1;
	}
	json_object_put(reply);
	*out = json_object_new_object();
	json_object_object_add(*out, "cancelled", json_object_new_boolean(1));
	json_object_object_add(*out, "already", json_object_new_boolean(0));
	json_object_object_add(*out, "remote_id", json_object_new_string(orderid));
	return 0;
}
