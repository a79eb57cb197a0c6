/*
 * Sitoo connector: reading the catalogue (zval-free). Facts (../shared/reference/sitoo-openapi, erp-apis.md §3):
 * lists answer {totalcount, items} and page with start/num [SEEN]; GET products takes includeinactive and
 * datelastmodified [SEEN]; a product whose variantparentid is null is a single product, one whose variantparentid
 * is its own productid the main variant (parent), any other a variant of that parent [SEEN, product-read.yaml];
 * activepos says whether the POS shows it, active (deprecated in the write schema, still in data) the webshop
 * [SEEN]; vouchers carry vouchercode [SEEN, voucher schemas]. Rate limits: the client waits or raises
 * RateLimitedException on 429/Retry-After/X-Rate-Limit-* (ext/http).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitoo.h"

#define SITOO "Sitoo"

static int append_page(void *ud, json_object *items, long page, erpsync_error *err)
{
	json_object *all = ud;
	size_t i, n = items && json_object_is_type(items, json_type_array) ? json_object_array_length(items) : 0;
	(void) page;
	(void) err;
	for (i = 0; i < n; i++) json_object_array_add(all, json_object_get(json_object_array_get_idx(items, i)));
	return 0;
}

static void list_request(sitoo_ctx *c, const char *path_key, char *p, size_t size, erpsync_http_request *req,
                         erpsync_http_pagination *pg, long page_size)
{
	sitoo_path(c, path_key, NULL, p, size);
	memset(req, 0, sizeof(*req));
	memset(pg, 0, sizeof(*pg));
	req->method = "GET";
	req->path = p;
	req->idempotent = true;
	pg->style = ERPSYNC_HTTP_PAGE_OFFSET;
	pg->page_size = page_size;
	pg->first_index = -1;
	pg->items_key = "items";
}

int sitoo_list_all(sitoo_ctx *c, const char *path_key, json_object **out, erpsync_error *err)
{
	char p[300];
	erpsync_http_request req;
	erpsync_http_pagination pg;
	json_object *all = json_object_new_array();
	list_request(c, path_key, p, sizeof(p), &req, &pg, 500);
	*out = NULL;
	if (erpsync_http_paginate(c->http, &req, &pg, append_page, all, err) < 0) {
		json_object_put(all);
		return -1;
	}
	*out = all;
	return 0;
}

static const char *const statuses[] = {"all", "active", "active_pos", "active_webshop", "inactive", "inactive_pos",
	"inactive_webshop", NULL};

bool sitoo_product_status_valid(const char *status)
{
	size_t i;
	for (i = 0; statuses[i]; i++) if (strcmp(statuses[i], status) == 0) return true;
	return false;
}

/* active: webshop flag (absent = active, as Sitoo answers for products made before the flag) */
static bool flag(json_object *p, const char *key)
{
	json_object *v = erpsync_conn_get(p, key);
	return !v || json_object_get_boolean(v);
}

static bool wanted(const char *status, json_object *p)
{
	bool web = flag(p, "active"), pos = flag(p, "activepos");
	if (strcmp(status, "all") == 0) return true;
	if (strcmp(status, "active") == 0) return web || pos;
	if (strcmp(status, "active_pos") == 0) return pos;
	if (strcmp(status, "active_webshop") == 0) return web;
	if (strcmp(status, "inactive") == 0) return !web && !pos;
	if (strcmp(status, "inactive_pos") == 0) return !pos;
	return !web; /* inactive_webshop */
}

typedef struct {
	const char *status;
	erpsync_http_page_fn fn;
	void *ud;
	long passed;
} product_pass;

static int product_page(void *ud, json_object *items, long page, erpsync_error *err)
{
	product_pass *pp = ud;
	json_object *out = json_object_new_array();
	size_t i, n = items && json_object_is_type(items, json_type_array) ? json_object_array_length(items) : 0;
	int rc;
	for (i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(items, i), *parent = erpsync_conn_get(p, "variantparentid");
		const char *kind = "single";
		if (!json_object_is_type(p, json_type_object) || !wanted(pp->status, p)) continue;
		if (parent && !json_object_is_type(parent, json_type_null) && json_object_get_int64(parent) > 0) {
			kind = json_object_get_int64(parent) == erpsync_conn_get_int(p, "productid", -1) ? "parent" : "variant";
		}
		/* the page is the paginator's and freed after this call: marked in place, shared with the filtered list */
		json_object_object_add(p, "kind", json_object_new_string(kind));
		json_object_array_add(out, json_object_get(p));
	}
	pp->passed += (long) json_object_array_length(out);
	rc = json_object_array_length(out) > 0 ? pp->fn(pp->ud, out, page, err) : 0;
	json_object_put(out);
	return rc;
}

long sitoo_fetch_products(sitoo_ctx *c, const char *status, int64_t modified_since, long page_size,
                          erpsync_http_page_fn fn, void *ud, erpsync_error *err)
{
	char p[300], since[32];
	erpsync_http_kv q[2];
	size_t nq = 0;
	erpsync_http_request req;
	erpsync_http_pagination pg;
	product_pass pp;
	bool only_active = strcmp(status, "active") == 0 || strcmp(status, "active_pos") == 0 || strcmp(status, "active_webshop") == 0;
	if (!sitoo_product_status_valid(status)) {
		erpsync_conn_invalid(err, "products", "status", "%s: products to fetch must be all, active, active_pos, active_webshop, "
			"inactive, inactive_pos or inactive_webshop, not \"%s\"", SITOO, status);
		return -1;
	}
	list_request(c, "path.products", p, sizeof(p), &req, &pg, page_size > 0 ? page_size : 500);
	q[nq].name = "includeinactive"; q[nq].value = only_active ? "false" : "true"; nq++;
	if (modified_since > 0) {
		snprintf(since, sizeof(since), "%lld", (long long) modified_since);
		q[nq].name = "datelastmodified"; q[nq].value = since; nq++;
	}
	req.query = q;
	req.query_count = nq;
	pp.status = status;
	pp.fn = fn;
	pp.ud = ud;
	pp.passed = 0;
	if (erpsync_http_paginate(c->http, &req, &pg, product_page, &pp, err) < 0) return -1;
	return pp.passed;
}

int sitoo_find_voucher(sitoo_ctx *c, const char *code, json_object **out, erpsync_error *err)
{
	json_object *all = NULL;
	size_t i, n;
	*out = NULL;
	if (sitoo_list_all(c, "path.vouchers", &all, err) != 0) return -1;
	n = json_object_array_length(all);
	for (i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(all, i);
		if (strcmp(erpsync_conn_get_str(v, sitoo_name(c, "f.vouchercode"), ""), code) == 0) {
			*out = json_object_get(v);
			break;
		}
	}
	json_object_put(all);
	return 0;
}

/* The value of header `name` (case-insensitive) in a raw header block into buf; false when absent. */
static bool raw_header(const char *headers, size_t len, const char *name, char *buf, size_t size)
{
	size_t nl = strlen(name), i = 0;
	while (i < len) {
		const char *line = headers + i, *eol = memchr(line, '\n', len - i);
		size_t ll = eol ? (size_t) (eol - line) : len - i;
		if (ll > nl && line[nl] == ':' && strncasecmp(line, name, nl) == 0) {
			const char *v = line + nl + 1;
			size_t vl = ll - nl - 1;
			while (vl && isspace((unsigned char) *v)) { v++; vl--; }
			while (vl && isspace((unsigned char) v[vl - 1])) vl--;
			if (vl >= size) vl = size - 1;
			memcpy(buf, v, vl);
			buf[vl] = '\0';
			return true;
		}
		i += ll + 1;
	}
	return false;
}

int sitoo_allowance(sitoo_ctx *c, long *remaining, long *reset_s, erpsync_error *err)
{
	char p[300], v[64];
	erpsync_http_request req;
	erpsync_http_response res;
	*remaining = -1;
	*reset_s = -1;
	sitoo_path(c, "path.sites", NULL, p, sizeof(p));
	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	req.method = "GET";
	req.path = p;
	req.idempotent = true;
	req.accept_any_status = true; /* a 429 tells the allowance too: nothing left */
	if (erpsync_http_execute(c->http, &req, &res, err) != 0) {
		erpsync_http_response_dtor(&res); /* whatever a failed attempt left */
		if (err->code != ERPSYNC_E_RATE_LIMITED) return -1;
		/* the client already holds: Sitoo said nothing is left until the reset */
		*remaining = 0;
		*reset_s = (long) (err->retry_after + 0.999);
		erpsync_error_clear(err);
		return 0;
	}
	if (res.headers && raw_header(res.headers, res.headers_len, "X-Rate-Limit-Remaining", v, sizeof(v)) && isdigit((unsigned char) v[0])) {
		*remaining = strtol(v, NULL, 10);
	} else if (res.status == 429) {
		*remaining = 0;
	}
	if (res.headers && raw_header(res.headers, res.headers_len, "X-Rate-Limit-Reset", v, sizeof(v)) && isdigit((unsigned char) v[0])) {
		*reset_s = strtol(v, NULL, 10);
	}
	erpsync_http_response_dtor(&res);
	return 0;
}

/* Products by SKU, one GET products.json?sku=<sku>&includeinactive=true per SKU (getProducts takes one sku string),
 * so a create whose reply was lost is found and linked before anything is sent again. out: {sku: {productid,
 * variantparentid, kind}} for the SKUs Sitoo holds; a SKU Sitoo would refuse is never asked for. */
int sitoo_find_products(sitoo_ctx *c, json_object *skus, json_object **out, erpsync_error *err)
{
	char p[300];
	size_t i, n = skus && json_object_is_type(skus, json_type_array) ? json_object_array_length(skus) : 0;
	json_object *found = json_object_new_object();
	*out = NULL;
	sitoo_path(c, "path.products", NULL, p, sizeof(p));
	for (i = 0; i < n; i++) {
		const char *sku = json_object_get_string(json_object_array_get_idx(skus, i));
		erpsync_http_kv q[2];
		erpsync_conn_request r;
		json_object *reply = NULL, *items;
		size_t k, m;
		if (!sku || !sitoo_sku_valid(sku) || json_object_object_get_ex(found, sku, NULL)) continue;
		q[0].name = "sku"; q[0].value = sku;
		q[1].name = "includeinactive"; q[1].value = "true";
		memset(&r, 0, sizeof(r));
		r.method = "GET"; r.path = p; r.query = q; r.query_count = 2; r.idempotent = true;
		if (erpsync_conn_call(c->http, SITOO, &r, &reply, NULL, NULL, err) != 0) {
			json_object_put(found);
			return -1;
		}
		items = erpsync_conn_get(reply, "items");
		m = items && json_object_is_type(items, json_type_array) ? json_object_array_length(items) : 0;
		for (k = 0; k < m; k++) {
			json_object *pr = json_object_array_get_idx(items, k), *hit, *parent;
			int64_t pid = erpsync_conn_get_int(pr, "productid", 0), par;
			if (pid <= 0 || strcmp(erpsync_conn_get_str(pr, "sku", ""), sku) != 0) continue; /* the exact SKU only */
			parent = erpsync_conn_get(pr, "variantparentid");
			par = parent && !json_object_is_type(parent, json_type_null) ? json_object_get_int64(parent) : 0;
			hit = json_object_new_object();
			json_object_object_add(hit, "productid", json_object_new_int64(pid));
			json_object_object_add(hit, "variantparentid", json_object_new_int64(par));
			json_object_object_add(hit, "kind", json_object_new_string(par <= 0 ? "single" : par == pid ? "parent" : "variant"));
			json_object_object_add(found, sku, hit);
			break;
		}
		json_object_put(reply);
	}
	*out = found;
	return 0;
}
