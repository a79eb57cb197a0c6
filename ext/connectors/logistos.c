/* Logistos connector engine (zval-free). See logistos.h for the facts relied on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logistos.h"
#include "erpsync_conn_money.h"
#include "json/erpsync_json_decimal.h"
#include "json/erpsync_json.h"

#define LOGISTOS "Logistos"

static const erpsync_conn_name_def logistos_names[] = {
	{"handshake.store_url", "store_url"}, {"handshake.consumer_key", "consumer_key"},
	{"handshake.consumer_secret", "consumer_secret"},
	{"orders.batch_key", ""},   /* "" = a bare JSON array for batches; e.g. "orders" to wrap it */
	{NULL, NULL}
};

/* Order of the keys of the WooCommerce REST order shape we send (wc/v3 spelling). */
static const char *const order_keys[] = { "id", "number", "status", "currency", "date_created", "date_paid",
	"prices_include_tax", "customer_id", "customer_note", "payment_method", "payment_method_title",
	"discount_total", "shipping_total", "total_tax", "total", NULL };
static const char *const address_keys[] = { "first_name", "last_name", "company", "address_1", "address_2",
	"city", "state", "postcode", "country", "email", "phone", NULL };
static const char *const line_keys[] = { "id", "product_id", "variation_id", "name", "sku", "quantity", "price",
	"subtotal", "subtotal_tax", "total", "total_tax", NULL };
static const char *const shipping_keys[] = { "id", "method_id", "method_title", "total", "total_tax", NULL };
static const char *const fee_keys[] = { "id", "name", "total", "total_tax", NULL };
static const char *const tax_keys[] = { "rate_id", "label", "rate_percent", "tax_total", "shipping_tax_total", NULL };
static const char *const coupon_keys[] = { "code", "discount", "discount_tax", NULL };

void logistos_ctx_init(logistos_ctx *c, json_object *settings, erpsync_http_client *http)
{
	memset(c, 0, sizeof(*c));
	c->settings = settings;
	c->http = http;
	erpsync_conn_names_init(&c->names, LOGISTOS, logistos_names, settings);
}

static bool is_url(const char *s)
{
	return s && (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) && strlen(s) > 10;
}

bool logistos_validate_settings(logistos_ctx *c, erpsync_error *err)
{
	const char *h = erpsync_conn_get_str(c->settings, "handshake_url", LOGISTOS_DEFAULT_HANDSHAKE_URL);
	const char *o = erpsync_conn_get_str(c->settings, "orders_url", LOGISTOS_DEFAULT_ORDERS_URL);
	if (!is_url(h)) {
		erpsync_conn_invalid(err, "settings", "settings.handshake_url", "Logistos settings: handshake_url is not an http(s) URL");
		return false;
	}
	if (!is_url(o)) {
		erpsync_conn_invalid(err, "settings", "settings.orders_url", "Logistos settings: orders_url is not an http(s) URL");
		return false;
	}
	return erpsync_conn_names_check(&c->names, err);
}

/* Copies the listed keys that are present (in this order) from src into a new object. */
static json_object *pick(json_object *src, const char *const *keys)
{
	json_object *o = json_object_new_object(), *v;
	size_t i;
	for (i = 0; keys[i]; i++) {
		if (src && json_object_object_get_ex(src, keys[i], &v)) {
			json_object_object_add(o, keys[i], json_object_get(v));
		}
	}
	return o;
}

static json_object *pick_list(json_object *src, const char *key, const char *const *keys)
{
	json_object *arr = erpsync_conn_get(src, key), *out = json_object_new_array();
	size_t i, n = arr && json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
	for (i = 0; i < n; i++) {
		json_object_array_add(out, pick(json_object_array_get_idx(arr, i), keys));
	}
	return out;
}

static bool rest_totals(json_object *payload, erpsync_money_totals *t);
static void add_rounding_fee(logistos_ctx *c, json_object *order, json_object *o);

json_object *logistos_build_order_unchecked(logistos_ctx *c, json_object *order, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	json_object *o, *items;
	size_t i, n;
	erpsync_decimal q;

	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (erpsync_conn_get_int(order, "id", 0) <= 0) {
		erpsync_conn_invalid(err, subject, "id", "%s: the WooCommerce order id is missing", subject);
		return NULL;
	}
	if (!erpsync_conn_order_email(order, subject, err)) {
		return NULL;
	}
	if (!(items = erpsync_conn_order_lines(order, subject, &n, err))) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		json_object *li = json_object_array_get_idx(items, i);
		erpsync_decimal zero;
		erpsync_dec_zero(&zero);
		if (erpsync_conn_get_dec(li, "quantity", &q) != ERPSYNC_DEC_OK || erpsync_dec_cmp(&q, &zero) <= 0) {
			erpsync_conn_invalid(err, subject, "", "%s: line %zu has a quantity that is not above zero", subject, i + 1);
			snprintf(err->field, sizeof(err->field), "line_items[%zu].quantity", i);
			return NULL;
		}
	}
	o = pick(order, order_keys);
	json_object_object_add(o, "billing", pick(erpsync_conn_get(order, "billing"), address_keys));
	json_object_object_add(o, "shipping", pick(erpsync_conn_get(order, "shipping"), address_keys));
	json_object_object_add(o, "line_items", pick_list(order, "line_items", line_keys));
	json_object_object_add(o, "shipping_lines", pick_list(order, "shipping_lines", shipping_keys));
	json_object_object_add(o, "fee_lines", pick_list(order, "fee_lines", fee_keys));
	json_object_object_add(o, "tax_lines", pick_list(order, "tax_lines", tax_keys));
	json_object_object_add(o, "coupon_lines", pick_list(order, "coupon_lines", coupon_keys));
	add_rounding_fee(c, order, o);
	return o;
}

/* Sum of key over the objects of list (exact). false when an amount is not a number. */
static bool sum_of(json_object *payload, const char *list, const char *key, erpsync_decimal *acc)
{
	json_object *arr = erpsync_conn_get(payload, list);
	size_t i, n = arr && json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
	for (i = 0; i < n; i++) {
		json_object *v = erpsync_conn_get(json_object_array_get_idx(arr, i), key);
		erpsync_decimal d;
		if (!v) continue;
		if (erpsync_json_get_decimal(v, &d) != ERPSYNC_DEC_OK || erpsync_dec_add(acc, &d, acc) != ERPSYNC_DEC_OK) return false;
	}
	return true;
}

/* The receiver's arithmetic over the WooCommerce REST shape: every line's total and total_tax added up and
 * rounded once, as WooCommerce does; the discount is the order's discount_total (the REST field a receiver reads:
 * WooCommerce rounds each line before taking it) (docs/connectors/logistos.md, "Rounding rule"). */
static bool rest_totals(json_object *payload, erpsync_money_totals *t)
{
	static const char *const lists[] = {"line_items", "shipping_lines", "fee_lines", NULL};
	erpsync_decimal net, tax, ship, disc, all;
	size_t k;
	erpsync_dec_zero(&net); erpsync_dec_zero(&tax); erpsync_dec_zero(&ship);
	for (k = 0; lists[k]; k++) {
		if (!sum_of(payload, lists[k], "total", &net) || !sum_of(payload, lists[k], "total_tax", &tax)) return false;
	}
	if (!sum_of(payload, "shipping_lines", "total", &ship)) return false;
	if (erpsync_conn_get_dec(payload, "discount_total", &disc) != ERPSYNC_DEC_OK) erpsync_dec_zero(&disc);
	return erpsync_dec_add(&net, &tax, &all) == ERPSYNC_DEC_OK
		&& erpsync_money_cents(&all, &t->total) && erpsync_money_cents(&tax, &t->tax)
		&& erpsync_money_cents(&ship, &t->shipping) && erpsync_money_cents(&disc, &t->discount);
}

bool logistos_reconcile(logistos_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                        erpsync_money_totals *want, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	erpsync_money_doc doc;
	(void) c;
	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!erpsync_money_read(order, subject, &doc, err)) return false;
	erpsync_money_expected(&doc, false, want);
	erpsync_money_doc_free(&doc);
	if (!rest_totals(payload, got)) {
		erpsync_conn_invalid(err, subject, "total", "%s: an amount of the Logistos order is not a number or out of range", subject);
		return false;
	}
	return erpsync_money_check(LOGISTOS, subject, got, want, err);
}

/* WooCommerce rounded its totals where the lines' sums do not: one fee line carries the cents. */
static void add_rounding_fee(logistos_ctx *c, json_object *order, json_object *o)
{
	erpsync_money_totals got, want;
	erpsync_money_doc doc;
	erpsync_error probe;
	json_object *fee, *fees = erpsync_conn_get(o, "fee_lines");
	char buf[32];
	erpsync_error_clear(&probe);
	if (!fees || !erpsync_money_read(order, "order", &doc, &probe)) return;
	erpsync_money_expected(&doc, false, &want);
	erpsync_money_doc_free(&doc);
	if (!rest_totals(o, &got) || (got.total == want.total && got.tax == want.tax)) return;
	fee = json_object_new_object();
	json_object_object_add(fee, "id", json_object_new_int(0));
	json_object_object_add(fee, "name", json_object_new_string(erpsync_conn_get_str(c->settings, "rounding_name", "Rounding")));
	erpsync_money_format((want.total - want.tax) - (got.total - got.tax), buf, sizeof(buf));
	json_object_object_add(fee, "total", json_object_new_string(buf));
	erpsync_money_format(want.tax - got.tax, buf, sizeof(buf));
	json_object_object_add(fee, "total_tax", json_object_new_string(buf));
	json_object_array_add(fees, fee);
}

json_object *logistos_build_order(logistos_ctx *c, json_object *order, erpsync_error *err)
{
	erpsync_money_totals got, want;
	json_object *o = logistos_build_order_unchecked(c, order, err);
	if (o && !logistos_reconcile(c, order, o, &got, &want, err)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *logistos_build_handshake(logistos_ctx *c, json_object *creds, erpsync_error *err)
{
	const char *url = erpsync_conn_get_str(creds, "store_url", NULL);
	const char *key = erpsync_conn_get_str(creds, "consumer_key", NULL);
	const char *secret = erpsync_conn_get_str(creds, "consumer_secret", NULL);
	json_object *o;
	if (!is_url(url)) {
		erpsync_conn_invalid(err, "handshake", "store_url", "Logistos handshake: store_url is missing or not an http(s) URL");
		return NULL;
	}
	if (!key || strncmp(key, "ck_", 3) != 0) {
		erpsync_conn_invalid(err, "handshake", "consumer_key", "Logistos handshake: consumer_key is missing or not a WooCommerce key (ck_...)");
		return NULL;
	}
	if (!secret || strncmp(secret, "cs_", 3) != 0) {
		erpsync_conn_invalid(err, "handshake", "consumer_secret", "Logistos handshake: consumer_secret is missing or not a WooCommerce secret (cs_...)");
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, erpsync_conn_name(&c->names, "handshake.store_url"), json_object_new_string(url));
	json_object_object_add(o, erpsync_conn_name(&c->names, "handshake.consumer_key"), json_object_new_string(key));
	json_object_object_add(o, erpsync_conn_name(&c->names, "handshake.consumer_secret"), json_object_new_string(secret));
	return o;
}

int logistos_handshake(logistos_ctx *c, json_object *creds, json_object **out, erpsync_error *err)
{
	json_object *body = logistos_build_handshake(c, creds, err), *reply = NULL;
	erpsync_conn_request r;
	long status = 0;
	*out = NULL;
	if (!body) return -1;
	memset(&r, 0, sizeof(r));
	r.method = "POST";
	r.path = erpsync_conn_get_str(c->settings, "handshake_url", LOGISTOS_DEFAULT_HANDSHAKE_URL);
	r.body = body;
	r.idempotent = true; /* sending the same keys twice changes nothing */
	/* the consumer key and secret travel in the body: literal secrets of this client from now on, so a reply or
	 * error that echoes them is redacted in the request log, messages and excerpts (not only by field name) */
	erpsync_http_client_add_secret(c->http, erpsync_conn_get_str(creds, "consumer_key", NULL));
	erpsync_http_client_add_secret(c->http, erpsync_conn_get_str(creds, "consumer_secret", NULL));
	if (erpsync_conn_call(c->http, LOGISTOS, &r, &reply, &status, NULL, err) != 0) {
		json_object_put(body);
		return -1;
	}
	json_object_put(body);
	*out = json_object_new_object();
	json_object_object_add(*out, "ok", json_object_new_boolean(1));
	json_object_object_add(*out, "status", json_object_new_int((int) status));
	{
		const char *m = erpsync_conn_error_text(reply);
		char *red = *m ? erpsync_http_redact_text(c->http, m, strlen(m), NULL) : NULL;
		json_object_object_add(*out, "message", json_object_new_string(red ? red : "accepted"));
		free(red);
	}
	json_object_put(reply);
	return 0;
}

int logistos_export_order(logistos_ctx *c, json_object *order, json_object **out, erpsync_error *err)
{
	json_object *body = logistos_build_order(c, order, err), *reply = NULL;
	erpsync_conn_request r;
	char *sent = NULL;
	long status = 0;
	*out = NULL;
	if (!body) return -1;
	memset(&r, 0, sizeof(r));
	r.method = "POST";
	r.path = erpsync_conn_get_str(c->settings, "orders_url", LOGISTOS_DEFAULT_ORDERS_URL);
	r.body = body;
	r.idempotent = false; /* unknown whether a re-push is an update: the plugin's mapping table decides */
	if (erpsync_conn_call(c->http, LOGISTOS, &r, &reply, &status, &sent, err) != 0) {
		json_object_put(body);
		return -1;
	}
	*out = json_object_new_object();
	json_object_object_add(*out, "remote_id", json_object_new_string(erpsync_conn_get_str(order, "id", "")));
	json_object_object_add(*out, "remote_number", json_object_new_string(erpsync_conn_get_str(order, "number", erpsync_conn_get_str(order, "id", ""))));
	json_object_object_add(*out, "created", json_object_new_boolean(1));
	json_object_object_add(*out, "status", json_object_new_int((int) status));
	json_object_object_add(*out, "payload", json_object_new_string(sent ? sent : ""));
	free(sent);
	json_object_put(reply);
	json_object_put(body);
	return 0;
}

int logistos_push_orders(logistos_ctx *c, json_object *orders, size_t batch, json_object **out, erpsync_error *err)
{
	size_t i = 0, n = json_object_array_length(orders);
	const char *wrap = erpsync_conn_name(&c->names, "orders.batch_key");
	json_object *results = json_object_new_array();

	if (batch == 0) batch = 50;
	while (i < n) {
		json_object *list = json_object_new_array(), *ids = json_object_new_array(), *body, *reply = NULL, *res;
		erpsync_conn_request r;
		erpsync_error e;
		long status = 0;
		size_t j;
		for (j = i; j < n && j < i + batch; j++) {
			json_object *one = logistos_build_order(c, json_object_array_get_idx(orders, j), err);
			if (!one) {
				/* a bad order is a ValidationException for the caller: nothing of this batch is sent */
				json_object_put(list);
				json_object_put(ids);
				json_object_put(results);
				*out = NULL;
				return -1;
			}
			json_object_array_add(ids, json_object_new_int64(erpsync_conn_get_int(one, "id", 0)));
			json_object_array_add(list, one);
		}
		if (*wrap) {
			body = json_object_new_object();
			json_object_object_add(body, wrap, list);
		} else {
			body = list;
		}
		memset(&r, 0, sizeof(r));
		r.method = "POST";
		r.path = erpsync_conn_get_str(c->settings, "orders_url", LOGISTOS_DEFAULT_ORDERS_URL);
		r.body = body;
		erpsync_error_clear(&e);
		res = json_object_new_object();
		json_object_object_add(res, "ids", ids);
		if (erpsync_conn_call(c->http, LOGISTOS, &r, &reply, &status, NULL, &e) != 0) {
			json_object_object_add(res, "ok", json_object_new_boolean(0));
			json_object_object_add(res, "status", json_object_new_int(e.status));
			json_object_object_add(res, "error", json_object_new_string(e.message));
		} else {
			json_object_object_add(res, "ok", json_object_new_boolean(1));
			json_object_object_add(res, "status", json_object_new_int((int) status));
			json_object_object_add(res, "error", json_object_new_string(""));
		}
		json_object_array_add(results, res);
		json_object_put(reply);
		json_object_put(body);
		i = j;
	}
	*out = results;
	return 0;
}
