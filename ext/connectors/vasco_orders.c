/*
 * VASCO connector engine: the order lookup and export, one order (vasco_find_order, vasco_export_order) or a list
 * sent in parallel (vasco_export_orders), and an order's state (vasco_order_state), zval-free. Facts: erp-apis.md §2; docs/connectors/vasco.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vasco.h"
#include "vasco_internal.h"

#define N(c, key) vasco_n((c), (key))
#define order_year(o, y) vasco_order_year((o), (y))

/* Does an order (reply row) carry the shop number in its extra fields? */
static bool extra_has(json_object *row, const char *name, const char *value)
{
	json_object *ex = erpsync_conn_get(row, "dodatnaPolja");
	size_t i, n;
	if (!ex) return false;
	if (json_object_is_type(ex, json_type_object)) {
		return strcmp(erpsync_conn_get_str(ex, name, ""), value) == 0;
	}
	if (!json_object_is_type(ex, json_type_array)) return false;
	n = json_object_array_length(ex);
	for (i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(ex, i);
		if (strcmp(erpsync_conn_get_str(it, "naziv", ""), name) == 0 && strcmp(erpsync_conn_get_str(it, "vrednost", ""), value) == 0) {
			return true;
		}
	}
	return false;
}

static json_object *found_order(const char *number, int year)
{
	json_object *r = json_object_new_object();
	char id[96];
	snprintf(id, sizeof(id), "%s.%d", number, year);
	json_object_object_add(r, "remote_id", json_object_new_string(id));
	json_object_object_add(r, "remote_number", json_object_new_string(number));
	return r;
}

/* What a lookup of one order needs: its request, with the query it points into. */
typedef struct {
	char ny[96], day[11];
	erpsync_http_kv q[4];
	erpsync_conn_request r;
	const char *number;
	int year;
} vasco_lookup;

/* Fills lk with the lookup of order (by number.year, or that day's orders when VASCO numbers them); -1 + err
 * (ValidationException) when the order has no number or date. */
static int find_prepare(vasco_ctx *c, json_object *order, vasco_lookup *lk, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	bool auto_numbering = strcmp(erpsync_conn_get_str(c->settings, "numbering", "shop"), "auto") == 0;

	memset(lk, 0, sizeof(*lk));
	lk->number = erpsync_conn_get_str(order, "number", NULL);
	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!lk->number || !order_year(order, &lk->year)) {
		erpsync_conn_invalid(err, subject, !lk->number ? "number" : "date_created", "%s: number and date_created are needed to look the order up", subject);
		return -1;
	}
	lk->r.method = "GET";
	lk->r.path = N(c, "path.order");
	lk->r.query = lk->q;
	if (!auto_numbering) {
		snprintf(lk->ny, sizeof(lk->ny), "%s.%d", lk->number, lk->year);
		lk->q[0].name = N(c, "q.number_year"); lk->q[0].value = lk->ny;
		lk->r.query_count = 1;
	} else {
		/* VASCO numbered it: scan that day's orders for the shop number in the extra fields */
		memcpy(lk->day, erpsync_conn_get_str(order, "date_created", ""), 10);
		lk->day[10] = '\0';
		lk->q[0].name = N(c, "q.date_from"); lk->q[0].value = lk->day;
		lk->q[1].name = N(c, "q.date_to"); lk->q[1].value = lk->day;
		lk->q[2].name = N(c, "q.extra"); lk->q[2].value = "1";
		lk->r.query_count = 3;
	}
	return 0;
}

/* The order the lookup's reply holds (a new object), or *out NULL; -1 + err when the reply is a refusal. */
static int find_match(vasco_ctx *c, const vasco_lookup *lk, json_object *reply, json_object **out, erpsync_error *err)
{
	bool auto_numbering = strcmp(erpsync_conn_get_str(c->settings, "numbering", "shop"), "auto") == 0;
	json_object *list = erpsync_conn_unwrap(reply, NULL, VASCO, err);
	size_t i, n;

	*out = NULL;
	if (erpsync_error_isset(err)) {
		return -1;
	}
	n = list && json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
	for (i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(list, i);
		const char *st = erpsync_conn_get_str(row, "stevilka", NULL);
		int ly = (int) erpsync_conn_get_int(row, "leto", lk->year);
		if (!auto_numbering) {
			if (st && strcmp(st, lk->number) == 0 && ly == lk->year) {
				*out = found_order(st, ly);
				break;
			}
		} else {
			const char *fname = "NAROCILO_STEVILKA";
			json_object *m = erpsync_conn_get(c->settings, "extra_fields");
			if (m) {
				json_object_object_foreach(m, mk, mv) {
					if (strcmp(json_object_get_string(mv), "number") == 0) { fname = mk; break; }
				}
			}
			if (st && extra_has(row, fname, lk->number)) {
				*out = found_order(st, ly);
				break;
			}
		}
	}
	return 0;
}

int vasco_find_order(vasco_ctx *c, json_object *order, json_object **out, erpsync_error *err)
{
	vasco_lookup lk;
	json_object *reply = NULL;
	int rc;

	*out = NULL;
	if (find_prepare(c, order, &lk, err) != 0) {
		return -1;
	}
	if (erpsync_conn_call(c->http, VASCO, &lk.r, &reply, NULL, NULL, err) != 0) {
		return -1;
	}
	rc = find_match(c, &lk, reply, out, err);
	json_object_put(reply);
	return rc;
}

/* An order that is there already: linked, with the payload that would have been sent. */
static json_object *export_found(json_object *found, json_object *payload)
{
	json_object_object_add(found, "created", json_object_new_boolean(0));
	json_object_object_add(found, "payload", json_object_new_string(json_object_to_json_string_ext(payload, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)));
	return found;
}

/* The result of a POST that VASCO answered: its number and year (else the shop's), status and the JSON sent. */
static json_object *export_created(json_object *order, json_object *reply, long status, const char *sent)
{
	json_object *out;
	int year = 0;
	const char *number;
	order_year(order, &year);
	number = erpsync_conn_get_str(reply, "stevilka", NULL);
	if (number) {
		year = (int) erpsync_conn_get_int(reply, "leto", year);
	} else {
		number = erpsync_conn_get_str(order, "number", "");
	}
	out = found_order(number, year);
	json_object_object_add(out, "created", json_object_new_boolean(1));
	json_object_object_add(out, "status", json_object_new_int((int) status));
	json_object_object_add(out, "payload", json_object_new_string(sent ? sent : ""));
	return out;
}

static void post_request(vasco_ctx *c, json_object *payload, erpsync_conn_request *r)
{
	memset(r, 0, sizeof(*r));
	r->method = "POST";
	r->path = N(c, "path.order");
	r->body = payload;
	r->idempotent = false; /* never re-posted blindly: the next attempt looks it up first */
}

int vasco_export_order(vasco_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err)
{
	json_object *payload, *found = NULL, *reply = NULL;
	erpsync_conn_request r;
	char *sent = NULL;
	long status = 0;

	*out = NULL;
	payload = vasco_build_order(c, order, ctx, err);
	if (!payload) {
		return -1;
	}
	if (vasco_find_order(c, order, &found, err) != 0) {
		json_object_put(payload);
		return -1;
	}
	if (found) {
		*out = export_found(found, payload);
		json_object_put(payload);
		return 0;
	}
	post_request(c, payload, &r);
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, &status, &sent, err) != 0) {
		json_object_put(payload);
		return -1;
	}
	*out = export_created(order, reply, status, sent);
	free(sent);
	json_object_put(reply);
	json_object_put(payload);
	return 0;
}

/* One order of a list export: its payload and lookup, then its reply. */
typedef struct {
	json_object *payload;
	vasco_lookup lk;
} vasco_item;

/* Phase 1 of a list export: every order's lookup at once; an order found is linked (outs[i]), one that failed is
 * errs[i]; the others are left with outs[i] NULL and no error, to be sent. */
static void export_list_lookups(vasco_ctx *c, vasco_item *it, size_t n, size_t conc, json_object **outs, erpsync_error *errs)
{
	erpsync_conn_request *rs = calloc(n ? n : 1, sizeof(*rs));
	json_object **replies = calloc(n ? n : 1, sizeof(*replies));
	erpsync_error *e = calloc(n ? n : 1, sizeof(*e));
	size_t *slot = calloc(n ? n : 1, sizeof(*slot));
	size_t i, m = 0;

	if (!rs || !replies || !e || !slot) {
		for (i = 0; i < n; i++) {
			if (!erpsync_error_isset(&errs[i])) erpsync_error_set(&errs[i], ERPSYNC_E_GENERIC, "VASCO: out of memory");
		}
		free(rs); free(replies); free(e); free(slot);
		return;
	}
	for (i = 0; i < n; i++) {
		if (it[i].payload) {
			rs[m] = it[i].lk.r;
			slot[m++] = i;
		}
	}
	erpsync_conn_call_many(c->http, VASCO, rs, m, conc, replies, NULL, NULL, e);
	for (i = 0; i < m; i++) {
		size_t k = slot[i];
		json_object *found = NULL;
		if (erpsync_error_isset(&e[i])) {
			errs[k] = e[i];
		} else if (find_match(c, &it[k].lk, replies[i], &found, &errs[k]) == 0 && found) {
			outs[k] = export_found(found, it[k].payload);
		}
		json_object_put(replies[i]);
	}
	free(rs); free(replies); free(e); free(slot);
}

/* Phase 2: the POSTs of the orders the lookups did not find, at most conc at a time, each failing alone. */
static void export_list_posts(vasco_ctx *c, json_object **orders, vasco_item *it, size_t n, size_t conc,
                              json_object **outs, erpsync_error *errs)
{
	erpsync_conn_request *rs = calloc(n ? n : 1, sizeof(*rs));
	json_object **replies = calloc(n ? n : 1, sizeof(*replies));
	long *statuses = calloc(n ? n : 1, sizeof(*statuses));
	char **sent = calloc(n ? n : 1, sizeof(*sent));
	erpsync_error *e = calloc(n ? n : 1, sizeof(*e));
	size_t *slot = calloc(n ? n : 1, sizeof(*slot));
	size_t i, m = 0;

	if (!rs || !replies || !statuses || !sent || !e || !slot) {
		for (i = 0; i < n; i++) {
			if (!outs[i] && !erpsync_error_isset(&errs[i])) erpsync_error_set(&errs[i], ERPSYNC_E_GENERIC, "VASCO: out of memory");
		}
		free(rs); free(replies); free(statuses); free(sent); free(e); free(slot);
		return;
	}
	for (i = 0; i < n; i++) {
		if (it[i].payload && !outs[i] && !erpsync_error_isset(&errs[i])) {
			post_request(c, it[i].payload, &rs[m]);
			slot[m++] = i;
		}
	}
	erpsync_conn_call_many(c->http, VASCO, rs, m, conc, replies, statuses, sent, e);
	for (i = 0; i < m; i++) {
		size_t k = slot[i];
		if (erpsync_error_isset(&e[i])) {
			errs[k] = e[i];
		} else {
			outs[k] = export_created(orders[k], replies[i], statuses[i], sent[i]);
		}
		free(sent[i]);
		json_object_put(replies[i]);
	}
	free(rs); free(replies); free(statuses); free(sent); free(e); free(slot);
}

void vasco_export_orders(vasco_ctx *c, json_object **orders, json_object **ctxs, size_t n, size_t conc,
                         json_object **outs, erpsync_error *errs)
{
	vasco_item *it = calloc(n ? n : 1, sizeof(*it));
	size_t i;

	for (i = 0; i < n; i++) {
		outs[i] = NULL;
		erpsync_error_clear(&errs[i]);
	}
	if (!it) {
		for (i = 0; i < n; i++) erpsync_error_set(&errs[i], ERPSYNC_E_GENERIC, "VASCO: out of memory");
		return;
	}
	/* every payload is built and checked first: a refused order sends nothing, and the others go on */
	for (i = 0; i < n; i++) {
		it[i].payload = vasco_build_order(c, orders[i], ctxs ? ctxs[i] : NULL, &errs[i]);
		if (it[i].payload && find_prepare(c, orders[i], &it[i].lk, &errs[i]) != 0) {
			json_object_put(it[i].payload);
			it[i].payload = NULL;
		}
	}
	export_list_lookups(c, it, n, conc, outs, errs);
	export_list_posts(c, orders, it, n, conc, outs, errs);
	for (i = 0; i < n; i++) {
		json_object_put(it[i].payload);
	}
	free(it);
}

/* The state of order number.year (GET path.order_state/<number>/<year>): the reply, or an empty list. */
int vasco_order_state(vasco_ctx *c, const char *number, int year, json_object **out, erpsync_error *err)
{
	char path[512];
	erpsync_conn_request r;
	json_object *reply = NULL;
	if (!vasco_digits_only(number)) {
		erpsync_conn_invalid(err, "order state", "number", "VASCO order state: \"%s\" is not an order number", number);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s/%d", N(c, "path.order_state"), number, year);
	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.path = path;
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, NULL, NULL, err) != 0) {
		return -1;
	}
	*out = reply ? reply : json_object_new_array();
	return 0;
}
