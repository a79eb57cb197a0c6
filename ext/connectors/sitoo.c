/*
 * Sitoo POS connector engine (zval-free): names and paths, settings' validation, the SKU rule, and the helpers the
 * engine's files share (sitoo_internal.h says which file does what).
 *
 * Facts relied on (erp-apis.md §3, ../shared/reference/sitoo-openapi/): HTTP Basic; paths below
 * /v2/accounts/{accountid} end in .json; {siteid} is the eshopid [SEEN]; SKU characters letters, digits,
 * _ + - . / (erp-apis.md reading of the rule). The facts each part relies on head its file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sitoo_internal.h"

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

void sitoo_path(sitoo_ctx *c, const char *key, const char *id, char *buf, size_t size)
{
	path_order(c, key, id, buf, size);
}

const char *sitoo_name(sitoo_ctx *c, const char *key)
{
	return N(c, key);
}

/* ------------------------------------------------------------------------------ shared by the engine's files */

bool sitoo_externalid(sitoo_ctx *c, json_object *order, char *buf, size_t size)
{
	int64_t id = erpsync_conn_get_int(order, "id", 0);
	if (id <= 0) return false;
	snprintf(buf, size, "%s%lld", erpsync_conn_get_str(c->settings, "externalid_prefix", "wc-"), (long long) id);
	return strlen(buf) <= 40;
}

int64_t sitoo_iso_to_unix(const char *s)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) < 3) return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d; tm.tm_hour = h; tm.tm_min = mi; tm.tm_sec = se;
	return (int64_t) timegm(&tm);
}

bool sitoo_digits_only(const char *s)
{
	if (!s || !*s) return false;
	for (; *s; s++) if (!isdigit((unsigned char) *s)) return false;
	return true;
}

/* One call: method + path (with {orderid} = id) + body; reply returned (caller puts). */
int sitoo_call(sitoo_ctx *c, const char *method, const char *key, const char *id, json_object *body, bool idem,
               json_object **reply, erpsync_error *err)
{
	char p[300];
	erpsync_conn_request r;
	path_order(c, key, id, p, sizeof(p));
	memset(&r, 0, sizeof(r));
	r.method = method; r.path = p; r.body = body; r.idempotent = idem;
	return erpsync_conn_call(c->http, SITOO, &r, reply, NULL, NULL, err);
}
