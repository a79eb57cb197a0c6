/* Binding of ErpSync\Connector\Sitoo. */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"
#include "json/erpsync_json.h"
#include "erpsync_conn_php.h"
#include "sitoo.h"

static void sitoo_state_free(void *p)
{
	efree(p);
}

static bool sitoo_client_options(json_object *s, zval *auth, const char **base_url, erpsync_error *err)
{
	const char *id = erpsync_conn_get_str(s, "api_id", NULL);
	const char *pw = erpsync_conn_get_str(s, "password", NULL);
	*base_url = erpsync_conn_get_str(s, "base_url", NULL);
	if (!*base_url || (strncmp(*base_url, "https://", 8) != 0 && strncmp(*base_url, "http://", 7) != 0)) {
		erpsync_conn_invalid(err, "settings", "settings.base_url",
			"Sitoo settings: base_url is required, e.g. https://api.mysitoo.com/v2/accounts/<accountid>");
		return false;
	}
	if (!id || !pw) {
		erpsync_conn_invalid(err, "settings", !id ? "settings.api_id" : "settings.password",
			"Sitoo settings: %s is required (Backoffice > Settings > Sitoo REST API)", !id ? "api_id" : "password");
		return false;
	}
	array_init(auth);
	add_assoc_string(auth, "type", "basic");
	add_assoc_string(auth, "username", (char *) id);
	add_assoc_string(auth, "password", (char *) pw);
	return true;
}

static bool sitoo_validate(erpsync_conn_obj *o, erpsync_error *err)
{
	sitoo_ctx *c = ecalloc(1, sizeof(*c));
	sitoo_ctx_init(c, o->settings, o->http);
	o->state = c;
	return sitoo_validate_settings(c, err);
}

static const erpsync_conn_profile sitoo_profile = { "Sitoo", sitoo_client_options, sitoo_validate, sitoo_state_free };

ERPSYNC_CONN_CONSTRUCTOR(ErpSync_Connector_Sitoo, &sitoo_profile)

ZEND_METHOD(ErpSync_Connector_Sitoo, capabilities)
{
	static const char *const caps[] = { "test_connection", "export_order", "find_order", "click_and_collect",
		"warehouse_items", "adjust_stock", "push_products", "fix_sku", "fetch_orders", "store2door", "deliver_order", "cancel_order", "variants", "images",
		"categories", "manufacturers", "vouchers", "stocktaking", NULL };
	size_t i;
	ZEND_PARSE_PARAMETERS_NONE();
	array_init(return_value);
	for (i = 0; caps[i]; i++) add_next_index_string(return_value, caps[i]);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, testConnection)
{
	erpsync_conn_obj *o;
	erpsync_conn_request r;
	json_object *reply = NULL;
	erpsync_error err;
	zval details;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.path = erpsync_conn_name(&((sitoo_ctx *) o->state)->names, "path.sites");
	array_init(return_value);
	array_init(&details);
	if (erpsync_conn_call(o->http, "Sitoo", &r, &reply, NULL, NULL, &err) != 0) {
		add_assoc_bool(return_value, "ok", 0);
		add_assoc_string(return_value, "message", err.message);
		if (err.status) add_assoc_long(&details, "status", err.status);
	} else {
		int64_t eshop = erpsync_conn_get_int(reply, "items.0.eshopid", 0);
		add_assoc_long(&details, "eshopid", (zend_long) eshop);
		add_assoc_bool(return_value, "ok", eshop > 0);
		add_assoc_string(return_value, "message", eshop > 0 ? "Connected to Sitoo: the API ID was accepted and the site was read."
			: "Sitoo answered, but lists no site with an eshopid.");
	}
	json_object_put(reply);
	add_assoc_zval(return_value, "details", &details);
}

static json_object *b_order(void *st, json_object *s, json_object *ctx, erpsync_error *err) { return sitoo_build_order(st, s, ctx, err); }
static int op_find(void *st, json_object *s, json_object **out, erpsync_error *err) { return sitoo_find_order(st, s, out, err); }
static int op_export(void *st, json_object *s, json_object *ctx, json_object **out, erpsync_error *err) { return sitoo_export_order(st, s, ctx, out, err); }
static int op_none(void *st, json_object *s, json_object **out, erpsync_error *err) { (void) st; (void) s; (void) err; *out = NULL; return 0; }

ZEND_METHOD(ErpSync_Connector_Sitoo, buildOrderPayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", b_order, true); }
static json_object *b_unchecked(void *st, json_object *s, json_object *ctx, erpsync_error *err) { return sitoo_build_order_unchecked(st, s, ctx, err); }
static bool rec_order(void *st, json_object *o, json_object *p, erpsync_money_totals *g, erpsync_money_totals *w, erpsync_error *err) { return sitoo_reconcile(st, o, p, g, w, err); }
ZEND_METHOD(ErpSync_Connector_Sitoo, reconcileOrder) { erpsync_conn_method_reconcile(INTERNAL_FUNCTION_PARAM_PASSTHRU, b_unchecked, rec_order); }
ZEND_METHOD(ErpSync_Connector_Sitoo, findOrder) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_find, true); }
ZEND_METHOD(ErpSync_Connector_Sitoo, exportOrder) { erpsync_conn_method_op_ctx(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_export, false); }
ZEND_METHOD(ErpSync_Connector_Sitoo, findCustomer) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "customer", op_none, true); }

ZEND_METHOD(ErpSync_Connector_Sitoo, createCustomer)
{
	zval *arg;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(arg)
	ZEND_PARSE_PARAMETERS_END();
	(void) arg;
	(void) return_value;
	zend_throw_exception(erpsync_ce_exception, "Sitoo orders carry the customer's details themselves: there is no customer to create", 0);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, fixSku)
{
	zend_string *sku;
	zend_string *out;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(sku)
	ZEND_PARSE_PARAMETERS_END();
	out = zend_string_alloc(ZSTR_LEN(sku), 0);
	ZSTR_LEN(out) = sitoo_fix_sku(ZSTR_VAL(sku), ZSTR_VAL(out), ZSTR_LEN(sku) + 1);
	RETURN_NEW_STR(out);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, isClickAndCollect)
{
	zval *arg;
	erpsync_conn_obj *o;
	json_object *snap;
	bool cc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(arg)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	if (!(snap = erpsync_conn_snapshot(arg, "order"))) RETURN_THROWS();
	cc = sitoo_click_and_collect(o->state, snap);
	json_object_put(snap);
	RETURN_BOOL(cc);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, fetchWarehouseItems)
{
	erpsync_conn_page_cb cb;
	zend_long size = 1000, since = 0;
	bool since_null = true;
	erpsync_conn_obj *o;
	erpsync_error err;
	long total;
	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_FUNC(cb.fci, cb.fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(size)
		Z_PARAM_LONG_OR_NULL(since, since_null)
	ZEND_PARSE_PARAMETERS_END();
	if (size < 1 || size > 5000) {
		zend_argument_value_error(2, "must be between 1 and 5000");
		RETURN_THROWS();
	}
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	total = sitoo_warehouse_items(o->state, (long) size, since_null ? 0 : (int64_t) since, erpsync_conn_on_page, &cb, &err);
	if (EG(exception)) RETURN_THROWS();
	if (total < 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	RETURN_LONG(total);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, adjustStock)
{
	zval *changes;
	zend_string *ext;
	erpsync_conn_obj *o;
	json_object *jc, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_ARRAY(changes)
		Z_PARAM_STR(ext)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (zend_hash_num_elements(Z_ARRVAL_P(changes)) == 0) {
		array_init(return_value);
		return;
	}
	jc = erpsync_json_from_zval(changes, 4, &err);
	if (erpsync_error_isset(&err) || !jc || !json_object_is_type(jc, json_type_object)) {
		if (jc) json_object_put(jc);
		if (!erpsync_error_isset(&err)) {
			erpsync_conn_invalid(&err, "stock change", "changes", "Sitoo stock change: give an array of SKU => signed quantity");
		}
		erpsync_conn_throw(&err);
		RETURN_THROWS();
	}
	rc = sitoo_adjust_stock(o->state, jc, ZSTR_VAL(ext), &out, &err);
	json_object_put(jc);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}


ZEND_METHOD(ErpSync_Connector_Sitoo, fetchOrders)
{
	erpsync_conn_page_cb cb;
	zend_long from = 0, size = 100, date = 0;
	bool only = false, date_null = true;
	erpsync_conn_obj *o;
	erpsync_error err;
	long total;
	ZEND_PARSE_PARAMETERS_START(1, 5)
		Z_PARAM_FUNC(cb.fci, cb.fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(from)
		Z_PARAM_BOOL(only)
		Z_PARAM_LONG(size)
		Z_PARAM_LONG_OR_NULL(date, date_null)
	ZEND_PARSE_PARAMETERS_END();
	if (size < 1 || size > 1000) {
		zend_argument_value_error(4, "must be between 1 and 1000");
		RETURN_THROWS();
	}
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	total = sitoo_fetch_orders(o->state, (int64_t) from, date_null ? 0 : (int64_t) date, only, (long) size, erpsync_conn_on_page, &cb, &err);
	if (EG(exception)) RETURN_THROWS();
	if (total < 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	RETURN_LONG(total);
}

/* method(string $orderId): array — one order operation of the engine. */
static void order_op(INTERNAL_FUNCTION_PARAMETERS, int (*fn)(sitoo_ctx *, const char *, json_object **, erpsync_error *))
{
	zend_string *id;
	erpsync_conn_obj *o;
	json_object *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	rc = fn(o->state, ZSTR_VAL(id), &out, &err);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, deliverOrder) { order_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, sitoo_deliver_order); }
ZEND_METHOD(ErpSync_Connector_Sitoo, cancelOrder) { order_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, sitoo_cancel_order); }

/* json-c of a PHP value (array/list), NULL + exception when not convertible or not of the wanted kind. */
static json_object *arg_json(zval *v, json_type want, const char *field)
{
	erpsync_error err;
	json_object *j;
	erpsync_error_clear(&err);
	if (Z_TYPE_P(v) == IS_ARRAY && zend_hash_num_elements(Z_ARRVAL_P(v)) == 0) {
		return want == json_type_array ? json_object_new_array() : json_object_new_object();
	}
	j = erpsync_json_from_zval(v, 16, &err);
	if (erpsync_error_isset(&err) || !j || !json_object_is_type(j, want)) {
		if (j) json_object_put(j);
		if (!erpsync_error_isset(&err)) {
			erpsync_conn_invalid(&err, "Sitoo", field, "Sitoo: %s must be %s", field, want == json_type_array ? "a list" : "a map (key => value)");
		}
		erpsync_conn_throw(&err);
		return NULL;
	}
	return j;
}

ZEND_METHOD(ErpSync_Connector_Sitoo, setVariants)
{
	zend_string *pid;
	zval *parent, *variants;
	erpsync_conn_obj *o;
	json_object *jp, *jv, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_STR(pid)
		Z_PARAM_ARRAY(parent)
		Z_PARAM_ARRAY(variants)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(jp = erpsync_conn_snapshot(parent, "product"))) RETURN_THROWS();
	if (!(jv = erpsync_conn_snapshot_list(variants, "variant"))) { json_object_put(jp); RETURN_THROWS(); }
	rc = sitoo_set_variants(o->state, ZSTR_VAL(pid), jp, jv, &out, &err);
	json_object_put(jp);
	json_object_put(jv);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, uploadImage)
{
	zend_string *pid, *name, *data;
	erpsync_conn_obj *o;
	erpsync_error err;
	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_STR(pid)
		Z_PARAM_STR(name)
		Z_PARAM_STR(data)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (sitoo_upload_image(o->state, ZSTR_VAL(pid), ZSTR_VAL(name), ZSTR_VAL(data), ZSTR_LEN(data), &err) != 0) {
		erpsync_conn_throw(&err);
		RETURN_THROWS();
	}
	RETURN_TRUE;
}

ZEND_METHOD(ErpSync_Connector_Sitoo, images)
{
	zend_string *pid;
	erpsync_conn_obj *o;
	json_object *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(pid)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	rc = sitoo_images(o->state, ZSTR_VAL(pid), "GET", 0, &out, &err);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, unlinkImage)
{
	zend_string *pid;
	zend_long idx;
	erpsync_conn_obj *o;
	json_object *out = NULL;
	erpsync_error err;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(pid)
		Z_PARAM_LONG(idx)
	ZEND_PARSE_PARAMETERS_END();
	if (idx < 0) { zend_argument_value_error(2, "must be >= 0"); RETURN_THROWS(); }
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (sitoo_images(o->state, ZSTR_VAL(pid), "DELETE", (long) idx, &out, &err) != 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	json_object_put(out);
	RETURN_TRUE;
}

ZEND_METHOD(ErpSync_Connector_Sitoo, syncCategories)
{
	zval *cats;
	erpsync_conn_obj *o;
	json_object *j, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(cats)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(j = arg_json(cats, json_type_array, "categories"))) RETURN_THROWS();
	rc = sitoo_sync_categories(o->state, j, &out, &err);
	json_object_put(j);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, syncManufacturers)
{
	zval *names;
	erpsync_conn_obj *o;
	json_object *j, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(names)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(j = arg_json(names, json_type_array, "names"))) RETURN_THROWS();
	rc = sitoo_sync_manufacturers(o->state, j, &out, &err);
	json_object_put(j);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

static json_object *b_voucher(void *st, json_object *s, json_object *ctx, erpsync_error *err) { (void) ctx; return sitoo_build_voucher(st, s, err); }
static int op_voucher(void *st, json_object *s, json_object **out, erpsync_error *err) { return sitoo_push_voucher(st, s, out, err); }
ZEND_METHOD(ErpSync_Connector_Sitoo, buildVoucherPayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "coupon", b_voucher, false); }
ZEND_METHOD(ErpSync_Connector_Sitoo, pushVoucher) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "coupon", op_voucher, false); }

ZEND_METHOD(ErpSync_Connector_Sitoo, updateVoucher)
{
	zend_string *id;
	zval *coupon;
	erpsync_conn_obj *o;
	json_object *jc;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(id)
		Z_PARAM_ARRAY(coupon)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(jc = erpsync_conn_snapshot(coupon, "coupon"))) RETURN_THROWS();
	rc = sitoo_update_voucher(o->state, ZSTR_VAL(id), jc, &err);
	json_object_put(jc);
	if (rc != 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	RETURN_TRUE;
}

ZEND_METHOD(ErpSync_Connector_Sitoo, stocktake)
{
	zval *counts;
	zend_string *comment = NULL;
	erpsync_conn_obj *o;
	json_object *j, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY(counts)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(comment)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(j = arg_json(counts, json_type_object, "counts"))) RETURN_THROWS();
	rc = sitoo_stocktake(o->state, j, comment ? ZSTR_VAL(comment) : "erpsync stocktaking", &out, &err);
	json_object_put(j);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

static void products_batch(INTERNAL_FUNCTION_PARAMETERS, const char *method)
{
	zval *products;
	erpsync_conn_obj *o;
	json_object *list, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(products)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(list = erpsync_conn_snapshot_list(products, "product"))) RETURN_THROWS();
	rc = strcmp(method, "POST") == 0 ? sitoo_push_products(o->state, list, &out, &err)
		: sitoo_products_batch(o->state, method, list, &out, &err);
	json_object_put(list);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, pushProducts) { products_batch(INTERNAL_FUNCTION_PARAM_PASSTHRU, "POST"); }
ZEND_METHOD(ErpSync_Connector_Sitoo, updateProducts) { products_batch(INTERNAL_FUNCTION_PARAM_PASSTHRU, "PUT"); }
ZEND_METHOD(ErpSync_Connector_Sitoo, deleteProducts) { products_batch(INTERNAL_FUNCTION_PARAM_PASSTHRU, "DELETE"); }

ZEND_METHOD(ErpSync_Connector_Sitoo, warehouses)
{
	erpsync_conn_obj *o;
	json_object *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	rc = sitoo_warehouses(o->state, &out, &err);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

/* ---- reading the catalogue (sitoo_read.c) ---- */

static void list_method(INTERNAL_FUNCTION_PARAMETERS, const char *path_key)
{
	erpsync_conn_obj *o;
	json_object *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	rc = sitoo_list_all(o->state, path_key, &out, &err);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, sites) { list_method(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.sites"); }
ZEND_METHOD(ErpSync_Connector_Sitoo, categories) { list_method(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.categories"); }
ZEND_METHOD(ErpSync_Connector_Sitoo, manufacturers) { list_method(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.manufacturers"); }
ZEND_METHOD(ErpSync_Connector_Sitoo, vouchers) { list_method(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.vouchers"); }

ZEND_METHOD(ErpSync_Connector_Sitoo, fetchProducts)
{
	erpsync_conn_page_cb cb;
	zend_string *status = NULL;
	zend_long size = 500, since = 0;
	bool since_null = true;
	erpsync_conn_obj *o;
	erpsync_error err;
	long total;
	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_FUNC(cb.fci, cb.fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(status)
		Z_PARAM_LONG_OR_NULL(since, since_null)
		Z_PARAM_LONG(size)
	ZEND_PARSE_PARAMETERS_END();
	if (size < 1 || size > 5000) {
		zend_argument_value_error(4, "must be between 1 and 5000");
		RETURN_THROWS();
	}
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	total = sitoo_fetch_products(o->state, status ? ZSTR_VAL(status) : "all", since_null ? 0 : (int64_t) since, (long) size,
		erpsync_conn_on_page, &cb, &err);
	if (EG(exception)) RETURN_THROWS();
	if (total < 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	RETURN_LONG(total);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, updateCategory)
{
	zend_string *id, *title;
	zend_long parent = 0;
	erpsync_conn_obj *o;
	erpsync_error err;
	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(id)
		Z_PARAM_STR(title)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(parent)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (sitoo_update_category(o->state, ZSTR_VAL(id), ZSTR_VAL(title), (int64_t) parent, &err) != 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	RETURN_TRUE;
}

ZEND_METHOD(ErpSync_Connector_Sitoo, findProducts)
{
	zval *skus;
	erpsync_conn_obj *o;
	json_object *j, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(skus)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(j = arg_json(skus, json_type_array, "skus"))) RETURN_THROWS();
	rc = sitoo_find_products(o->state, j, &out, &err);
	json_object_put(j);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, allowance)
{
	erpsync_conn_obj *o;
	erpsync_error err;
	long remaining, reset;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (sitoo_allowance(o->state, &remaining, &reset, &err) != 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	array_init(return_value);
	if (remaining >= 0) add_assoc_long(return_value, "remaining", remaining); else add_assoc_null(return_value, "remaining");
	if (reset >= 0) add_assoc_long(return_value, "reset", reset); else add_assoc_null(return_value, "reset");
}

/* ---- stock of a Virtual warehouse (sitoo_stock.c) ---- */

ZEND_METHOD(ErpSync_Connector_Sitoo, adjustVirtualStock)
{
	zval *changes;
	erpsync_conn_obj *o;
	json_object *jc, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(changes)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (zend_hash_num_elements(Z_ARRVAL_P(changes)) == 0) {
		array_init(return_value);
		return;
	}
	jc = erpsync_json_from_zval(changes, 4, &err);
	if (erpsync_error_isset(&err) || !jc || !json_object_is_type(jc, json_type_object)) {
		if (jc) json_object_put(jc);
		if (!erpsync_error_isset(&err)) {
			erpsync_conn_invalid(&err, "stock change", "changes", "Sitoo stock change: give an array of SKU => signed quantity");
		}
		erpsync_conn_throw(&err);
		RETURN_THROWS();
	}
	rc = sitoo_adjust_virtual(o->state, jc, &out, &err);
	json_object_put(jc);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, virtualTotals)
{
	zval *skus;
	erpsync_conn_obj *o;
	json_object *js, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(skus)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	js = erpsync_json_from_zval(skus, 2, &err);
	if (erpsync_error_isset(&err) || !js || !json_object_is_type(js, json_type_array)) {
		if (js) json_object_put(js);
		if (!erpsync_error_isset(&err)) erpsync_conn_invalid(&err, "stock", "skus", "Sitoo stock: give a list of SKUs");
		erpsync_conn_throw(&err);
		RETURN_THROWS();
	}
	rc = sitoo_virtual_totals(o->state, js, &out, &err);
	json_object_put(js);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sitoo, findStockTransactions)
{
	zend_string *ext;
	zend_long since;
	erpsync_conn_obj *o;
	json_object *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(ext)
		Z_PARAM_LONG(since)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	rc = sitoo_find_transactions(o->state, ZSTR_VAL(ext), (int64_t) since, &out, &err);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}
