/*
 * Pagination (zval-free): a JSON reply parsed with the engine's rules, the list of items found in it, and the
 * pages requested one after another (offset or page-number styles) until a short or empty page or the reported
 * total.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "erpsync_http_internal.h"
#include "json/erpsync_json_engine.h"

/* -------------------------------------------------------------------------- pagination */

static json_object *find_items(json_object *o, const char *key)
{
	static const char *const keys[] = { "items", "data", "value", "result", "results", "Items", "Data", NULL };
	json_object *v;
	size_t i;
	if (json_object_is_type(o, json_type_array)) {
		return key ? NULL : o;
	}
	if (!json_object_is_type(o, json_type_object)) {
		return NULL;
	}
	if (key) {
		return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_array) ? v : NULL;
	}
	for (i = 0; keys[i]; i++) {
		if (json_object_object_get_ex(o, keys[i], &v)) {
			if (json_object_is_type(v, json_type_array)) {
				return v;
			}
			if (json_object_is_type(v, json_type_object)) {
				json_object *in = find_items(v, NULL);
				if (in) {
					return in;
				}
			}
		}
	}
	return NULL;
}

/* Parses a whole reply as JSON; protocol error naming what came instead. */
json_object *erpsync_http_parse_json_reply(const char *body, size_t len, const char *where, erpsync_error *err)
{
	erpsync_error pe;
	json_object *o;
	size_t i = 0;
	while (i < len && isspace((unsigned char) body[i])) {
		i++;
	}
	if (i == len) {
		erpsync_error_protocol(err, "$", "%s: the reply is empty, JSON was expected", where);
		return NULL;
	}
	if (body[i] == '<') {
		erpsync_error_protocol(err, "$", "%s: the reply is an HTML/XML page, not JSON", where);
		return NULL;
	}
	/* the same rules as ErpSync\Json::decode and Response::json() (erpsync_json_parse): strict UTF-8 (no
	 * overlong forms, no surrogates), no NaN/Infinity or numbers that overflow to them (1e999), depth limit,
	 * exact big integers */
	erpsync_error_clear(&pe);
	o = erpsync_json_parse(body, len, ERPSYNC_JSON_DEFAULT_DEPTH, 0, &pe);
	if (erpsync_error_isset(&pe)) {
		json_object_put(o);
		erpsync_error_protocol(err, pe.json_path, "%s: the reply is not valid JSON (%.800s)", where, pe.message);
		return NULL;
	}
	return o;
}

static long paginate(erpsync_http_client *c, const erpsync_http_request *req, const erpsync_http_pagination *pg,
                     erpsync_http_page_fn on_page, erpsync_http_raw_page_fn on_raw, void *ud, erpsync_error *err);

long erpsync_http_paginate(erpsync_http_client *c, const erpsync_http_request *req,
                           const erpsync_http_pagination *pg, erpsync_http_page_fn on_page, void *ud,
                           erpsync_error *err)
{
	return paginate(c, req, pg, on_page, NULL, ud, err);
}

long erpsync_http_paginate_raw(erpsync_http_client *c, const erpsync_http_request *req,
                               const erpsync_http_pagination *pg, erpsync_http_raw_page_fn on_page, void *ud,
                               erpsync_error *err)
{
	return paginate(c, req, pg, NULL, on_page, ud, err);
}

/* A page read by the raw callback (it reads the body itself, no tree, and says how many items the page held):
 * -1 failed (err set), 1 the last page, 0 more may follow; *total grows by its items. The reply is freed. */
static int raw_page(const erpsync_http_pagination *pg, erpsync_http_raw_page_fn on_raw, void *ud,
                    erpsync_http_response *res, long page, long *total, erpsync_error *err)
{
	long cnt = 0, reported = -1;
	int rc = on_raw(ud, res->body ? res->body : "", res->body_len, page, &cnt, &reported, err);
	erpsync_http_response_dtor(res);
	if (rc < 0 || cnt < 0) {
		if (!erpsync_error_isset(err)) erpsync_error_set(err, ERPSYNC_E_PROTOCOL, "page %ld could not be read", page + 1);
		return -1;
	}
	*total += cnt;
	return rc > 0 || cnt == 0 || cnt < pg->page_size || (reported >= 0 && *total >= reported) ? 1 : 0;
}

/* A page parsed as JSON, its list of items (items_key, or a bare array / items, data, ...) given to the callback,
 * the total it reports under total_key: -1 failed (err set), 1 the last page, 0 more may follow; *total grows by
 * its items. The reply is freed. */
static int json_page(const erpsync_http_pagination *pg, const char *tk, erpsync_http_page_fn on_page, void *ud,
                     erpsync_http_response *res, long page, long *total, erpsync_error *err)
{
	json_object *o, *items, *tv;
	size_t count;
	long reported = -1;
	int rc;
	char where[64];

	snprintf(where, sizeof(where), "page %ld", page + 1);
	o = erpsync_http_parse_json_reply(res->body, res->body_len, where, err);
	erpsync_http_response_dtor(res);
	if (erpsync_error_isset(err)) {
		return -1;
	}
	items = o ? find_items(o, pg->items_key && *pg->items_key ? pg->items_key : NULL) : NULL;
	if (!items) {
		erpsync_error_protocol(err, pg->items_key && *pg->items_key ? "$" : "$",
			"page %ld: the reply has no list of items (looked for %s)", page + 1,
			pg->items_key && *pg->items_key ? pg->items_key : "a bare array or items/data/value/result/results");
		json_object_put(o);
		return -1;
	}
	if (json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, tk, &tv)
	    && (json_object_is_type(tv, json_type_int) || json_object_is_type(tv, json_type_string))) {
		reported = (long) json_object_get_int64(tv);
	}
	count = json_object_array_length(items);
	rc = count > 0 ? on_page(ud, items, page, err) : 0;
	*total += (long) count;
	json_object_put(o);
	if (rc < 0) {
		return -1;
	}
	return rc > 0 || count == 0 || (long) count < pg->page_size || (reported >= 0 && *total >= reported) ? 1 : 0;
}

static long paginate(erpsync_http_client *c, const erpsync_http_request *req, const erpsync_http_pagination *pg,
                     erpsync_http_page_fn on_page, erpsync_http_raw_page_fn on_raw, void *ud, erpsync_error *err)
{
	static const char *const idx_def[] = { "start", "Segment", "BlockIndex", "page" };
	static const char *const size_def[] = { "num", "SegmentSize", "BlockSize", "pageSize" };
	static const long first_def[] = { 0, 1, 0, 1 };
	const char *ip = pg->index_param && *pg->index_param ? pg->index_param : idx_def[pg->style];
	const char *sp = pg->size_param && *pg->size_param ? pg->size_param : size_def[pg->style];
	const char *tk = pg->total_key && *pg->total_key ? pg->total_key : "totalcount";
	long first = pg->first_index >= 0 ? pg->first_index : first_def[pg->style];
	long total = 0, page;
	erpsync_http_kv *q = calloc(req->query_count + 2, sizeof(erpsync_http_kv));
	char ibuf[32], sbuf[32];

	if (!q) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory");
		return -1;
	}
	if (req->query_count) {
		memcpy(q, req->query, req->query_count * sizeof(erpsync_http_kv));
	}
	snprintf(sbuf, sizeof(sbuf), "%ld", pg->page_size);
	for (page = 0; pg->max_pages <= 0 || page < pg->max_pages; page++) {
		erpsync_http_request r = *req;
		erpsync_http_response res;
		int last;

		snprintf(ibuf, sizeof(ibuf), "%ld", pg->style == ERPSYNC_HTTP_PAGE_OFFSET ? first + page * pg->page_size : first + page);
		q[req->query_count].name = ip;
		q[req->query_count].value = ibuf;
		q[req->query_count + 1].name = sp;
		q[req->query_count + 1].value = sbuf;
		r.query = q;
		r.query_count = req->query_count + 2;
		r.accept_any_status = false;
		memset(&res, 0, sizeof(res));
		if (erpsync_http_execute(c, &r, &res, err) != 0) {
			erpsync_http_response_dtor(&res);
			free(q);
			return -1;
		}
		last = on_raw ? raw_page(pg, on_raw, ud, &res, page, &total, err) : json_page(pg, tk, on_page, ud, &res, page, &total, err);
		if (last < 0) {
			free(q);
			return -1;
		}
		if (last > 0) {
			break;
		}
	}
	free(q);
	return total;
}
