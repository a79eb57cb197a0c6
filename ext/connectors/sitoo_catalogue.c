/*
 * Sitoo connector: the catalogue written (zval-free). Facts (erp-apis.md §3, ../shared/reference/sitoo-openapi/):
 * products batch POST/PUT/DELETE answering true or one {statuscode, return} per item [SEEN]; a PUT of
 * productvariants replaces the whole set; images base64 with a resource id; categories as a tree; manufacturers;
 * vouchers (types from settings.voucher_types); stocktaking batches (transactiontype 50, state 10 -> 20).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitoo_internal.h"
#include "erpsync_conn_money.h"
#include "json/erpsync_json.h"
#include "json/erpsync_json_decimal.h"

/* ---------------------------------------------------------------------------- products */

int sitoo_push_products(sitoo_ctx *c, json_object *products, json_object **out, erpsync_error *err)
{
	return sitoo_products_batch(c, "POST", products, out, err);
}

/* Batch add (POST), update (PUT, each item with productid and sku) or delete (DELETE [{productid}]) of products;
 * one result per product: a product refused here (no SKU, no productid) or by Sitoo never hides the others. */
int sitoo_products_batch(sitoo_ctx *c, const char *method, json_object *products, json_object **out, erpsync_error *err)
{
	bool add = strcmp(method, "POST") == 0, del = strcmp(method, "DELETE") == 0;
	json_object *body = json_object_new_array(), *results = json_object_new_array(), *reply = NULL;
	size_t i, n = json_object_array_length(products), sent = 0;
	int *slot = calloc(n ? n : 1, sizeof(int));
	if (!slot) abort();
	for (i = 0; i < n; i++) {
		json_object *pr = json_object_array_get_idx(products, i), *res = json_object_new_object(), *o;
		int64_t pid = erpsync_conn_get_int(pr, "remote_id", 0);
		const char *sku = erpsync_conn_get_str(pr, "sku", "");
		const char *why = NULL;
		erpsync_decimal price;
		json_object_object_add(res, "sku", json_object_new_string(sku));
		if (!add) json_object_object_add(res, "remote_id", json_object_new_int64(pid));
		json_object_array_add(results, res);
		slot[i] = -1;
		if (add && !sitoo_sku_valid(sku)) why = *sku ? "the SKU has characters Sitoo does not allow (see fixSku)" : "no SKU";
		else if (!add && pid <= 0) why = "no Sitoo productid (remote_id)";
		else if (!add && !del && !sitoo_sku_valid(sku)) why = "no SKU or one Sitoo does not allow";
		if (why) {
			json_object_object_add(res, "ok", json_object_new_boolean(0));
			json_object_object_add(res, "error", json_object_new_string(why));
			continue;
		}
		o = json_object_new_object();
		if (!add) json_object_object_add(o, sitoo_name(c, "f.productid"), json_object_new_int64(pid));
		if (!del) {
			json_object_object_add(o, sitoo_name(c, "f.sku"), json_object_new_string(sku));
			if (add || *erpsync_conn_get_str(pr, "name", "")) {
				json_object_object_add(o, sitoo_name(c, "f.title"), erpsync_conn_new_string_cut(erpsync_conn_get_str(pr, "name", sku), 200));
			}
			if (erpsync_conn_get_dec(pr, "regular_price", &price) == ERPSYNC_DEC_OK) json_object_object_add(o, sitoo_name(c, "f.moneyprice"), erpsync_conn_new_amount(&price, 2, false));
			if (*erpsync_conn_get_str(pr, "ean", "")) json_object_object_add(o, sitoo_name(c, "f.barcode"), json_object_new_string(erpsync_conn_get_str(pr, "ean", "")));
			if (add && *erpsync_conn_get_str(pr, "short_description", "")) {
				json_object_object_add(o, sitoo_name(c, "f.descriptionshort"), json_object_new_string(erpsync_conn_get_str(pr, "short_description", "")));
			}
		}
		json_object_array_add(body, o);
		slot[i] = (int) sent++;
	}
	if (sent > 0) {
		char p[256];
		erpsync_conn_request r;
		sitoo_path(c, "path.products", NULL, p, sizeof(p));
		memset(&r, 0, sizeof(r));
		r.method = method; r.path = p; r.body = body; r.idempotent = !add && !del;
		if (erpsync_conn_call(c->http, SITOO, &r, &reply, NULL, NULL, err) != 0) {
			free(slot); json_object_put(body); json_object_put(results);
			*out = NULL;
			return -1;
		}
		for (i = 0; i < n; i++) {
			json_object *res = json_object_array_get_idx(results, i), *one = NULL;
			if (slot[i] < 0) continue;
			if (reply && json_object_is_type(reply, json_type_array) && (size_t) slot[i] < json_object_array_length(reply)) {
				one = json_object_array_get_idx(reply, (size_t) slot[i]);
			}
			/* "true" (everything went through) or one {statuscode, return} per item */
			if ((reply && json_object_is_type(reply, json_type_boolean) && json_object_get_boolean(reply))
			 || (one && erpsync_conn_get_int(one, "statuscode", 0) == 200)) {
				json_object_object_add(res, "ok", json_object_new_boolean(1));
				if (add) json_object_object_add(res, "productid", json_object_new_int64(erpsync_conn_get_int(one, "return", 0)));
				json_object_object_add(res, "error", json_object_new_string(""));
			} else {
				json_object_object_add(res, "ok", json_object_new_boolean(0));
				json_object_object_add(res, "error", json_object_new_string(one ? erpsync_conn_get_str(one, "errortext", "refused by Sitoo") : "no result for this item in the reply"));
			}
		}
	}
	free(slot);
	json_object_put(reply);
	json_object_put(body);
	*out = results;
	return 0;
}

/* --------------------------------------------------------------- variants, images, ... */

int sitoo_set_variants(sitoo_ctx *c, const char *productid, json_object *parent, json_object *variants, json_object **out, erpsync_error *err)
{
	json_object *body, *groups, *list, *attrs, *reply = NULL;
	size_t i, n = json_object_array_length(variants);
	char subject[ERPSYNC_ERR_SHORT_LEN];
	*out = NULL;
	snprintf(subject, sizeof(subject), "product %s", productid);
	if (!sitoo_digits_only(productid)) {
		erpsync_conn_invalid(err, subject, "productid", "Sitoo variants: \"%s\" is not a productid", productid);
		return -1;
	}
	/* a PUT replaces every variant: build the whole set, every field productvariant-write requires */
	groups = json_object_new_array();
	attrs = erpsync_conn_get(parent, "attributes");
	for (i = 0; attrs && json_object_is_type(attrs, json_type_array) && i < json_object_array_length(attrs); i++) {
		json_object *a = json_object_array_get_idx(attrs, i), *g = json_object_new_object(), *opts = erpsync_conn_get(a, "options");
		json_object_object_add(g, sitoo_name(c, "f.name"), json_object_new_string(erpsync_conn_get_str(a, "name", "")));
		json_object_object_add(g, sitoo_name(c, "f.options"), opts ? json_object_get(opts) : json_object_new_array());
		json_object_array_add(groups, g);
	}
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(variants, i), *o = json_object_new_object(), *va = json_object_new_array(), *vat;
		const char *sku = erpsync_conn_get_str(v, "sku", "");
		erpsync_decimal price;
		size_t k;
		if (!sitoo_sku_valid(sku)) {
			json_object_put(o); json_object_put(va); json_object_put(list); json_object_put(groups);
			erpsync_conn_invalid(err, subject, "", "%s: variant %zu has no SKU or one Sitoo does not allow", subject, i + 1);
			snprintf(err->field, sizeof(err->field), "variants[%zu].sku", i);
			return -1;
		}
		if (erpsync_conn_get_dec(v, "regular_price", &price) != ERPSYNC_DEC_OK) erpsync_dec_zero(&price);
		vat = erpsync_conn_get(v, "attributes");
		for (k = 0; vat && json_object_is_type(vat, json_type_array) && k < json_object_array_length(vat); k++) {
			json_object_array_add(va, json_object_new_string(erpsync_conn_get_str(json_object_array_get_idx(vat, k), "option", "")));
		}
		json_object_object_add(o, sitoo_name(c, "f.productid"), json_object_new_int64(erpsync_conn_get_int(v, "remote_id", 0)));
		json_object_object_add(o, sitoo_name(c, "f.active"), json_object_new_boolean(1));
		json_object_object_add(o, sitoo_name(c, "f.activepos"), json_object_new_boolean(1));
		json_object_object_add(o, sitoo_name(c, "f.title"), erpsync_conn_new_string_cut(erpsync_conn_get_str(v, "name", sku), 200));
		json_object_object_add(o, sitoo_name(c, "f.sku"), json_object_new_string(sku));
		json_object_object_add(o, sitoo_name(c, "f.deliverystatus"), json_object_new_string(""));
		json_object_object_add(o, sitoo_name(c, "f.moneyprice"), erpsync_conn_new_amount(&price, 2, false));
		json_object_object_add(o, sitoo_name(c, "f.moneypriceorg"), json_object_new_string("0.00"));
		json_object_object_add(o, sitoo_name(c, "f.moneypricein"), json_object_new_string("0.00"));
		json_object_object_add(o, sitoo_name(c, "f.moneyofferprice"), json_object_new_string("0.00"));
		json_object_object_add(o, sitoo_name(c, "f.barcode"), json_object_new_string(erpsync_conn_get_str(v, "ean", "")));
		json_object_object_add(o, sitoo_name(c, "f.friendly"), json_object_new_string(""));
		json_object_object_add(o, sitoo_name(c, "f.attributes"), va);
		json_object_array_add(list, o);
	}
	body = json_object_new_object();
	json_object_object_add(body, sitoo_name(c, "f.groups"), groups);
	json_object_object_add(body, sitoo_name(c, "f.variants"), list);
	if (sitoo_call(c, "PUT", "path.variants", productid, body, true, &reply, err) != 0) { json_object_put(body); return -1; }
	json_object_put(reply);
	json_object_put(body);
	return sitoo_call(c, "GET", "path.variants", productid, NULL, true, out, err);
}

int sitoo_upload_image(sitoo_ctx *c, const char *productid, const char *name, const char *data, size_t len, erpsync_error *err)
{
	json_object *body = json_object_new_object(), *reply = NULL;
	char fixed[256];
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *enc;
	size_t i, j = 0;
	int rc;
	if (!sitoo_digits_only(productid) || len == 0) {
		json_object_put(body);
		erpsync_conn_invalid(err, "image", len == 0 ? "data" : "productid", "Sitoo image: %s", len == 0 ? "the image is empty" : "not a productid");
		return -1;
	}
	enc = malloc((len + 2) / 3 * 4 + 1);
	if (!enc) abort();
	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = ((unsigned char) data[i] << 16) | ((unsigned char) data[i + 1] << 8) | (unsigned char) data[i + 2];
		enc[j++] = b64[v >> 18]; enc[j++] = b64[(v >> 12) & 63]; enc[j++] = b64[(v >> 6) & 63]; enc[j++] = b64[v & 63];
	}
	if (i < len) {
		unsigned v = (unsigned char) data[i] << 16;
		if (i + 1 < len) v |= (unsigned char) data[i + 1] << 8;
		enc[j++] = b64[v >> 18]; enc[j++] = b64[(v >> 12) & 63];
		enc[j++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		enc[j++] = '=';
	}
	enc[j] = '\0';
	/* the image-name fixer: a resource id Sitoo accepts, from the file name */
	sitoo_fix_sku(name, fixed, sizeof(fixed));
	json_object_object_add(body, sitoo_name(c, "f.resourceid"), json_object_new_string(fixed));
	json_object_object_add(body, sitoo_name(c, "f.filedata"), json_object_new_string_len(enc, (int) j));
	free(enc);
	rc = sitoo_call(c, "POST", "path.images", productid, body, true, &reply, err);
	json_object_put(reply);
	json_object_put(body);
	return rc;
}

int sitoo_images(sitoo_ctx *c, const char *productid, const char *method, long index, json_object **out, erpsync_error *err)
{
	char idx[64];
	if (!sitoo_digits_only(productid)) {
		erpsync_conn_invalid(err, "image", "productid", "Sitoo image: \"%s\" is not a productid", productid);
		return -1;
	}
	if (strcmp(method, "DELETE") == 0) {
		char p[300], *at;
		erpsync_conn_request r;
		snprintf(idx, sizeof(idx), "%ld", index);
		sitoo_path(c, "path.image", productid, p, sizeof(p));
		at = strstr(p, "{index}");
		if (at) {
			char tail[300];
			snprintf(tail, sizeof(tail), "%s", at + 7);
			snprintf(at, sizeof(p) - (size_t) (at - p), "%s%s", idx, tail);
		}
		memset(&r, 0, sizeof(r));
		r.method = "DELETE"; r.path = p; r.idempotent = false; /* indexes shift: never repeat an unlink */
		return erpsync_conn_call(c->http, SITOO, &r, out, NULL, NULL, err);
	}
	return sitoo_call(c, "GET", "path.images", productid, NULL, true, out, err);
}

/* categories [{id, name, parent_id}] -> categoryid, parents created first; existing ones (same title under the same parent) reused */
int sitoo_sync_categories(sitoo_ctx *c, json_object *cats, json_object **out, erpsync_error *err)
{
	json_object *existing = NULL, *items, *map = json_object_new_object(), *byname = json_object_new_object();
	size_t i, n = json_object_array_length(cats), done = 0, pass;
	char key[600];
	*out = NULL;
	if (sitoo_list_all(c, "path.categories", &existing, err) != 0) { json_object_put(map); json_object_put(byname); return -1; }
	items = existing; /* every page: a shop with more categories than one page must not create them twice */
	for (i = 0; items && json_object_is_type(items, json_type_array) && i < json_object_array_length(items); i++) {
		json_object *e = json_object_array_get_idx(items, i);
		snprintf(key, sizeof(key), "%s|%s", erpsync_conn_get_str(e, "categoryparentid", "0"), erpsync_conn_get_str(e, "title", ""));
		json_object_object_add(byname, key, json_object_new_string(erpsync_conn_get_str(e, "categoryid", "")));
	}
	json_object_put(existing);
	/* parents first: repeat passes, creating those whose parent is known (at most n passes) */
	for (pass = 0; done < n && pass <= n; pass++) {
		size_t before = done;
		for (i = 0; i < n; i++) {
			json_object *ct = json_object_array_get_idx(cats, i), *pid = NULL, *known = NULL, *body, *reply = NULL;
			const char *id = erpsync_conn_get_str(ct, "id", "");
			const char *parent = erpsync_conn_get_str(ct, "parent_id", "0");
			const char *rparent = "0";
			if (json_object_object_get_ex(map, id, NULL)) continue;
			if (strcmp(parent, "0") != 0) {
				if (!json_object_object_get_ex(map, parent, &pid)) continue; /* parent not there yet */
				rparent = json_object_get_string(pid);
			}
			snprintf(key, sizeof(key), "%s|%s", rparent, erpsync_conn_get_str(ct, "name", ""));
			if (json_object_object_get_ex(byname, key, &known)) {
				json_object_object_add(map, id, json_object_get(known));
				done++;
				continue;
			}
			body = json_object_new_object();
			json_object_object_add(body, sitoo_name(c, "f.title"), erpsync_conn_new_string_cut(erpsync_conn_get_str(ct, "name", ""), 100));
			if (strcmp(rparent, "0") != 0) json_object_object_add(body, sitoo_name(c, "f.categoryparentid"), json_object_new_int64(strtoll(rparent, NULL, 10)));
			if (sitoo_call(c, "POST", "path.categories", NULL, body, false, &reply, err) != 0) {
				json_object_put(body); json_object_put(map); json_object_put(byname);
				return -1;
			}
			json_object_object_add(map, id, json_object_new_string(reply ? json_object_get_string(reply) : ""));
			json_object_object_add(byname, key, json_object_new_string(reply ? json_object_get_string(reply) : ""));
			json_object_put(reply);
			json_object_put(body);
			done++;
		}
		if (done == before) break;
	}
	json_object_put(byname);
	if (done < n) {
		json_object_put(map);
		erpsync_conn_invalid(err, "categories", "parent_id", "Sitoo categories: %zu categories name a parent that is not in the list", n - done);
		return -1;
	}
	*out = map;
	return 0;
}

/* PUT of one category's title and parent: parent > 0 = that category, 0 = top level, -1 = the parent left as it is.
 * category-write.yaml: categoryparentid "The parent category ID or null for top level" (and getCategories returns
 * top-level categories with "categoryparentid":null), so a move to the top level is sent as null. */
int sitoo_update_category(sitoo_ctx *c, const char *categoryid, const char *title, int64_t parent, erpsync_error *err)
{
	json_object *body, *reply = NULL;
	int rc;
	if (!sitoo_digits_only(categoryid) || !title || !*title || parent < -1) {
		erpsync_conn_invalid(err, "category", !sitoo_digits_only(categoryid) ? "categoryid" : !title || !*title ? "title" : "categoryparentid",
			"Sitoo category: a categoryid, a title and a parent (0 for top level, -1 to keep it) are needed");
		return -1;
	}
	body = json_object_new_object();
	json_object_object_add(body, sitoo_name(c, "f.title"), erpsync_conn_new_string_cut(title, 100));
	if (parent > 0) json_object_object_add(body, sitoo_name(c, "f.categoryparentid"), json_object_new_int64(parent));
	else if (parent == 0) json_object_object_add(body, sitoo_name(c, "f.categoryparentid"), NULL);
	rc = sitoo_call(c, "PUT", "path.category", categoryid, body, true, &reply, err);
	json_object_put(reply);
	json_object_put(body);
	return rc;
}

/* names -> externalcompanyid; existing ones reused, the missing added in one batch */
int sitoo_sync_manufacturers(sitoo_ctx *c, json_object *names, json_object **out, erpsync_error *err)
{
	json_object *existing = NULL, *items, *map = json_object_new_object(), *batch = json_object_new_array(), *reply = NULL;
	size_t i, n = json_object_array_length(names);
	*out = NULL;
	if (sitoo_list_all(c, "path.manufacturers", &existing, err) != 0) { json_object_put(map); json_object_put(batch); return -1; }
	items = existing; /* every page */
	for (i = 0; items && json_object_is_type(items, json_type_array) && i < json_object_array_length(items); i++) {
		json_object *e = json_object_array_get_idx(items, i);
		json_object_object_add(map, erpsync_conn_get_str(e, "name", ""), json_object_new_string(erpsync_conn_get_str(e, "externalcompanyid", "")));
	}
	json_object_put(existing);
	for (i = 0; i < n; i++) {
		const char *name = json_object_get_string(json_object_array_get_idx(names, i));
		json_object *m;
		if (!name || !*name || json_object_object_get_ex(map, name, NULL)) continue;
		m = json_object_new_object();
		json_object_object_add(m, sitoo_name(c, "f.name"), json_object_new_string(name));
		json_object_array_add(batch, m);
		json_object_object_add(map, name, json_object_new_string("")); /* filled below */
	}
	if (json_object_array_length(batch) > 0) {
		size_t k;
		if (sitoo_call(c, "POST", "path.manufacturers", NULL, batch, false, &reply, err) != 0) { json_object_put(map); json_object_put(batch); return -1; }
		for (k = 0; reply && json_object_is_type(reply, json_type_array) && k < json_object_array_length(reply); k++) {
			json_object *r = json_object_array_get_idx(reply, k);
			const char *name = erpsync_conn_get_str(json_object_array_get_idx(batch, k), "name", "");
			json_object_object_add(map, name, json_object_new_string(erpsync_conn_get_int(r, "statuscode", 0) == 200 ? erpsync_conn_get_str(r, "return", "") : ""));
		}
	}
	json_object_put(reply);
	json_object_put(batch);
	*out = map;
	return 0;
}

/* A voucher from a coupon snapshot; the voucher type codes are not public: settings.voucher_types maps them. */
json_object *sitoo_build_voucher(sitoo_ctx *c, json_object *coupon, erpsync_error *err)
{
	const char *type = erpsync_conn_get_str(coupon, "discount_type", "");
	const char *code = erpsync_conn_get_str(coupon, "code", "");
	json_object *types = erpsync_conn_get(c->settings, "voucher_types"), *vt = NULL, *o;
	erpsync_decimal amount;
	char field[64];
	snprintf(field, sizeof(field), "settings.voucher_types.%s", *type ? type : "?");
	if (!*code) {
		erpsync_conn_invalid(err, "coupon", "code", "coupon: the code is missing");
		return NULL;
	}
	if (!types || !json_object_object_get_ex(types, type, &vt) || !vt) {
		erpsync_conn_invalid(err, "settings", field, "Sitoo vouchers: no Sitoo voucher type is set for coupons of type \"%s\" (%s)", type, field);
		return NULL;
	}
	if (erpsync_conn_get_dec(coupon, "amount", &amount) != ERPSYNC_DEC_OK) {
		erpsync_conn_invalid(err, "coupon", "amount", "coupon %s: the amount is missing or not a number", code);
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, sitoo_name(c, "f.vouchertype"), json_object_get(vt));
	json_object_object_add(o, sitoo_name(c, "f.vouchername"), erpsync_conn_new_string_cut(code, 100));
	json_object_object_add(o, sitoo_name(c, "f.vouchercode"), json_object_new_string(code));
	json_object_object_add(o, sitoo_name(c, "f.vouchercomment"), erpsync_conn_new_string_cut(erpsync_conn_get_str(coupon, "description", ""), 200));
	if (strcmp(type, "percent") == 0) {
		erpsync_decimal whole;
		erpsync_dec_round(&amount, 0, &whole);
		if (erpsync_dec_cmp(&whole, &amount) != 0) {
			json_object_put(o);
			erpsync_conn_invalid(err, "coupon", "amount", "coupon %s: Sitoo takes whole percentages (value_x is an integer)", code);
			return NULL;
		}
		json_object_object_add(o, sitoo_name(c, "f.value_x"), erpsync_conn_new_amount(&whole, 0, true));
	} else {
		json_object_object_add(o, sitoo_name(c, "f.money_m"), erpsync_conn_new_amount(&amount, 2, false));
	}
	if (erpsync_conn_get_int(coupon, "usage_limit", 0) > 0) json_object_object_add(o, sitoo_name(c, "f.maxuses"), json_object_new_int64(erpsync_conn_get_int(coupon, "usage_limit", 0)));
	if (*erpsync_conn_get_str(coupon, "date_expires", "")) {
		int64_t t = sitoo_iso_to_unix(erpsync_conn_get_str(coupon, "date_expires", ""));
		if (t > 0) json_object_object_add(o, sitoo_name(c, "f.dateend"), json_object_new_int64(t));
	}
	return o;
}

int sitoo_push_voucher(sitoo_ctx *c, json_object *coupon, json_object **out, erpsync_error *err)
{
	json_object *body = sitoo_build_voucher(c, coupon, err), *reply = NULL, *found = NULL;
	*out = NULL;
	if (!body) return -1;
	/* looked up by code first: a voucher whose create reply was lost is linked, never made twice */
	if (sitoo_find_voucher(c, erpsync_conn_get_str(body, sitoo_name(c, "f.vouchercode"), ""), &found, err) != 0) { json_object_put(body); return -1; }
	if (found) {
		*out = json_object_new_object();
		json_object_object_add(*out, "remote_id", json_object_new_string(erpsync_conn_get_str(found, "voucherid", "")));
		json_object_object_add(*out, "created", json_object_new_boolean(0));
		json_object_put(found);
		json_object_put(body);
		return 0;
	}
	if (sitoo_call(c, "POST", "path.vouchers", NULL, body, false, &reply, err) != 0) { json_object_put(body); return -1; }
	*out = json_object_new_object();
	json_object_object_add(*out, "remote_id", json_object_new_string(reply ? json_object_get_string(reply) : ""));
	json_object_object_add(*out, "created", json_object_new_boolean(1));
	json_object_put(reply);
	json_object_put(body);
	return 0;
}

/* updateVoucher (vouchers/{voucherid}.yaml: PUT, voucher-write.yaml, reply true): the linked voucher rewritten from
 * the coupon; a coupon without an expiry sends dateend null ("No end date if value is null") so an end date set
 * before is taken away. A PUT of the same body twice is harmless, so it is retried like any idempotent call. */
int sitoo_update_voucher(sitoo_ctx *c, const char *voucherid, json_object *coupon, erpsync_error *err)
{
	json_object *body, *reply = NULL;
	int rc;
	if (!sitoo_digits_only(voucherid)) {
		erpsync_conn_invalid(err, "voucher", "voucherid", "Sitoo voucher: \"%s\" is not a voucherid", voucherid ? voucherid : "");
		return -1;
	}
	if (!(body = sitoo_build_voucher(c, coupon, err))) return -1;
	if (!json_object_object_get_ex(body, sitoo_name(c, "f.dateend"), NULL)) json_object_object_add(body, sitoo_name(c, "f.dateend"), NULL);
	rc = sitoo_call(c, "PUT", "path.voucher", voucherid, body, true, &reply, err);
	json_object_put(reply);
	json_object_put(body);
	return rc;
}

/* Stocktaking: a batch (transactiontype 50), its counted items, then state 10 -> 20 commits it. */
int sitoo_stocktake(sitoo_ctx *c, json_object *counts, const char *comment, json_object **out, erpsync_error *err)
{
	json_object *body = json_object_new_object(), *reply = NULL, *items = json_object_new_array();
	char bid[32];
	*out = NULL;
	json_object_object_foreach(counts, sku, qv) {
		erpsync_decimal d;
		json_object *it;
		char f[300];
		snprintf(f, sizeof(f), "counts.%s", sku);
		if (!sitoo_sku_valid(sku) || erpsync_json_get_decimal(qv, &d) != ERPSYNC_DEC_OK) {
			json_object_put(body); json_object_put(items);
			erpsync_conn_invalid(err, "stocktaking", f, "Sitoo stocktaking: %s needs a valid SKU and a decimal count", sku);
			return -1;
		}
		it = json_object_new_object();
		json_object_object_add(it, sitoo_name(c, "f.sku"), json_object_new_string(sku));
		json_object_object_add(it, sitoo_name(c, "f.decimalquantity"), erpsync_conn_new_amount(&d, 3, false));
		json_object_array_add(items, it);
	}
	json_object_object_add(body, sitoo_name(c, "f.transactiontype"), json_object_new_int(50));
	json_object_object_add(body, sitoo_name(c, "f.comment"), json_object_new_string(comment ? comment : ""));
	if (sitoo_call(c, "POST", "path.batches", NULL, body, false, &reply, err) != 0) { json_object_put(body); json_object_put(items); return -1; }
	json_object_put(body);
	snprintf(bid, sizeof(bid), "%s", reply ? json_object_get_string(reply) : "");
	json_object_put(reply);
	reply = NULL;
	if (!sitoo_digits_only(bid)) {
		json_object_put(items);
		erpsync_error_protocol(err, "$", "Sitoo stocktaking: the batch was created but the reply carries no batch id");
		return -1;
	}
	if (sitoo_call(c, "PUT", "path.batch_items", bid, items, true, &reply, err) != 0) { json_object_put(items); return -1; }
	json_object_put(reply);
	reply = NULL;
	json_object_put(items);
	body = json_object_new_object();
	json_object_object_add(body, sitoo_name(c, "f.transactiontype"), json_object_new_int(50));
	json_object_object_add(body, sitoo_name(c, "f.warehousebatchstate"), json_object_new_int(20));
	if (sitoo_call(c, "PUT", "path.batch", bid, body, true, &reply, err) != 0) { json_object_put(body); return -1; }
	json_object_put(body);
	json_object_put(reply);
	*out = json_object_new_object();
	json_object_object_add(*out, "warehousebatchid", json_object_new_string(bid));
	json_object_object_add(*out, "committed", json_object_new_boolean(1));
	return 0;
}
