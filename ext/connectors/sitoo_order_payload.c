/*
 * Sitoo connector: the order document (zval-free). Facts (erp-apis.md §3, ../shared/reference/sitoo-openapi/):
 * POST /sites/{siteid}/orders.json with ordertypeid required, externalid unique [A-Za-z0-9_-]{1,40},
 * orderitems[{productname, quantity (integer), sku, moneyrowprice, moneyrowdiscount (money strings),
 * vatvalue (number)}], payments[{name, moneyamount}], additionaldata (string values) [SEEN, order-write.yaml].
 * The money of the rows follows docs/connectors/sitoo.md, "Rounding rule", and is reconciled against
 * WooCommerce's totals before anything is sent.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitoo_internal.h"
#include "erpsync_conn_money.h"
#include "json/erpsync_json.h"
#include "json/erpsync_json_decimal.h"

static bool in_list(json_object *list, const char *v)
{
	size_t i, n;
	if (!list || !v || !*v || !json_object_is_type(list, json_type_array)) return false;
	n = json_object_array_length(list);
	for (i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(list, i));
		if (s && strcmp(s, v) == 0) return true;
	}
	return false;
}

bool sitoo_click_and_collect(sitoo_ctx *c, json_object *order)
{
	return in_list(erpsync_conn_get(c->settings, "click_and_collect_methods"), erpsync_conn_get_str(order, "shipping_method", ""));
}

/* The payload name of field `name` ("f.<name>" in the table), for names built at run time. */
static const char *fname(sitoo_ctx *c, const char *name)
{
	char key[64];
	snprintf(key, sizeof(key), "f.%s", name);
	return erpsync_conn_name(&c->names, key) == key ? name : erpsync_conn_name(&c->names, key);
}

static void address(sitoo_ctx *c, json_object *o, const char *prefix, json_object *a)
{
	char k[64], street[512];
	snprintf(street, sizeof(street), "%s%s%s", erpsync_conn_get_str(a, "address_1", ""),
		*erpsync_conn_get_str(a, "address_2", "") ? ", " : "", erpsync_conn_get_str(a, "address_2", ""));
	snprintf(k, sizeof(k), "%s_address", prefix); json_object_object_add(o, fname(c, k), erpsync_conn_new_string_cut(street, 100));
	snprintf(k, sizeof(k), "%s_zip", prefix); json_object_object_add(o, fname(c, k), json_object_new_string(erpsync_conn_get_str(a, "postcode", "")));
	snprintf(k, sizeof(k), "%s_city", prefix); json_object_object_add(o, fname(c, k), erpsync_conn_new_string_cut(erpsync_conn_get_str(a, "city", ""), 50));
	snprintf(k, sizeof(k), "%s_state", prefix); json_object_object_add(o, fname(c, k), json_object_new_string(erpsync_conn_get_str(a, "state", "")));
	snprintf(k, sizeof(k), "%s_countryid", prefix); json_object_object_add(o, fname(c, k), json_object_new_string(erpsync_conn_get_str(a, "country", "")));
}

static bool gross_rows(sitoo_ctx *c)
{
	return erpsync_conn_get_bool(c->settings, "prices_include_tax", true);
}

/* One order row: quantity (whole), row price after discount and row discount (gross or net per settings), VAT %. */
static json_object *row(sitoo_ctx *c, const char *sku, const char *name, const erpsync_money_row *mr)
{
	json_object *r = json_object_new_object();
	char q[64], m[32];
	erpsync_dec_format(&mr->qty, 0, q, sizeof(q), NULL);
	json_object_object_add(r, sitoo_name(c, "f.productname"), erpsync_conn_new_string_cut(name, 100));
	json_object_object_add(r, sitoo_name(c, "f.sku"), json_object_new_string(sku));
	json_object_object_add(r, sitoo_name(c, "f.quantity"), json_object_new_int64(strtoll(q, NULL, 10)));
	erpsync_money_format(mr->price, m, sizeof(m));
	json_object_object_add(r, sitoo_name(c, "f.moneyrowprice"), json_object_new_string(m));
	erpsync_money_format(mr->discount, m, sizeof(m));
	json_object_object_add(r, sitoo_name(c, "f.moneyrowdiscount"), json_object_new_string(m));
	json_object_object_add(r, sitoo_name(c, "f.vatvalue"), erpsync_conn_new_amount(&mr->rate, mr->rate.scale > 2 ? 2 : mr->rate.scale, true));
	return r;
}

static bool reconcile_view(sitoo_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                           erpsync_money_totals *want, erpsync_error *err);
static json_object *build_view(sitoo_ctx *c, json_object *order, json_object *ctx, erpsync_error *err);

static const char *const row_setting[] = {NULL, "shipping_sku", "fee_sku", "rounding_sku"};
static const char *const row_default[] = {NULL, "SHIPPING", "FEE", "ROUNDING"};

/* The order's rows (items, shipping, fees, rounding) whose VAT per row lands on the order's totals:
 * docs/connectors/sitoo.md, "Rounding rule". NULL + err. */
static json_object *order_rows(sitoo_ctx *c, json_object *order, json_object *items, const char *subject, erpsync_error *err)
{
	erpsync_money_doc doc;
	erpsync_money_row *mr = NULL;
	json_object *rows;
	size_t mn = 0, i;
	if (!erpsync_money_read(order, subject, &doc, err)) return NULL;
	if (!erpsync_money_row_plan(&doc, gross_rows(c), &mr, &mn, err)) {
		erpsync_money_doc_free(&doc);
		return NULL;
	}
	rows = json_object_new_array();
	for (i = 0; i < mn; i++) {
		json_object *src = i < doc.n ? doc.lines[i].src : NULL;
		const char *sku, *name;
		if (mr[i].kind == ERPSYNC_MONEY_ITEM) {
			src = json_object_array_get_idx(items, mr[i].index);
			sku = erpsync_conn_get_str(src, "sku", "");
			name = erpsync_conn_get_str(src, "name", sku);
		} else {
			sku = erpsync_conn_get_str(c->settings, row_setting[mr[i].kind], row_default[mr[i].kind]);
			name = mr[i].kind == ERPSYNC_MONEY_ROUNDING ? erpsync_conn_get_str(c->settings, "rounding_name", "Rounding")
				: erpsync_conn_get_str(src, mr[i].kind == ERPSYNC_MONEY_SHIPPING ? "method_title" : "name",
					mr[i].kind == ERPSYNC_MONEY_SHIPPING ? "Shipping" : "Fee");
		}
		json_object_array_add(rows, row(c, sku, name, &mr[i]));
	}
	free(mr);
	erpsync_money_doc_free(&doc);
	return rows;
}

static bool cents_field(json_object *o, const char *key, int64_t *out)
{
	erpsync_decimal d;
	return erpsync_conn_get_dec(o, key, &d) == ERPSYNC_DEC_OK && erpsync_money_cents(&d, out);
}

/* With `shipping_rows` off (the Misc setting "Shipping as order rows"), a non-Click-and-Collect order goes to Sitoo
 * without its shipping: order-write.yaml has no shipping or delivery-cost field (moneydelivery_* are read-only
 * figures of order-read), so the shipping is left out altogether and the Sitoo order's total — Σ rows, which the
 * one payment must equal — is the WooCommerce total less shipping and shipping tax. Returns the order the money
 * is planned and checked on: `order` itself (one more reference) or a copy without `shipping_lines`, with
 * `shipping_total` 0 and `total` / `total_tax` reduced by the shipping lines' sums, each rounded to whole cents.
 * NULL + err on bad amounts. */
static bool dec_sub_field(json_object *o, const char *key, const erpsync_decimal *minus)
{
	erpsync_decimal v, r;
	char buf[64];
	if (erpsync_conn_get_dec(o, key, &v) != ERPSYNC_DEC_OK) erpsync_dec_zero(&v);
	if (erpsync_dec_sub(&v, minus, &r) != ERPSYNC_DEC_OK) return false;
	erpsync_dec_format(&r, r.scale, buf, sizeof(buf), NULL);
	json_object_object_add(o, key, json_object_new_string(buf));
	return true;
}

static json_object *sitoo_money_view(sitoo_ctx *c, json_object *order, const char *subject, erpsync_error *err)
{
	json_object *copy = NULL, *lines = erpsync_conn_get(order, "shipping_lines");
	erpsync_decimal net, tax, gross, t;
	size_t i, n = lines && json_object_is_type(lines, json_type_array) ? json_object_array_length(lines) : 0;
	if (erpsync_conn_get_bool(c->settings, "shipping_rows", true) || sitoo_click_and_collect(c, order) || n == 0) {
		return json_object_get(order);
	}
	erpsync_dec_zero(&net);
	erpsync_dec_zero(&tax);
	for (i = 0; i < n; i++) {
		json_object *l = json_object_array_get_idx(lines, i);
		if (erpsync_conn_get_dec(l, "total", &t) != ERPSYNC_DEC_OK || erpsync_dec_add(&net, &t, &net) != ERPSYNC_DEC_OK) goto bad;
		if (erpsync_conn_get(l, "total_tax") && (erpsync_conn_get_dec(l, "total_tax", &t) != ERPSYNC_DEC_OK || erpsync_dec_add(&tax, &t, &tax) != ERPSYNC_DEC_OK)) goto bad;
	}
	/* whole cents taken off (half away from zero): with VAT rounded at subtotal a shipping tax has sub-cent digits */
	erpsync_dec_round(&net, 2, &net);
	erpsync_dec_round(&tax, 2, &tax);
	if (erpsync_dec_add(&net, &tax, &gross) != ERPSYNC_DEC_OK || json_object_deep_copy(order, &copy, NULL) != 0 || !copy) goto bad;
	json_object_object_del(copy, "shipping_lines");
	json_object_object_add(copy, "shipping_total", json_object_new_string("0"));
	if (!dec_sub_field(copy, "total", &gross) || !dec_sub_field(copy, "total_tax", &tax)) goto bad;
	return copy;
bad:
	if (copy) json_object_put(copy);
	erpsync_conn_invalid(err, subject, "shipping_lines", "%s: a shipping line has an amount that is not a number", subject);
	return NULL;
}

bool sitoo_reconcile(sitoo_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                     erpsync_money_totals *want, erpsync_error *err)
{
	json_object *view;
	bool ok;
	char subject[ERPSYNC_ERR_SHORT_LEN];
	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!(view = sitoo_money_view(c, order, subject, err))) return false;
	ok = reconcile_view(c, view, payload, got, want, err);
	json_object_put(view);
	return ok;
}

static bool reconcile_view(sitoo_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                           erpsync_money_totals *want, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN], a[32], b[32];
	json_object *rows = erpsync_conn_get(payload, sitoo_name(c, "f.orderitems")), *pays = erpsync_conn_get(payload, sitoo_name(c, "f.payments"));
	size_t i, n = rows && json_object_is_type(rows, json_type_array) ? json_object_array_length(rows) : 0;
	size_t np = pays && json_object_is_type(pays, json_type_array) ? json_object_array_length(pays) : 0;
	erpsync_money_row *mr = calloc(n ? n : 1, sizeof(*mr));
	int64_t paid = 0;

	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!mr) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "%s: out of memory", subject);
		return false;
	}
	for (i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(rows, i);
		const char *sku = erpsync_conn_get_str(r, sitoo_name(c, "f.sku"), "");
		int k;
		mr[i].kind = ERPSYNC_MONEY_ITEM;
		for (k = ERPSYNC_MONEY_SHIPPING; k <= ERPSYNC_MONEY_ROUNDING; k++) {
			if (strcmp(erpsync_conn_get_str(c->settings, row_setting[k], row_default[k]), sku) == 0) { mr[i].kind = k; break; }
		}
		if (erpsync_conn_get_dec(r, sitoo_name(c, "f.quantity"), &mr[i].qty) != ERPSYNC_DEC_OK
		 || !cents_field(r, sitoo_name(c, "f.moneyrowprice"), &mr[i].price)
		 || !cents_field(r, sitoo_name(c, "f.moneyrowdiscount"), &mr[i].discount)
		 || erpsync_conn_get_dec(r, sitoo_name(c, "f.vatvalue"), &mr[i].rate) != ERPSYNC_DEC_OK) {
			erpsync_conn_invalid(err, subject, "total", "%s: Sitoo row %zu lacks a quantity, row price, row discount or VAT", subject, i + 1);
			free(mr);
			return false;
		}
	}
	for (i = 0; i < np; i++) {
		int64_t p;
		if (!cents_field(json_object_array_get_idx(pays, i), sitoo_name(c, "f.moneyamount"), &p)) {
			erpsync_conn_invalid(err, subject, "total", "%s: Sitoo payment %zu has no amount", subject, i + 1);
			free(mr);
			return false;
		}
		paid += p;
	}
	if (!erpsync_money_row_reconcile(SITOO, subject, order, mr, n, gross_rows(c), got, want, err)) return false;
	if (paid != got->total) {
		erpsync_money_format(paid, a, sizeof(a));
		erpsync_money_format(got->total, b, sizeof(b));
		erpsync_conn_invalid(err, subject, "total", "%s: the Sitoo payments add up to %s but the rows to %s; it was not sent", subject, a, b);
		return false;
	}
	return true;
}

json_object *sitoo_build_order(sitoo_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	erpsync_money_totals got, want;
	json_object *o = sitoo_build_order_unchecked(c, order, ctx, err);
	if (o && !sitoo_reconcile(c, order, o, &got, &want, err)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *sitoo_build_order_unchecked(sitoo_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	json_object *view, *o;
	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!(view = sitoo_money_view(c, order, subject, err))) return NULL;
	o = build_view(c, view, ctx, err);
	json_object_put(view);
	return o;
}

/* Every item line checked before the money is planned: a SKU by Sitoo's rule, amounts and rate, a whole quantity. */
static bool check_lines(json_object *items, size_t n, const char *subject, erpsync_error *err)
{
	size_t i;
	for (i = 0; i < n; i++) {
		json_object *li = json_object_array_get_idx(items, i);
		const char *sku = erpsync_conn_get_str(li, "sku", NULL);
		erpsync_decimal qty, unit, disc, rate, whole;
		if (!sku) {
			erpsync_conn_invalid(err, subject, "", "%s: line %zu (%s) has no SKU", subject, i + 1, erpsync_conn_get_str(li, "name", "unnamed"));
			snprintf(err->field, sizeof(err->field), "line_items[%zu].sku", i);
			return false;
		}
		if (!sitoo_sku_valid(sku)) {
			erpsync_conn_invalid(err, subject, "", "%s: line %zu: SKU \"%s\" has characters Sitoo does not allow (letters, digits, _ + - . / only; use fixSku())",
				subject, i + 1, sku);
			snprintf(err->field, sizeof(err->field), "line_items[%zu].sku", i);
			return false;
		}
		if (!erpsync_conn_line_amounts(li, i, subject, sku, 4, &qty, &unit, &disc, &rate, err)) return false;
		erpsync_dec_round(&qty, 0, &whole);
		if (erpsync_dec_cmp(&whole, &qty) != 0) {
			erpsync_conn_invalid(err, subject, "", "%s: line %zu (%s): Sitoo order rows take whole quantities", subject, i + 1, sku);
			snprintf(err->field, sizeof(err->field), "line_items[%zu].quantity", i);
			return false;
		}
	}
	return true;
}

/* The customer: names, company and phone from the billing address, the invoice and delivery addresses (the billing
 * one when the order has no shipping address). */
static void put_customer(sitoo_ctx *c, json_object *o, json_object *order)
{
	json_object *bill = erpsync_conn_get(order, "billing"), *ship = erpsync_conn_get(order, "shipping");
	if (!ship || !*erpsync_conn_get_str(ship, "address_1", "")) ship = bill;
	json_object_object_add(o, sitoo_name(c, "f.namefirst"), erpsync_conn_new_string_cut(erpsync_conn_get_str(bill, "first_name", ""), 50));
	json_object_object_add(o, sitoo_name(c, "f.namelast"), erpsync_conn_new_string_cut(erpsync_conn_get_str(bill, "last_name", ""), 50));
	json_object_object_add(o, sitoo_name(c, "f.company"), erpsync_conn_new_string_cut(erpsync_conn_get_str(bill, "company", ""), 100));
	json_object_object_add(o, sitoo_name(c, "f.phone"), json_object_new_string(erpsync_conn_get_str(bill, "phone", "")));
	address(c, o, "invoice", bill);
	address(c, o, "delivery", ship);
}

/* Order state, payment state and warehouse from the settings; Click-and-Collect orders have an open/closed state
 * and a warehouse of their own (the seed's "Set order status on CAC orders"). */
static void put_states(sitoo_ctx *c, json_object *o, bool cc)
{
	json_object_object_add(o, sitoo_name(c, "f.orderstateid"), json_object_new_int64(cc
		? erpsync_conn_get_int(c->settings, "click_and_collect_order_state", erpsync_conn_get_int(c->settings, "order_state", 0))
		: erpsync_conn_get_int(c->settings, "order_state", 0)));
	json_object_object_add(o, sitoo_name(c, "f.paymentstateid"), json_object_new_int64(erpsync_conn_get_int(c->settings, "payment_state", 20)));
	json_object_object_add(o, sitoo_name(c, "f.warehouseid"), json_object_new_int64(cc
		? erpsync_conn_get_int(c->settings, "click_and_collect_warehouse_id", erpsync_conn_get_int(c->settings, "warehouse_id", 1))
		: erpsync_conn_get_int(c->settings, "warehouse_id", 1)));
}

/* additionaldata (string values): settings.extra_fields, else the webshop order number; the Click-and-Collect mark. */
static json_object *additional_data(sitoo_ctx *c, json_object *order, json_object *ctx, bool cc)
{
	json_object *add = json_object_new_object(), *extras = erpsync_conn_get(c->settings, "extra_fields");
	if (extras && json_object_is_type(extras, json_type_object)) {
		json_object_object_foreach(extras, ek, ev) {
			json_object_object_add(add, ek, json_object_new_string(erpsync_conn_extra_value(json_object_get_string(ev), order, ctx)));
		}
	} else {
		json_object_object_add(add, "webshop-ordernumber", json_object_new_string(erpsync_conn_get_str(order, "number", "")));
	}
	if (cc) json_object_object_add(add, "click-and-collect", json_object_new_string("true"));
	return add;
}

/* One payment of the order's total, named by its payment method. */
static json_object *payments(sitoo_ctx *c, json_object *order, const erpsync_decimal *total)
{
	json_object *list = json_object_new_array(), *pay = json_object_new_object();
	json_object_object_add(pay, sitoo_name(c, "f.name"), json_object_new_string(erpsync_conn_get_str(order, "payment_method_title", erpsync_conn_get_str(order, "payment_method", "Webshop"))));
	json_object_object_add(pay, sitoo_name(c, "f.moneyamount"), erpsync_conn_new_amount(total, 2, false));
	json_object_array_add(list, pay);
	return list;
}

static json_object *build_view(sitoo_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN], ext[64];
	json_object *o, *items, *rows;
	const char *email = erpsync_conn_get_str(order, "billing.email", "");
	bool cc = sitoo_click_and_collect(c, order);
	erpsync_decimal total;
	int64_t when;
	size_t n;

	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!sitoo_externalid(c, order, ext, sizeof(ext))) {
		erpsync_conn_invalid(err, subject, "id", "%s: the WooCommerce order id is missing (it becomes the Sitoo externalid)", subject);
		return NULL;
	}
	if (!erpsync_conn_email_valid(email)) {
		erpsync_conn_invalid(err, subject, "billing.email", "%s: the billing email is missing or not a valid address", subject);
		return NULL;
	}
	when = sitoo_iso_to_unix(erpsync_conn_get_str(order, "date_created", ""));
	if (when < 0) {
		erpsync_conn_invalid(err, subject, "date_created", "%s: date_created is missing or not an ISO 8601 date", subject);
		return NULL;
	}
	if (erpsync_conn_get_dec(order, "total", &total) != ERPSYNC_DEC_OK) {
		erpsync_conn_invalid(err, subject, "total", "%s: the order total is missing", subject);
		return NULL;
	}
	if (!(items = erpsync_conn_order_lines(order, subject, &n, err))) {
		return NULL;
	}
	/* every item line checked first (SKU, whole quantity, amounts, rate); then the money planned as a whole */
	if (!check_lines(items, n, subject, err) || !(rows = order_rows(c, order, items, subject, err))) {
		return NULL;
	}

	o = json_object_new_object();
	json_object_object_add(o, sitoo_name(c, "f.ordertypeid"), json_object_new_int64(erpsync_conn_get_int(c->settings, "order_type", 10)));
	json_object_object_add(o, sitoo_name(c, "f.externalid"), json_object_new_string(ext));
	json_object_object_add(o, sitoo_name(c, "f.email"), json_object_new_string(email));
	put_customer(c, o, order);
	json_object_object_add(o, sitoo_name(c, "f.comment"), erpsync_conn_new_string_cut(erpsync_conn_get_str(order, "customer_note", ""), 500));
	json_object_object_add(o, sitoo_name(c, "f.orderdate"), json_object_new_int64(when));
	put_states(c, o, cc);
	json_object_object_add(o, sitoo_name(c, "f.currencycode"), json_object_new_string(erpsync_conn_get_str(order, "currency", "")));
	json_object_object_add(o, sitoo_name(c, "f.additionaldata"), additional_data(c, order, ctx, cc));
	json_object_object_add(o, sitoo_name(c, "f.orderitems"), rows);
	json_object_object_add(o, sitoo_name(c, "f.payments"), payments(c, order, &total));
	return o;
}
