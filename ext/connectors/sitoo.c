/*
 * Sitoo POS connector engine (zval-free).
 *
 * Facts relied on (erp-apis.md §3, ../shared/reference/sitoo-openapi/): HTTP Basic; paths below
 * /v2/accounts/{accountid} end in .json; {siteid} is the eshopid [SEEN]. Orders: POST
 * /sites/{siteid}/orders.json with ordertypeid required, externalid unique [A-Za-z0-9_-]{1,40},
 * orderitems[{productname, quantity (integer), sku, moneyrowprice, moneyrowdiscount (money strings),
 * vatvalue (number)}], payments[{name, moneyamount}], additionaldata (string values) [SEEN, order-write.yaml];
 * lookup GET /orders.json?externalid= [SEEN field, INFERRED use]. Stock: warehouse transactions of at most
 * 1000 items, decimalquantity a signed decimal string [SEEN]; warehouse items paged start/num with
 * totalcount [SEEN]. Products: batch POST answering one {statuscode, return} per item [SEEN]; SKU
 * characters letters, digits, _ + - . / (erp-apis.md reading of the rule).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sitoo.h"
#include "erpsync_conn_money.h"
#include "json/erpsync_json.h"
#include "json/erpsync_json_decimal.h"

#define SITOO "Sitoo"

static const erpsync_conn_name_def sitoo_names[] = {
	{"path.sites", "sites.json"},
	{"path.all_orders", "orders.json"},
	{"path.orders", "sites/{siteid}/orders.json"},
	{"path.products", "sites/{siteid}/products.json"},
	{"path.warehouse_items", "sites/{siteid}/warehouses/{warehouseid}/warehouseitems.json"},
	{"path.warehouse_transactions", "sites/{siteid}/warehousetransactions.json"},
	{"path.order", "sites/{siteid}/orders/{orderid}.json"},
	{"path.order_deliveries", "sites/{siteid}/orders/{orderid}/orderdeliveries.json"},
	{"q.orderid_from", "orderidfrom"},
	{"q.orderdate_from", "orderdatefrom"},
	{"path.warehouses", "sites/{siteid}/warehouses.json"},
	{"path.variants", "sites/{siteid}/products/{orderid}/productvariants.json"},
	{"path.images", "sites/{siteid}/products/{orderid}/images.json"},
	{"path.image", "sites/{siteid}/products/{orderid}/images/{index}.json"},
	{"path.categories", "sites/{siteid}/categories.json"},
	{"path.category", "sites/{siteid}/categories/{orderid}.json"},
	{"path.manufacturers", "sites/{siteid}/manufacturers.json"},
	{"path.vouchers", "sites/{siteid}/vouchers.json"},
	{"path.voucher", "sites/{siteid}/vouchers/{orderid}.json"},
	{"path.batches", "sites/{siteid}/warehouses/{warehouseid}/warehousebatches.json"},
	{"path.batch", "sites/{siteid}/warehouses/{warehouseid}/warehousebatches/{orderid}.json"},
	{"path.batch_items", "sites/{siteid}/warehouses/{warehouseid}/warehousebatches/{orderid}/warehousebatchitems.json"},
	{"f.active", "active"},
	{"f.activepos", "activepos"},
	{"f.additionaldata", "additionaldata"},
	{"f.attributes", "attributes"},
	{"f.barcode", "barcode"},
	{"f.categoryparentid", "categoryparentid"},
	{"f.comment", "comment"},
	{"f.company", "company"},
	{"f.currencycode", "currencycode"},
	{"f.dateend", "dateend"},
	{"f.decimalquantity", "decimalquantity"},
	{"f.delivery_address", "delivery_address"},
	{"f.delivery_city", "delivery_city"},
	{"f.delivery_countryid", "delivery_countryid"},
	{"f.delivery_state", "delivery_state"},
	{"f.delivery_zip", "delivery_zip"},
	{"f.deliverystatus", "deliverystatus"},
	{"f.description", "description"},
	{"f.descriptionshort", "descriptionshort"},
	{"f.email", "email"},
	{"f.externalid", "externalid"},
	{"f.filedata", "filedata"},
	{"f.friendly", "friendly"},
	{"f.groups", "groups"},
	{"f.invoice_address", "invoice_address"},
	{"f.invoice_city", "invoice_city"},
	{"f.invoice_countryid", "invoice_countryid"},
	{"f.invoice_state", "invoice_state"},
	{"f.invoice_zip", "invoice_zip"},
	{"f.items", "items"},
	{"f.maxuses", "maxuses"},
	{"f.money_m", "money_m"},
	{"f.moneyamount", "moneyamount"},
	{"f.moneyofferprice", "moneyofferprice"},
	{"f.moneyprice", "moneyprice"},
	{"f.moneypricein", "moneypricein"},
	{"f.moneypriceorg", "moneypriceorg"},
	{"f.moneyrowdiscount", "moneyrowdiscount"},
	{"f.moneyrowprice", "moneyrowprice"},
	{"f.name", "name"},
	{"f.namefirst", "namefirst"},
	{"f.namelast", "namelast"},
	{"f.options", "options"},
	{"f.orderdate", "orderdate"},
	{"f.orderdeliveryitems", "orderdeliveryitems"},
	{"f.orderdeliveryref", "orderdeliveryref"},
	{"f.orderitemid", "orderitemid"},
	{"f.orderitems", "orderitems"},
	{"f.orderstateid", "orderstateid"},
	{"f.ordertypeid", "ordertypeid"},
	{"f.payments", "payments"},
	{"f.paymentstateid", "paymentstateid"},
	{"f.phone", "phone"},
	{"f.productid", "productid"},
	{"f.productname", "productname"},
	{"f.quantity", "quantity"},
	{"f.resourceid", "resourceid"},
	{"f.sku", "sku"},
	{"f.title", "title"},
	{"f.transactiontype", "transactiontype"},
	{"f.value_x", "value_x"},
	{"f.variants", "variants"},
	{"f.vatvalue", "vatvalue"},
	{"f.vouchercode", "vouchercode"},
	{"f.vouchercomment", "vouchercomment"},
	{"f.vouchername", "vouchername"},
	{"f.vouchertype", "vouchertype"},
	{"f.warehousebatchstate", "warehousebatchstate"},
	{"f.warehouseid", "warehouseid"},
	{"q.externalid", "externalid"},
	{"q.modified_from", "datelastmodifiedfrom"},
	{NULL, NULL}
};

static const char *N(sitoo_ctx *c, const char *key)
{
	return erpsync_conn_name(&c->names, key);
}

/* The payload name of field `name` ("f.<name>" in the table), for names built at run time. */
static const char *fname(sitoo_ctx *c, const char *name)
{
	char key[64];
	snprintf(key, sizeof(key), "f.%s", name);
	return erpsync_conn_name(&c->names, key) == key ? name : erpsync_conn_name(&c->names, key);
}

void sitoo_ctx_init(sitoo_ctx *c, json_object *settings, erpsync_http_client *http)
{
	memset(c, 0, sizeof(*c));
	c->settings = settings;
	c->http = http;
	erpsync_conn_names_init(&c->names, SITOO, sitoo_names, settings);
}

bool sitoo_sku_valid(const char *s)
{
	if (!s || !*s || strlen(s) > 100) return false;
	for (; *s; s++) {
		unsigned char ch = (unsigned char) *s;
		if (!(isalnum(ch) || ch == '_' || ch == '+' || ch == '-' || ch == '.' || ch == '/')) return false;
	}
	return true;
}

size_t sitoo_fix_sku(const char *s, char *out, size_t size)
{
	size_t j = 0, i, len = strlen(s);
	for (i = 0; i < len && j + 1 < size; i++) {
		unsigned char ch = (unsigned char) s[i];
		if (isalnum(ch) || ch == '_' || ch == '+' || ch == '-' || ch == '.' || ch == '/') {
			out[j++] = (char) ch;
			continue;
		}
		if (ch >= 0x80) {
			while (i + 1 < len && ((unsigned char) s[i + 1] & 0xC0) == 0x80) i++;
		}
		out[j++] = '-';
	}
	out[j] = '\0';
	return j;
}

bool sitoo_validate_settings(sitoo_ctx *c, erpsync_error *err)
{
	int64_t site = erpsync_conn_get_int(c->settings, "siteid", 1);
	const char *prefix = erpsync_conn_get_str(c->settings, "externalid_prefix", "wc-");
	size_t i;
	if (site < 1) {
		erpsync_conn_invalid(err, "settings", "settings.siteid", "Sitoo settings: siteid is the eshopid, a positive number (normally 1)");
		return false;
	}
	if (erpsync_conn_get_int(c->settings, "warehouse_id", 1) < 1) {
		erpsync_conn_invalid(err, "settings", "settings.warehouse_id", "Sitoo settings: warehouse_id must be a positive number");
		return false;
	}
	for (i = 0; prefix[i]; i++) {
		if (!(isalnum((unsigned char) prefix[i]) || prefix[i] == '_' || prefix[i] == '-') || i > 20) {
			erpsync_conn_invalid(err, "settings", "settings.externalid_prefix", "Sitoo settings: externalid_prefix may hold only A-Z a-z 0-9 _ - (at most 20)");
			return false;
		}
	}
	return erpsync_conn_names_check(&c->names, err);
}

/* Fills {siteid}, {warehouseid} and {orderid}. */
static void path_order(sitoo_ctx *c, const char *key, const char *orderid, char *buf, size_t size)
{
	const char *t = N(c, key);
	size_t j = 0;
	while (*t && j + 1 < size) {
		if (strncmp(t, "{orderid}", 9) == 0) {
			j += (size_t) snprintf(buf + j, size - j, "%s", orderid ? orderid : "");
			t += 9;
			continue;
		}
		if (strncmp(t, "{siteid}", 8) == 0) {
			j += (size_t) snprintf(buf + j, size - j, "%lld", (long long) erpsync_conn_get_int(c->settings, "siteid", 1));
			t += 8;
		} else if (strncmp(t, "{warehouseid}", 13) == 0) {
			j += (size_t) snprintf(buf + j, size - j, "%lld", (long long) erpsync_conn_get_int(c->settings, "warehouse_id", 1));
			t += 13;
		} else {
			buf[j++] = *t++;
		}
	}
	buf[j < size ? j : size - 1] = '\0';
}

static void path(sitoo_ctx *c, const char *key, char *buf, size_t size)
{
	path_order(c, key, NULL, buf, size);
}

void sitoo_path(sitoo_ctx *c, const char *key, const char *id, char *buf, size_t size)
{
	path_order(c, key, id, buf, size);
}

const char *sitoo_name(sitoo_ctx *c, const char *key)
{
	return N(c, key);
}

/* ------------------------------------------------------------------------------ orders */

static bool externalid(sitoo_ctx *c, json_object *order, char *buf, size_t size)
{
	int64_t id = erpsync_conn_get_int(order, "id", 0);
	if (id <= 0) return false;
	snprintf(buf, size, "%s%lld", erpsync_conn_get_str(c->settings, "externalid_prefix", "wc-"), (long long) id);
	return strlen(buf) <= 40;
}

static int64_t iso_to_unix(const char *s)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) < 3) return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d; tm.tm_hour = h; tm.tm_min = mi; tm.tm_sec = se;
	return (int64_t) timegm(&tm);
}

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
	json_object_object_add(r, N(c, "f.productname"), erpsync_conn_new_string_cut(name, 100));
	json_object_object_add(r, N(c, "f.sku"), json_object_new_string(sku));
	json_object_object_add(r, N(c, "f.quantity"), json_object_new_int64(strtoll(q, NULL, 10)));
	erpsync_money_format(mr->price, m, sizeof(m));
	json_object_object_add(r, N(c, "f.moneyrowprice"), json_object_new_string(m));
	erpsync_money_format(mr->discount, m, sizeof(m));
	json_object_object_add(r, N(c, "f.moneyrowdiscount"), json_object_new_string(m));
	json_object_object_add(r, N(c, "f.vatvalue"), erpsync_conn_new_amount(&mr->rate, mr->rate.scale > 2 ? 2 : mr->rate.scale, true));
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
	json_object *rows = erpsync_conn_get(payload, N(c, "f.orderitems")), *pays = erpsync_conn_get(payload, N(c, "f.payments"));
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
		const char *sku = erpsync_conn_get_str(r, N(c, "f.sku"), "");
		int k;
		mr[i].kind = ERPSYNC_MONEY_ITEM;
		for (k = ERPSYNC_MONEY_SHIPPING; k <= ERPSYNC_MONEY_ROUNDING; k++) {
			if (strcmp(erpsync_conn_get_str(c->settings, row_setting[k], row_default[k]), sku) == 0) { mr[i].kind = k; break; }
		}
		if (erpsync_conn_get_dec(r, N(c, "f.quantity"), &mr[i].qty) != ERPSYNC_DEC_OK
		 || !cents_field(r, N(c, "f.moneyrowprice"), &mr[i].price)
		 || !cents_field(r, N(c, "f.moneyrowdiscount"), &mr[i].discount)
		 || erpsync_conn_get_dec(r, N(c, "f.vatvalue"), &mr[i].rate) != ERPSYNC_DEC_OK) {
			erpsync_conn_invalid(err, subject, "total", "%s: Sitoo row %zu lacks a quantity, row price, row discount or VAT", subject, i + 1);
			free(mr);
			return false;
		}
	}
	for (i = 0; i < np; i++) {
		int64_t p;
		if (!cents_field(json_object_array_get_idx(pays, i), N(c, "f.moneyamount"), &p)) {
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

static json_object *build_view(sitoo_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN], ext[64];
	json_object *o, *items, *rows, *ship, *bill, *payments, *pay, *extras, *add;
	const char *email = erpsync_conn_get_str(order, "billing.email", "");
	bool cc = sitoo_click_and_collect(c, order);
	erpsync_decimal total;
	int64_t when;
	size_t i, n;

	(void) ctx;
	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!externalid(c, order, ext, sizeof(ext))) {
		erpsync_conn_invalid(err, subject, "id", "%s: the WooCommerce order id is missing (it becomes the Sitoo externalid)", subject);
		return NULL;
	}
	if (!erpsync_conn_email_valid(email)) {
		erpsync_conn_invalid(err, subject, "billing.email", "%s: the billing email is missing or not a valid address", subject);
		return NULL;
	}
	when = iso_to_unix(erpsync_conn_get_str(order, "date_created", ""));
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
	for (i = 0; i < n; i++) {
		json_object *li = json_object_array_get_idx(items, i);
		const char *sku = erpsync_conn_get_str(li, "sku", NULL);
		erpsync_decimal qty, unit, disc, rate, whole;
		if (!sku) {
			erpsync_conn_invalid(err, subject, "", "%s: line %zu (%s) has no SKU", subject, i + 1, erpsync_conn_get_str(li, "name", "unnamed"));
			snprintf(err->field, sizeof(err->field), "line_items[%zu].sku", i);
			return NULL;
		}
		if (!sitoo_sku_valid(sku)) {
			erpsync_conn_invalid(err, subject, "", "%s: line %zu: SKU \"%s\" has characters Sitoo does not allow (letters, digits, _ + - . / only; use fixSku())",
				subject, i + 1, sku);
			snprintf(err->field, sizeof(err->field), "line_items[%zu].sku", i);
			return NULL;
		}
		if (!erpsync_conn_line_amounts(li, i, subject, sku, 4, &qty, &unit, &disc, &rate, err)) return NULL;
		erpsync_dec_round(&qty, 0, &whole);
		if (erpsync_dec_cmp(&whole, &qty) != 0) {
			erpsync_conn_invalid(err, subject, "", "%s: line %zu (%s): Sitoo order rows take whole quantities", subject, i + 1, sku);
			snprintf(err->field, sizeof(err->field), "line_items[%zu].quantity", i);
			return NULL;
		}
	}
	if (!(rows = order_rows(c, order, items, subject, err))) {
		return NULL;
	}

	o = json_object_new_object();
	json_object_object_add(o, N(c, "f.ordertypeid"), json_object_new_int64(erpsync_conn_get_int(c->settings, "order_type", 10)));
	json_object_object_add(o, N(c, "f.externalid"), json_object_new_string(ext));
	json_object_object_add(o, N(c, "f.email"), json_object_new_string(email));
	bill = erpsync_conn_get(order, "billing");
	ship = erpsync_conn_get(order, "shipping");
	if (!ship || !*erpsync_conn_get_str(ship, "address_1", "")) ship = bill;
	json_object_object_add(o, N(c, "f.namefirst"), erpsync_conn_new_string_cut(erpsync_conn_get_str(bill, "first_name", ""), 50));
	json_object_object_add(o, N(c, "f.namelast"), erpsync_conn_new_string_cut(erpsync_conn_get_str(bill, "last_name", ""), 50));
	json_object_object_add(o, N(c, "f.company"), erpsync_conn_new_string_cut(erpsync_conn_get_str(bill, "company", ""), 100));
	json_object_object_add(o, N(c, "f.phone"), json_object_new_string(erpsync_conn_get_str(bill, "phone", "")));
	address(c, o, "invoice", bill);
	address(c, o, "delivery", ship);
	json_object_object_add(o, N(c, "f.comment"), erpsync_conn_new_string_cut(erpsync_conn_get_str(order, "customer_note", ""), 500));
	json_object_object_add(o, N(c, "f.orderdate"), json_object_new_int64(when));
	/* Click-and-Collect orders have an open/closed state of their own (the seed's "Set order status on CAC orders") */
	json_object_object_add(o, N(c, "f.orderstateid"), json_object_new_int64(cc
		? erpsync_conn_get_int(c->settings, "click_and_collect_order_state", erpsync_conn_get_int(c->settings, "order_state", 0))
		: erpsync_conn_get_int(c->settings, "order_state", 0)));
	json_object_object_add(o, N(c, "f.paymentstateid"), json_object_new_int64(erpsync_conn_get_int(c->settings, "payment_state", 20)));
	json_object_object_add(o, N(c, "f.warehouseid"), json_object_new_int64(cc
		? erpsync_conn_get_int(c->settings, "click_and_collect_warehouse_id", erpsync_conn_get_int(c->settings, "warehouse_id", 1))
		: erpsync_conn_get_int(c->settings, "warehouse_id", 1)));
	json_object_object_add(o, N(c, "f.currencycode"), json_object_new_string(erpsync_conn_get_str(order, "currency", "")));
	add = json_object_new_object();
	extras = erpsync_conn_get(c->settings, "extra_fields");
	if (extras && json_object_is_type(extras, json_type_object)) {
		json_object_object_foreach(extras, ek, ev) {
			json_object_object_add(add, ek, json_object_new_string(erpsync_conn_extra_value(json_object_get_string(ev), order, ctx)));
		}
	} else {
		json_object_object_add(add, "webshop-ordernumber", json_object_new_string(erpsync_conn_get_str(order, "number", "")));
	}
	if (cc) json_object_object_add(add, "click-and-collect", json_object_new_string("true"));
	json_object_object_add(o, N(c, "f.additionaldata"), add);
	json_object_object_add(o, N(c, "f.orderitems"), rows);
	payments = json_object_new_array();
	pay = json_object_new_object();
	json_object_object_add(pay, N(c, "f.name"), json_object_new_string(erpsync_conn_get_str(order, "payment_method_title", erpsync_conn_get_str(order, "payment_method", "Webshop"))));
	json_object_object_add(pay, N(c, "f.moneyamount"), erpsync_conn_new_amount(&total, 2, false));
	json_object_array_add(payments, pay);
	json_object_object_add(o, N(c, "f.payments"), payments);
	return o;
}

int sitoo_find_order(sitoo_ctx *c, json_object *order, json_object **out, erpsync_error *err)
{
	char ext[64], p[256];
	erpsync_http_kv q[1];
	erpsync_conn_request r;
	json_object *reply = NULL, *items;
	size_t i, n;
	*out = NULL;
	if (!externalid(c, order, ext, sizeof(ext))) {
		erpsync_conn_invalid(err, "order", "id", "the WooCommerce order id is missing");
		return -1;
	}
	path(c, "path.all_orders", p, sizeof(p));
	q[0].name = N(c, "q.externalid"); q[0].value = ext;
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
	path(c, "path.orders", p, sizeof(p));
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

/* ------------------------------------------------------------------------------ stock */

long sitoo_warehouse_items(sitoo_ctx *c, long page_size, int64_t modified_since, erpsync_http_page_fn fn, void *ud, erpsync_error *err)
{
	char p[256], since[32];
	erpsync_http_kv q[1];
	erpsync_http_request req;
	erpsync_http_pagination pg;
	path(c, "path.warehouse_items", p, sizeof(p));
	memset(&req, 0, sizeof(req));
	memset(&pg, 0, sizeof(pg));
	req.method = "GET";
	req.path = p;
	if (modified_since > 0) {
		snprintf(since, sizeof(since), "%lld", (long long) modified_since);
		q[0].name = N(c, "q.modified_from"); q[0].value = since;
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
	path(c, "path.warehouse_transactions", p, sizeof(p));
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
			json_object_object_add(it, N(c, "f.sku"), json_object_new_string(sku));
			json_object_object_add(it, N(c, "f.decimalquantity"), erpsync_conn_new_amount(&d, 3, false));
			json_object_array_add(chunk, it);
			count++;
			if (json_object_array_length(chunk) == 1000 || count == total) {
				json_object *tx = json_object_new_object(), *body = json_object_new_array(), *reply = NULL, *res = json_object_new_object();
				erpsync_conn_request r;
				erpsync_error e;
				long status = 0;
				snprintf(extid, sizeof(extid), "%s-%zu", ext, ++chunkno);
				json_object_object_add(tx, N(c, "f.warehouseid"), json_object_new_int64(erpsync_conn_get_int(c->settings, "warehouse_id", 1)));
				json_object_object_add(tx, N(c, "f.transactiontype"), json_object_new_int64(erpsync_conn_get_int(c->settings, "stock_transaction_type", 10)));
				json_object_object_add(tx, N(c, "f.description"), json_object_new_string("erpsync stock sync"));
				json_object_object_add(tx, N(c, "f.externalid"), json_object_new_string(extid));
				json_object_object_add(tx, N(c, "f.items"), chunk);
				json_object_array_add(body, tx);
				chunk = NULL;
				memset(&r, 0, sizeof(r));
				r.method = "POST"; r.path = p; r.body = body;
				erpsync_error_clear(&e);
				json_object_object_add(res, "externalid", json_object_new_string(extid));
				json_object_object_add(res, "items", json_object_new_int((int) json_object_array_length(json_object_object_get(tx, "items"))));
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

/* ---------------------------------------------------------------------------- products */

int sitoo_push_products(sitoo_ctx *c, json_object *products, json_object **out, erpsync_error *err)
{
	return sitoo_products_batch(c, "POST", products, out, err);
}

/* ------------------------------------------------------------------ order import, deliveries */

static bool digits(const char *s)
{
	if (!s || !*s) return false;
	for (; *s; s++) if (!isdigit((unsigned char) *s)) return false;
	return true;
}

/* Delivered quantity per orderitemid of one order: an object "orderitemid" -> total delivered. */
static json_object *delivered(sitoo_ctx *c, const char *orderid, erpsync_error *err)
{
	char p[256];
	erpsync_conn_request r;
	json_object *reply = NULL, *items, *sum;
	size_t i, j, n;
	path_order(c, "path.order_deliveries", orderid, p, sizeof(p));
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
	path(c, "path.all_orders", p, sizeof(p));
	snprintf(from, sizeof(from), "%lld", (long long) (from_orderid > 0 ? from_orderid : 0));
	snprintf(eshop, sizeof(eshop), "%lld", (long long) erpsync_conn_get_int(c->settings, "siteid", 1));
	q[0].name = N(c, "q.orderid_from"); q[0].value = from;
	q[1].name = "sort"; q[1].value = "orderid";
	q[2].name = "eshopid"; q[2].value = eshop;
	snprintf(date, sizeof(date), "%lld", (long long) from_date);
	q[3].name = N(c, "q.orderdate_from"); q[3].value = date;
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
	if (!digits(orderid)) {
		erpsync_conn_invalid(err, "order delivery", "orderid", "Sitoo delivery: \"%s\" is not an orderid", orderid);
		return -1;
	}
	path_order(c, "path.order", orderid, p, sizeof(p));
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
		json_object_object_add(di, N(c, "f.orderitemid"), json_object_new_int64(erpsync_conn_get_int(it, "orderitemid", 0)));
		json_object_object_add(di, N(c, "f.quantity"), json_object_new_int64(open));
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
	json_object_object_add(body, N(c, "f.warehouseid"), json_object_new_int64(erpsync_conn_get_int(order, "warehouseid", erpsync_conn_get_int(c->settings, "warehouse_id", 1))));
	json_object_object_add(body, N(c, "f.orderdeliveryref"), json_object_new_string(erpsync_conn_get_str(order, "externalid", orderid)));
	json_object_object_add(body, N(c, "f.orderdeliveryitems"), items);
	json_object_put(order);
	path_order(c, "path.order_deliveries", orderid, p, sizeof(p));
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
	if (!digits(orderid)) {
		erpsync_conn_invalid(err, "order cancellation", "orderid", "Sitoo cancellation: \"%s\" is not an orderid", orderid);
		return -1;
	}
	path_order(c, "path.order", orderid, p, sizeof(p));
	memset(&r, 0, sizeof(r));
	r.method = "GET"; r.path = p;
	if (erpsync_conn_call(c->http, SITOO, &r, &order, NULL, NULL, err) != 0) return -1;
	state = erpsync_conn_get_int(order, N(c, "f.orderstateid"), 0);
	type = erpsync_conn_get_int(order, N(c, "f.ordertypeid"), 10);
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
	json_object_object_add(body, N(c, "f.ordertypeid"), json_object_new_int64(type));
	json_object_object_add(body, N(c, "f.orderstateid"), json_object_new_int(SITOO_ORDER_CANCELLED));
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

/* --------------------------------------------------------------- catalogue: variants, images, ... */

/* One call: method + path (with {orderid} = id) + body; reply returned (caller puts). */
static int call(sitoo_ctx *c, const char *method, const char *key, const char *id, json_object *body, bool idem,
                json_object **reply, erpsync_error *err)
{
	char p[300];
	erpsync_conn_request r;
	path_order(c, key, id, p, sizeof(p));
	memset(&r, 0, sizeof(r));
	r.method = method; r.path = p; r.body = body; r.idempotent = idem;
	return erpsync_conn_call(c->http, SITOO, &r, reply, NULL, NULL, err);
}

int sitoo_set_variants(sitoo_ctx *c, const char *productid, json_object *parent, json_object *variants, json_object **out, erpsync_error *err)
{
	json_object *body, *groups, *list, *attrs, *reply = NULL;
	size_t i, n = json_object_array_length(variants);
	char subject[ERPSYNC_ERR_SHORT_LEN];
	*out = NULL;
	snprintf(subject, sizeof(subject), "product %s", productid);
	if (!digits(productid)) {
		erpsync_conn_invalid(err, subject, "productid", "Sitoo variants: \"%s\" is not a productid", productid);
		return -1;
	}
	/* a PUT replaces every variant: build the whole set, every field productvariant-write requires */
	groups = json_object_new_array();
	attrs = erpsync_conn_get(parent, "attributes");
	for (i = 0; attrs && json_object_is_type(attrs, json_type_array) && i < json_object_array_length(attrs); i++) {
		json_object *a = json_object_array_get_idx(attrs, i), *g = json_object_new_object(), *opts = erpsync_conn_get(a, "options");
		json_object_object_add(g, N(c, "f.name"), json_object_new_string(erpsync_conn_get_str(a, "name", "")));
		json_object_object_add(g, N(c, "f.options"), opts ? json_object_get(opts) : json_object_new_array());
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
		json_object_object_add(o, N(c, "f.productid"), json_object_new_int64(erpsync_conn_get_int(v, "remote_id", 0)));
		json_object_object_add(o, N(c, "f.active"), json_object_new_boolean(1));
		json_object_object_add(o, N(c, "f.activepos"), json_object_new_boolean(1));
		json_object_object_add(o, N(c, "f.title"), erpsync_conn_new_string_cut(erpsync_conn_get_str(v, "name", sku), 200));
		json_object_object_add(o, N(c, "f.sku"), json_object_new_string(sku));
		json_object_object_add(o, N(c, "f.deliverystatus"), json_object_new_string(""));
		json_object_object_add(o, N(c, "f.moneyprice"), erpsync_conn_new_amount(&price, 2, false));
		json_object_object_add(o, N(c, "f.moneypriceorg"), json_object_new_string("0.00"));
		json_object_object_add(o, N(c, "f.moneypricein"), json_object_new_string("0.00"));
		json_object_object_add(o, N(c, "f.moneyofferprice"), json_object_new_string("0.00"));
		json_object_object_add(o, N(c, "f.barcode"), json_object_new_string(erpsync_conn_get_str(v, "ean", "")));
		json_object_object_add(o, N(c, "f.friendly"), json_object_new_string(""));
		json_object_object_add(o, N(c, "f.attributes"), va);
		json_object_array_add(list, o);
	}
	body = json_object_new_object();
	json_object_object_add(body, N(c, "f.groups"), groups);
	json_object_object_add(body, N(c, "f.variants"), list);
	if (call(c, "PUT", "path.variants", productid, body, true, &reply, err) != 0) { json_object_put(body); return -1; }
	json_object_put(reply);
	json_object_put(body);
	return call(c, "GET", "path.variants", productid, NULL, true, out, err);
}

int sitoo_upload_image(sitoo_ctx *c, const char *productid, const char *name, const char *data, size_t len, erpsync_error *err)
{
	json_object *body = json_object_new_object(), *reply = NULL;
	char fixed[256];
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *enc;
	size_t i, j = 0;
	int rc;
	if (!digits(productid) || len == 0) {
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
	json_object_object_add(body, N(c, "f.resourceid"), json_object_new_string(fixed));
	json_object_object_add(body, N(c, "f.filedata"), json_object_new_string_len(enc, (int) j));
	free(enc);
	rc = call(c, "POST", "path.images", productid, body, true, &reply, err);
	json_object_put(reply);
	json_object_put(body);
	return rc;
}

int sitoo_images(sitoo_ctx *c, const char *productid, const char *method, long index, json_object **out, erpsync_error *err)
{
	char idx[64];
	if (!digits(productid)) {
		erpsync_conn_invalid(err, "image", "productid", "Sitoo image: \"%s\" is not a productid", productid);
		return -1;
	}
	if (strcmp(method, "DELETE") == 0) {
		char p[300], *at;
		erpsync_conn_request r;
		snprintf(idx, sizeof(idx), "%ld", index);
		path_order(c, "path.image", productid, p, sizeof(p));
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
	return call(c, "GET", "path.images", productid, NULL, true, out, err);
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
			json_object_object_add(body, N(c, "f.title"), erpsync_conn_new_string_cut(erpsync_conn_get_str(ct, "name", ""), 100));
			if (strcmp(rparent, "0") != 0) json_object_object_add(body, N(c, "f.categoryparentid"), json_object_new_int64(strtoll(rparent, NULL, 10)));
			if (call(c, "POST", "path.categories", NULL, body, false, &reply, err) != 0) {
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
	if (!digits(categoryid) || !title || !*title || parent < -1) {
		erpsync_conn_invalid(err, "category", !digits(categoryid) ? "categoryid" : !title || !*title ? "title" : "categoryparentid",
			"Sitoo category: a categoryid, a title and a parent (0 for top level, -1 to keep it) are needed");
		return -1;
	}
	body = json_object_new_object();
	json_object_object_add(body, N(c, "f.title"), erpsync_conn_new_string_cut(title, 100));
	if (parent > 0) json_object_object_add(body, N(c, "f.categoryparentid"), json_object_new_int64(parent));
	else if (parent == 0) json_object_object_add(body, N(c, "f.categoryparentid"), NULL);
	rc = call(c, "PUT", "path.category", categoryid, body, true, &reply, err);
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
		json_object_object_add(m, N(c, "f.name"), json_object_new_string(name));
		json_object_array_add(batch, m);
		json_object_object_add(map, name, json_object_new_string("")); /* filled below */
	}
	if (json_object_array_length(batch) > 0) {
		size_t k;
		if (call(c, "POST", "path.manufacturers", NULL, batch, false, &reply, err) != 0) { json_object_put(map); json_object_put(batch); return -1; }
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
	json_object_object_add(o, N(c, "f.vouchertype"), json_object_get(vt));
	json_object_object_add(o, N(c, "f.vouchername"), erpsync_conn_new_string_cut(code, 100));
	json_object_object_add(o, N(c, "f.vouchercode"), json_object_new_string(code));
	json_object_object_add(o, N(c, "f.vouchercomment"), erpsync_conn_new_string_cut(erpsync_conn_get_str(coupon, "description", ""), 200));
	if (strcmp(type, "percent") == 0) {
		erpsync_decimal whole;
		erpsync_dec_round(&amount, 0, &whole);
		if (erpsync_dec_cmp(&whole, &amount) != 0) {
			json_object_put(o);
			erpsync_conn_invalid(err, "coupon", "amount", "coupon %s: Sitoo takes whole percentages (value_x is an integer)", code);
			return NULL;
		}
		json_object_object_add(o, N(c, "f.value_x"), erpsync_conn_new_amount(&whole, 0, true));
	} else {
		json_object_object_add(o, N(c, "f.money_m"), erpsync_conn_new_amount(&amount, 2, false));
	}
	if (erpsync_conn_get_int(coupon, "usage_limit", 0) > 0) json_object_object_add(o, N(c, "f.maxuses"), json_object_new_int64(erpsync_conn_get_int(coupon, "usage_limit", 0)));
	if (*erpsync_conn_get_str(coupon, "date_expires", "")) {
		int64_t t = iso_to_unix(erpsync_conn_get_str(coupon, "date_expires", ""));
		if (t > 0) json_object_object_add(o, N(c, "f.dateend"), json_object_new_int64(t));
	}
	return o;
}

int sitoo_push_voucher(sitoo_ctx *c, json_object *coupon, json_object **out, erpsync_error *err)
{
	json_object *body = sitoo_build_voucher(c, coupon, err), *reply = NULL, *found = NULL;
	*out = NULL;
	if (!body) return -1;
	/* looked up by code first: a voucher whose create reply was lost is linked, never made twice */
	if (sitoo_find_voucher(c, erpsync_conn_get_str(body, N(c, "f.vouchercode"), ""), &found, err) != 0) { json_object_put(body); return -1; }
	if (found) {
		*out = json_object_new_object();
		json_object_object_add(*out, "remote_id", json_object_new_string(erpsync_conn_get_str(found, "voucherid", "")));
		json_object_object_add(*out, "created", json_object_new_boolean(0));
		json_object_put(found);
		json_object_put(body);
		return 0;
	}
	if (call(c, "POST", "path.vouchers", NULL, body, false, &reply, err) != 0) { json_object_put(body); return -1; }
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
	if (!digits(voucherid)) {
		erpsync_conn_invalid(err, "voucher", "voucherid", "Sitoo voucher: \"%s\" is not a voucherid", voucherid ? voucherid : "");
		return -1;
	}
	if (!(body = sitoo_build_voucher(c, coupon, err))) return -1;
	if (!json_object_object_get_ex(body, N(c, "f.dateend"), NULL)) json_object_object_add(body, N(c, "f.dateend"), NULL);
	rc = call(c, "PUT", "path.voucher", voucherid, body, true, &reply, err);
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
		json_object_object_add(it, N(c, "f.sku"), json_object_new_string(sku));
		json_object_object_add(it, N(c, "f.decimalquantity"), erpsync_conn_new_amount(&d, 3, false));
		json_object_array_add(items, it);
	}
	json_object_object_add(body, N(c, "f.transactiontype"), json_object_new_int(50));
	json_object_object_add(body, N(c, "f.comment"), json_object_new_string(comment ? comment : ""));
	if (call(c, "POST", "path.batches", NULL, body, false, &reply, err) != 0) { json_object_put(body); json_object_put(items); return -1; }
	json_object_put(body);
	snprintf(bid, sizeof(bid), "%s", reply ? json_object_get_string(reply) : "");
	json_object_put(reply);
	reply = NULL;
	if (!digits(bid)) {
		json_object_put(items);
		erpsync_error_protocol(err, "$", "Sitoo stocktaking: the batch was created but the reply carries no batch id");
		return -1;
	}
	if (call(c, "PUT", "path.batch_items", bid, items, true, &reply, err) != 0) { json_object_put(items); return -1; }
	json_object_put(reply);
	reply = NULL;
	json_object_put(items);
	body = json_object_new_object();
	json_object_object_add(body, N(c, "f.transactiontype"), json_object_new_int(50));
	json_object_object_add(body, N(c, "f.warehousebatchstate"), json_object_new_int(20));
	if (call(c, "PUT", "path.batch", bid, body, true, &reply, err) != 0) { json_object_put(body); return -1; }
	json_object_put(body);
	json_object_put(reply);
	*out = json_object_new_object();
	json_object_object_add(*out, "warehousebatchid", json_object_new_string(bid));
	json_object_object_add(*out, "committed", json_object_new_boolean(1));
	return 0;
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
		if (!add) json_object_object_add(o, N(c, "f.productid"), json_object_new_int64(pid));
		if (!del) {
			json_object_object_add(o, N(c, "f.sku"), json_object_new_string(sku));
			if (add || *erpsync_conn_get_str(pr, "name", "")) {
				json_object_object_add(o, N(c, "f.title"), erpsync_conn_new_string_cut(erpsync_conn_get_str(pr, "name", sku), 200));
			}
			if (erpsync_conn_get_dec(pr, "regular_price", &price) == ERPSYNC_DEC_OK) json_object_object_add(o, N(c, "f.moneyprice"), erpsync_conn_new_amount(&price, 2, false));
			if (*erpsync_conn_get_str(pr, "ean", "")) json_object_object_add(o, N(c, "f.barcode"), json_object_new_string(erpsync_conn_get_str(pr, "ean", "")));
			if (add && *erpsync_conn_get_str(pr, "short_description", "")) {
				json_object_object_add(o, N(c, "f.descriptionshort"), json_object_new_string(erpsync_conn_get_str(pr, "short_description", "")));
			}
		}
		json_object_array_add(body, o);
		slot[i] = (int) sent++;
	}
	if (sent > 0) {
		char p[256];
		erpsync_conn_request r;
		path(c, "path.products", p, sizeof(p));
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

int sitoo_warehouses(sitoo_ctx *c, json_object **out, erpsync_error *err)
{
	json_object *reply = NULL;
	*out = NULL;
	if (call(c, "GET", "path.warehouses", NULL, NULL, true, &reply, err) != 0) return -1;
	*out = json_object_get(erpsync_conn_get(reply, "items"));
	json_object_put(reply);
	if (!*out) *out = json_object_new_array();
	return 0;
}
