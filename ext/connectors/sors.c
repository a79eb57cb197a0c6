/* SORS connector engine (zval-free). See sors.h and docs/connectors/sors.md. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sors.h"
#include "erpsync_conn_money.h"
#include "json/erpsync_json.h"

#define SORS "SORS"

static const erpsync_conn_name_def sors_names[] = {
	{"path.databases", "databases"},
	{"path.business_units", "{database}/business-units"},
	{"path.price_types", "{database}/price-types"},
	{"path.stock_modes", "{database}/stock-modes"},
	{"path.product_groups", "{database}/product-groups"},
	{"path.products", "{database}/products"},
	{"path.product_images", "{database}/products/{id}/images"},
	{"path.stock", "{database}/stock"},
	{"path.customers", "{database}/customers"},
	{"path.customer_debt", "{database}/customers/{id}/debt"},
	{"path.documents", "{database}/documents"},
	{"path.document_create", "{database}/documents/{type}"},
	{"q.business_unit", "businessUnit"}, {"q.price_type", "priceType"}, {"q.stock_mode", "stockMode"},
	{"q.page", "page"}, {"q.page_size", "pageSize"}, {"q.pib", "pib"}, {"q.email", "email"},
	{"q.type", "type"}, {"q.external_number", "externalNumber"},
	/* document */
	{"doc.type", "documentType"}, {"doc.business_unit", "businessUnitId"}, {"doc.customer", "customerId"},
	{"doc.external_number", "externalNumber"}, {"doc.date", "date"}, {"doc.due_date", "dueDate"},
	{"doc.currency", "currency"}, {"doc.note", "note"}, {"doc.items", "items"},
	{"doc.price_type", "priceType"}, {"doc.payment_method", "paymentMethod"},
	{"doc.reference", "referenceNumber"},
	{"item.product", "productId"}, {"item.sku", "sku"}, {"item.name", "name"}, {"item.qty", "quantity"},
	{"item.price", "unitPrice"}, {"item.discount", "discountPercent"}, {"item.vat", "vatRate"},
	/* customer */
	{"customer.name", "name"}, {"customer.email", "email"}, {"customer.phone", "phone"},
	{"customer.address", "address"}, {"customer.city", "city"}, {"customer.postcode", "postalCode"},
	{"customer.country", "country"}, {"customer.pib", "pib"}, {"customer.reg", "registrationNumber"},
	{"customer.id", "id"},
	/* document reply */
	{"reply.document_id", "id"}, {"reply.document_number", "number"},
	/* product and stock rows (read into the matcher by fetchProductsInto / fetchStockInto) */
	{"product.id", "id"}, {"product.sku", "sku"}, {"product.barcode", "barcode"}, {"product.price", "price"},
	{"product.name", "name"}, {"product.group", "groupId"},
	{"stock.product", "productId"}, {"stock.sku", "sku"}, {"stock.quantity", "quantity"},
	{NULL, NULL}
};

static const char *const doc_types[] = { "invoice", "invoice-delivery-note", "reservation", "return", "delivery-note", NULL };

bool sors_document_type_valid(const char *t)
{
	size_t i;
	for (i = 0; doc_types[i]; i++) if (strcmp(doc_types[i], t) == 0) return true;
	return false;
}

static const char *N(sors_ctx *c, const char *key)
{
	return erpsync_conn_name(&c->names, key);
}

void sors_ctx_init(sors_ctx *c, json_object *settings, erpsync_http_client *http)
{
	memset(c, 0, sizeof(*c));
	c->settings = settings;
	c->http = http;
	erpsync_conn_names_init(&c->names, SORS, sors_names, settings);
}

static const char *database(sors_ctx *c)
{
	if (strcmp(erpsync_conn_get_str(c->settings, "mode", "live"), "test") == 0) {
		return erpsync_conn_get_str(c->settings, "test_database", "Demo2");
	}
	return erpsync_conn_get_str(c->settings, "database", "");
}

bool sors_validate_settings(sors_ctx *c, erpsync_error *err)
{
	const char *mode = erpsync_conn_get_str(c->settings, "mode", "live");
	const char *t = erpsync_conn_get_str(c->settings, "document_type", "invoice");
	if (strcmp(mode, "live") != 0 && strcmp(mode, "test") != 0) {
		erpsync_conn_invalid(err, "settings", "settings.mode", "SORS settings: mode must be \"live\" or \"test\"");
		return false;
	}
	if (strcmp(erpsync_conn_get_str(c->settings, "tax_rounding", "line"), "line") != 0
	 && strcmp(erpsync_conn_get_str(c->settings, "tax_rounding", "line"), "document") != 0) {
		erpsync_conn_invalid(err, "settings", "settings.tax_rounding", "SORS settings: tax_rounding must be \"line\" or \"document\"");
		return false;
	}
	if (!sors_document_type_valid(t)) {
		erpsync_conn_invalid(err, "settings", "settings.document_type",
			"SORS settings: document_type must be invoice, invoice-delivery-note, reservation, return or delivery-note");
		return false;
	}
	return erpsync_conn_names_check(&c->names, err);
}

/* Fills {database}, {id}, {type} of a path template into buf; false (err) when the database is not chosen. */
static bool fill_path(sors_ctx *c, const char *tpl, const char *id, const char *type, char *buf, size_t size, erpsync_error *err)
{
	size_t j = 0;
	const char *db = database(c);
	while (*tpl && j + 1 < size) {
		const char *val = NULL;
		size_t skip = 0;
		if (strncmp(tpl, "{database}", 10) == 0) { val = db; skip = 10; }
		else if (strncmp(tpl, "{id}", 4) == 0) { val = id ? id : ""; skip = 4; }
		else if (strncmp(tpl, "{type}", 6) == 0) { val = type ? type : ""; skip = 6; }
		if (skip) {
			if (skip == 10 && !*db) {
				erpsync_conn_invalid(err, "settings", "settings.database", "SORS settings: no database is chosen");
				return false;
			}
			for (; *val && j + 1 < size; val++) {
				/* path segments: keep unreserved characters, percent-encode the rest */
				unsigned char ch = (unsigned char) *val;
				if (isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
					buf[j++] = (char) ch;
				} else if (j + 4 < size) {
					j += (size_t) snprintf(buf + j, size - j, "%%%02X", ch);
				}
			}
			tpl += skip;
		} else {
			buf[j++] = *tpl++;
		}
	}
	buf[j] = '\0';
	return true;
}

/* ------------------------------------------------------------------------- documents */

static int places_setting(sors_ctx *c, const char *key, int def)
{
	int64_t p = erpsync_conn_get_int(c->settings, key, def);
	return (p < 0 || p > 10) ? def : (int) p;
}

static bool doc_rounding(sors_ctx *c)
{
	return strcmp(erpsync_conn_get_str(c->settings, "tax_rounding", "line"), "document") == 0;
}

static const char *const line_setting[] = {NULL, "shipping_sku", "fee_sku", "rounding_sku"};

/* The order's lines (items, shipping, fees, rounding) as document items whose arithmetic lands on the order's
 * totals: docs/connectors/sors.md, "Rounding rule". NULL + err. */
static json_object *document_lines(sors_ctx *c, json_object *order, json_object *items, const char *subject,
                                   erpsync_error *err)
{
	static const char *const what[] = {"item", "shipping", "fee", "rounding"};
	erpsync_money_net_rules rules;
	erpsync_money_doc doc;
	erpsync_money_netline *ml = NULL;
	json_object *lines;
	size_t mn = 0, i;
	int pp = places_setting(c, "price_decimals", 6);

	rules.price_places = pp;
	rules.disc_places = places_setting(c, "discount_decimals", 8);
	rules.doc_rounding = doc_rounding(c);
	rules.rate_ok = NULL;
	rules.ud = NULL;
	if (!erpsync_money_read(order, subject, &doc, err)) return NULL;
	if (!erpsync_money_net_plan(&doc, &rules, &ml, &mn, err)) {
		erpsync_money_doc_free(&doc);
		return NULL;
	}
	lines = json_object_new_array();
	for (i = 0; i < mn; i++) {
		const erpsync_money_netline *ln = &ml[i];
		json_object *src = i < doc.n ? doc.lines[i].src : NULL, *l;
		const char *code, *name;
		if (ln->kind == ERPSYNC_MONEY_ITEM) {
			src = json_object_array_get_idx(items, ln->index);
			code = erpsync_conn_get_str(src, "sku", "");
			name = erpsync_conn_get_str(src, "name", "");
		} else {
			code = erpsync_conn_get_str(c->settings, line_setting[ln->kind], NULL);
			name = ln->kind == ERPSYNC_MONEY_ROUNDING ? erpsync_conn_get_str(c->settings, "rounding_name", "Rounding")
				: erpsync_conn_get_str(src, ln->kind == ERPSYNC_MONEY_SHIPPING ? "method_title" : "name", what[ln->kind]);
		}
		if (!code) {
			char field[64];
			snprintf(field, sizeof(field), "settings.%s", line_setting[ln->kind]);
			if (ln->kind == ERPSYNC_MONEY_ROUNDING) {
				erpsync_conn_invalid(err, subject, field, "%s: SORS's VAT arithmetic differs from WooCommerce's on this order by "
					"a few cents, which needs a rounding item, but settings.rounding_sku (its SORS product code) is not set", subject);
			} else {
				erpsync_conn_invalid(err, subject, field, "%s: the order has a %s charge but settings.%s is not set",
					subject, what[ln->kind], line_setting[ln->kind]);
			}
			free(ml);
			erpsync_money_doc_free(&doc);
			json_object_put(lines);
			return NULL;
		}
		l = json_object_new_object();
		json_object_object_add(l, N(c, "item.sku"), json_object_new_string(code));
		json_object_object_add(l, N(c, "item.name"), erpsync_conn_new_string_cut(name, 100));
		json_object_object_add(l, N(c, "item.qty"), erpsync_conn_new_amount(&ln->qty, ln->qty.scale > 3 ? 3 : ln->qty.scale, true));
		json_object_object_add(l, N(c, "item.price"), erpsync_conn_new_amount(&ln->price, pp, true));
		json_object_object_add(l, N(c, "item.discount"), erpsync_conn_new_amount(&ln->disc, ln->disc.scale, true));
		json_object_object_add(l, N(c, "item.vat"), erpsync_conn_new_amount(&ln->rate, ln->rate.scale > 2 ? 2 : ln->rate.scale, true));
		json_object_array_add(lines, l);
	}
	free(ml);
	erpsync_money_doc_free(&doc);
	return lines;
}

bool sors_reconcile(sors_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                    erpsync_money_totals *want, erpsync_error *err)
{
	erpsync_money_net_fields f;
	f.code = N(c, "item.sku");
	f.qty = N(c, "item.qty");
	f.price = N(c, "item.price");
	f.discount = N(c, "item.discount");
	f.vat = N(c, "item.vat");
	f.settings = c->settings;
	f.kind_setting = line_setting;
	f.rate_of = NULL; /* vatRate is the percentage */
	f.ud = NULL;
	return erpsync_money_net_reconcile_doc(SORS, order, erpsync_conn_get(payload, N(c, "doc.items")), &f, doc_rounding(c),
		got, want, err);
}

json_object *sors_build_document(sors_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	erpsync_money_totals got, want;
	json_object *o = sors_build_document_unchecked(c, order, ctx, err);
	if (o && !sors_reconcile(c, order, o, &got, &want, err)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}


json_object *sors_build_document_unchecked(sors_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	const char *number = erpsync_conn_get_str(order, "number", NULL);
	const char *customer = erpsync_conn_get_str(ctx, "customer_remote_id", NULL);
	const char *unit = erpsync_conn_get_str(c->settings, "business_unit", NULL);
	json_object *o, *items, *lines;
	size_t i, n;

	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!number) {
		erpsync_conn_invalid(err, subject, "number", "%s: the order number is missing", subject);
		return NULL;
	}
	if (!unit) {
		erpsync_conn_invalid(err, "settings", "settings.business_unit", "SORS settings: no business unit is chosen");
		return NULL;
	}
	if (!customer) {
		customer = erpsync_conn_get_str(c->settings, "default_customer", NULL);
	}
	if (!customer) {
		erpsync_conn_invalid(err, subject, "customer_remote_id", "%s: no SORS customer for the order (find or create it first)", subject);
		return NULL;
	}
	if (strlen(erpsync_conn_get_str(order, "date_created", "")) < 10) {
		erpsync_conn_invalid(err, subject, "date_created", "%s: date_created is missing", subject);
		return NULL;
	}
	if (!(items = erpsync_conn_order_lines(order, subject, &n, err))) {
		return NULL;
	}
	/* every item line checked first (SKU, quantity, amounts, rate); then the money planned as a whole */
	for (i = 0; i < n; i++) {
		json_object *li = json_object_array_get_idx(items, i);
		const char *sku = erpsync_conn_get_str(li, "sku", NULL);
		erpsync_decimal q, rate, unitp, disc;
		if (!sku) {
			erpsync_conn_invalid(err, subject, "", "%s: line %zu (%s) has no SKU", subject, i + 1, erpsync_conn_get_str(li, "name", "unnamed"));
			snprintf(err->field, sizeof(err->field), "line_items[%zu].sku", i);
			return NULL;
		}
		if (!erpsync_conn_line_amounts(li, i, subject, sku, 4, &q, &unitp, &disc, &rate, err)) {
			return NULL;
		}
	}
	if (!(lines = document_lines(c, order, items, subject, err))) {
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, N(c, "doc.type"), json_object_new_string(erpsync_conn_get_str(c->settings, "document_type", "invoice")));
	json_object_object_add(o, N(c, "doc.business_unit"), json_object_new_string(unit));
	json_object_object_add(o, N(c, "doc.customer"), json_object_new_string(customer));
	json_object_object_add(o, N(c, "doc.external_number"), json_object_new_string(number));
	{
		char day[11];
		memcpy(day, erpsync_conn_get_str(order, "date_created", ""), 10);
		day[10] = '\0';
		json_object_object_add(o, N(c, "doc.date"), json_object_new_string(day));
	}
	json_object_object_add(o, N(c, "doc.currency"), json_object_new_string(erpsync_conn_get_str(order, "currency", "RSD")));
	if (erpsync_conn_get(c->settings, "price_type")) {
		json_object_object_add(o, N(c, "doc.price_type"), json_object_new_string(erpsync_conn_get_str(c->settings, "price_type", "")));
	}
	json_object_object_add(o, N(c, "doc.payment_method"), json_object_new_string(erpsync_conn_get_str(order, "payment_method_title", erpsync_conn_get_str(order, "payment_method", ""))));
	json_object_object_add(o, N(c, "doc.note"), erpsync_conn_new_string_cut(erpsync_conn_get_str(order, "customer_note", ""), 500));
	json_object_object_add(o, N(c, "doc.items"), lines);
	{
		/* extra document fields (notes, references) from a mapping: payload name -> snapshot path, @context, =fixed */
		json_object *extras = erpsync_conn_get(c->settings, "extra_fields");
		if (extras && json_object_is_type(extras, json_type_object)) {
			json_object_object_foreach(extras, ek, ev) {
				json_object_object_add(o, ek, erpsync_conn_new_string_cut(erpsync_conn_extra_value(json_object_get_string(ev), order, ctx), 500));
			}
		}
	}
	return o;
}

static json_object *doc_result(sors_ctx *c, json_object *row, const char *fallback)
{
	json_object *r = json_object_new_object();
	json_object_object_add(r, "remote_id", json_object_new_string(erpsync_conn_get_str(row, N(c, "reply.document_id"), fallback)));
	json_object_object_add(r, "remote_number", json_object_new_string(erpsync_conn_get_str(row, N(c, "reply.document_number"), fallback)));
	return r;
}

int sors_find_document(sors_ctx *c, json_object *order, json_object **out, erpsync_error *err)
{
	erpsync_http_kv q[2];
	json_object *list = NULL;
	const char *number = erpsync_conn_get_str(order, "number", NULL);
	size_t i, n;
	*out = NULL;
	if (!number) {
		erpsync_conn_invalid(err, "order", "number", "the order number is missing");
		return -1;
	}
	q[0].name = N(c, "q.type"); q[0].value = erpsync_conn_get_str(c->settings, "document_type", "invoice");
	q[1].name = N(c, "q.external_number"); q[1].value = number;
	if (sors_get(c, "path.documents", NULL, q, 2, &list, err) != 0) return -1;
	n = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
	for (i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(list, i);
		/* trust the filter only when the row confirms it: a server ignoring the filter must not link a stranger */
		if (strcmp(erpsync_conn_get_str(row, N(c, "doc.external_number"), ""), number) == 0) {
			*out = doc_result(c, row, number);
			break;
		}
	}
	json_object_put(list);
	return 0;
}

int sors_export_document(sors_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err)
{
	json_object *body = sors_build_document(c, order, ctx, err), *found = NULL, *reply = NULL, *payload;
	erpsync_conn_request r;
	char path[512];
	char *sent = NULL;
	long status = 0;

	*out = NULL;
	if (!body) return -1;
	if (sors_find_document(c, order, &found, err) != 0) { json_object_put(body); return -1; }
	if (found) {
		json_object_object_add(found, "created", json_object_new_boolean(0));
		json_object_object_add(found, "payload", json_object_new_string(json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)));
		json_object_put(body);
		*out = found;
		return 0;
	}
	if (!fill_path(c, N(c, "path.document_create"), NULL, erpsync_conn_get_str(c->settings, "document_type", "invoice"), path, sizeof(path), err)) {
		json_object_put(body);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.method = "POST"; r.path = path; r.body = body;
	if (erpsync_conn_call(c->http, SORS, &r, &reply, &status, &sent, err) != 0) { json_object_put(body); return -1; }
	payload = erpsync_conn_unwrap(reply, NULL, SORS, err);
	if (erpsync_error_isset(err)) { free(sent); json_object_put(reply); json_object_put(body); return -1; }
	*out = doc_result(c, payload, erpsync_conn_get_str(order, "number", ""));
	json_object_object_add(*out, "created", json_object_new_boolean(1));
	json_object_object_add(*out, "status", json_object_new_int((int) status));
	json_object_object_add(*out, "payload", json_object_new_string(sent ? sent : ""));
	free(sent);
	json_object_put(reply);
	json_object_put(body);
	return 0;
}

/*
 * A return document for an order that was exported and then cancelled or refunded: the same document as the
 * order's (same lines and external number, erp-apis.md §1 lists "returns" among the outbound documents), of type
 * "return", with the number of the original document in doc.reference. Sent through sors_export_document with
 * a copy of the settings whose document_type is "return", so the lookup before the send (type + external number)
 * finds a return sent earlier and nothing is sent twice.
 */
static int with_return_settings(sors_ctx *c, json_object *ctx, sors_ctx *rc, json_object **copy, erpsync_error *err)
{
	json_object *extras = NULL, *ex;
	const char *ref = erpsync_conn_get_str(ctx, "original_number", NULL);
	*copy = NULL;
	if (!ref) {
		erpsync_conn_invalid(err, "return", "original_number", "SORS return: the number of the original document is missing");
		return -1;
	}
	if (json_object_deep_copy(c->settings, copy, NULL) != 0 || !*copy) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "SORS return: out of memory");
		return -1;
	}
	json_object_object_add(*copy, "document_type", json_object_new_string("return"));
	/* the reference rides on the extra-field mapping the builder already applies (payload name -> "@context key") */
	if (!json_object_object_get_ex(*copy, "extra_fields", &extras) || !json_object_is_type(extras, json_type_object)) {
		ex = json_object_new_object();
		json_object_object_add(*copy, "extra_fields", ex);
		extras = ex;
	}
	json_object_object_add(extras, N(c, "doc.reference"), json_object_new_string("@original_number"));
	sors_ctx_init(rc, *copy, c->http);
	return 0;
}

json_object *sors_build_return(sors_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	sors_ctx rc;
	json_object *copy = NULL, *o;
	if (with_return_settings(c, ctx, &rc, &copy, err) != 0) return NULL;
	o = sors_build_document(&rc, order, ctx, err);
	json_object_put(copy);
	return o;
}

int sors_find_return(sors_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err)
{
	sors_ctx rc;
	json_object *copy = NULL;
	int r;
	*out = NULL;
	if (with_return_settings(c, ctx, &rc, &copy, err) != 0) return -1;
	r = sors_find_document(&rc, order, out, err);
	json_object_put(copy);
	return r;
}

int sors_export_return(sors_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err)
{
	sors_ctx rc;
	json_object *copy = NULL;
	int r;
	*out = NULL;
	if (with_return_settings(c, ctx, &rc, &copy, err) != 0) return -1;
	r = sors_export_document(&rc, order, ctx, out, err);
	json_object_put(copy);
	return r;
}

/* ------------------------------------------------------------------------- customers */

/* PIB: 9 digits (Serbian tax number); "RS" prefix and separators dropped. */
static bool norm_pib(const char *s, char *buf, size_t size)
{
	size_t j = 0;
	if (s && (s[0] == 'R' || s[0] == 'r') && (s[1] == 'S' || s[1] == 's')) s += 2;
	for (; s && *s && j + 1 < size; s++) {
		if (isdigit((unsigned char) *s)) buf[j++] = *s;
		else if (!(*s == ' ' || *s == '-' || *s == '.')) { buf[0] = '\0'; return false; }
	}
	buf[j] = '\0';
	if (j != 9) { buf[0] = '\0'; return false; }
	return true;
}

/*
 * Whose tax number is it? Only a Serbian one is a PIB (and checked as one): a number with the RS prefix, or one
 * without a country prefix (two letters before the digits) of a customer in Serbia (or of no country given). A number with another country's
 * prefix (DE123456789), or any number of a customer outside Serbia, is a foreign VAT number: SORS has no field
 * for it (erp-apis.md §1 lists PIB only), so the customer is sent without PIB, never refused for it.
 */
bool sors_vat_is_foreign(const char *vat, const char *country)
{
	const char *v = vat ? vat : "";
	while (*v == ' ') v++;
	if (!*v) return false;
	if (isalpha((unsigned char) v[0]) && isalpha((unsigned char) v[1])) {
		/* a country prefix is two letters before the digits (ATU12345678 and CHE-123.456.789 have one more) */
		const char *d = v + 2;
		if (isalpha((unsigned char) *d) && (toupper((unsigned char) v[0]) == 'A' || toupper((unsigned char) v[0]) == 'C')) d++;
		while (*d == ' ' || *d == '-' || *d == '.') d++;
		if (isdigit((unsigned char) *d)) {
			return !(toupper((unsigned char) v[0]) == 'R' && toupper((unsigned char) v[1]) == 'S');
		}
	}
	return country && *country && strcmp(country, "RS") != 0 && strcmp(country, "rs") != 0;
}

json_object *sors_build_customer(sors_ctx *c, json_object *cu, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN], name[512], pib[32];
	const char *email = erpsync_conn_get_str(cu, "email", "");
	const char *company = erpsync_conn_get_str(cu, "company", "");
	const char *vat = erpsync_conn_get_str(cu, "vat_number", "");
	json_object *o;
	bool foreign;

	snprintf(subject, sizeof(subject), "customer %s", *email ? email : "(no email)");
	if (!erpsync_conn_email_valid(email)) {
		erpsync_conn_invalid(err, subject, "email", "%s: the email address is missing or not valid", subject);
		return NULL;
	}
	foreign = sors_vat_is_foreign(vat, erpsync_conn_get_str(cu, "country", ""));
	if (*vat && !foreign && !norm_pib(vat, pib, sizeof(pib))) {
		erpsync_conn_invalid(err, subject, "vat_number", "%s: \"%s\" is not a Serbian PIB (9 digits, optionally with the RS prefix)", subject, vat);
		return NULL;
	}
	if (!*vat || foreign) pib[0] = '\0';
	if (*company) snprintf(name, sizeof(name), "%s", company);
	else snprintf(name, sizeof(name), "%s %s", erpsync_conn_get_str(cu, "first_name", ""), erpsync_conn_get_str(cu, "last_name", ""));
	if (strspn(name, " ") == strlen(name)) {
		erpsync_conn_invalid(err, subject, "last_name", "%s: neither a company nor a name is given", subject);
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, N(c, "customer.name"), erpsync_conn_new_string_cut(name, 100));
	json_object_object_add(o, N(c, "customer.email"), json_object_new_string(email));
	json_object_object_add(o, N(c, "customer.phone"), json_object_new_string(erpsync_conn_get_str(cu, "phone", "")));
	json_object_object_add(o, N(c, "customer.address"), erpsync_conn_new_string_cut(erpsync_conn_get_str(cu, "address_1", ""), 100));
	json_object_object_add(o, N(c, "customer.city"), erpsync_conn_new_string_cut(erpsync_conn_get_str(cu, "city", ""), 50));
	json_object_object_add(o, N(c, "customer.postcode"), json_object_new_string(erpsync_conn_get_str(cu, "postcode", "")));
	json_object_object_add(o, N(c, "customer.country"), json_object_new_string(erpsync_conn_get_str(cu, "country", "RS")));
	json_object_object_add(o, N(c, "customer.pib"), json_object_new_string(pib));
	json_object_object_add(o, N(c, "customer.reg"), json_object_new_string(erpsync_conn_get_str(cu, "company_number", "")));
	return o;
}

static json_object *customer_result(sors_ctx *c, json_object *row, const char *by)
{
	json_object *r = json_object_new_object();
	json_object_object_add(r, "remote_id", json_object_new_string(erpsync_conn_get_str(row, N(c, "customer.id"), "")));
	json_object_object_add(r, "name", json_object_new_string(erpsync_conn_get_str(row, N(c, "customer.name"), "")));
	json_object_object_add(r, "matched_by", json_object_new_string(by));
	return r;
}

int sors_find_customer(sors_ctx *c, json_object *cu, json_object **out, erpsync_error *err)
{
	char pib[32], email[256];
	json_object *list = NULL;
	erpsync_http_kv q[1];
	size_t i, n;
	*out = NULL;
	/* a foreign VAT number is not looked up as a PIB: the customer is found by email */
	if (!sors_vat_is_foreign(erpsync_conn_get_str(cu, "vat_number", ""), erpsync_conn_get_str(cu, "country", ""))
		&& norm_pib(erpsync_conn_get_str(cu, "vat_number", ""), pib, sizeof(pib))) {
		q[0].name = N(c, "q.pib"); q[0].value = pib;
		if (sors_get(c, "path.customers", NULL, q, 1, &list, err) != 0) return -1;
		n = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
		for (i = 0; i < n && !*out; i++) {
			char other[32];
			json_object *row = json_object_array_get_idx(list, i);
			if (norm_pib(erpsync_conn_get_str(row, N(c, "customer.pib"), ""), other, sizeof(other)) && strcmp(other, pib) == 0) {
				*out = customer_result(c, row, "vat_number");
			}
		}
		json_object_put(list);
		list = NULL;
		if (*out) return 0;
	}
	erpsync_conn_ascii_lower(erpsync_conn_get_str(cu, "email", ""), email, sizeof(email));
	if (!*email) return 0;
	q[0].name = N(c, "q.email"); q[0].value = email;
	if (sors_get(c, "path.customers", NULL, q, 1, &list, err) != 0) return -1;
	n = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
	for (i = 0; i < n && !*out; i++) {
		char other[256];
		json_object *row = json_object_array_get_idx(list, i);
		erpsync_conn_ascii_lower(erpsync_conn_get_str(row, N(c, "customer.email"), ""), other, sizeof(other));
		if (strcmp(other, email) == 0) *out = customer_result(c, row, "email");
	}
	json_object_put(list);
	return 0;
}

int sors_create_customer(sors_ctx *c, json_object *cu, json_object **out, erpsync_error *err)
{
	json_object *body = sors_build_customer(c, cu, err), *reply = NULL, *payload;
	erpsync_conn_request r;
	char path[512];
	*out = NULL;
	if (!body) return -1;
	if (!fill_path(c, N(c, "path.customers"), NULL, NULL, path, sizeof(path), err)) { json_object_put(body); return -1; }
	memset(&r, 0, sizeof(r));
	r.method = "POST"; r.path = path; r.body = body;
	if (erpsync_conn_call(c->http, SORS, &r, &reply, NULL, NULL, err) != 0) { json_object_put(body); return -1; }
	json_object_put(body);
	payload = erpsync_conn_unwrap(reply, NULL, SORS, err);
	if (erpsync_error_isset(err)) { json_object_put(reply); return -1; }
	if (!*erpsync_conn_get_str(payload, N(c, "customer.id"), "")) {
		json_object_put(reply);
		erpsync_error_protocol(err, "$.data.id", "SORS: the customer was created but the reply carries no id");
		return -1;
	}
	*out = customer_result(c, payload, "created");
	json_object_object_add(*out, "created", json_object_new_boolean(1));
	if (sors_vat_is_foreign(erpsync_conn_get_str(cu, "vat_number", ""), erpsync_conn_get_str(cu, "country", ""))) {
		/* said back so the caller can note it on the order: the customer went without PIB */
		json_object_object_add(*out, "vat_not_sent", json_object_new_string(erpsync_conn_get_str(cu, "vat_number", "")));
	}
	json_object_put(reply);
	return 0;
}

/* ----------------------------------------------------------------------------- lists */

int sors_get(sors_ctx *c, const char *path_key, const char *id, const erpsync_http_kv *q, size_t nq,
             json_object **out, erpsync_error *err)
{
	char path[512];
	erpsync_conn_request r;
	json_object *reply = NULL, *list;
	*out = NULL;
	if (!fill_path(c, N(c, path_key), id, NULL, path, sizeof(path), err)) return -1;
	memset(&r, 0, sizeof(r));
	r.method = "GET"; r.path = path; r.query = q; r.query_count = nq;
	if (erpsync_conn_call(c->http, SORS, &r, &reply, NULL, NULL, err) != 0) return -1;
	list = erpsync_conn_unwrap(reply, NULL, SORS, err);
	if (erpsync_error_isset(err)) { json_object_put(reply); return -1; }
	*out = list ? json_object_get(list) : json_object_new_array();
	json_object_put(reply);
	return 0;
}

/* The request and page-number pagination of a SORS list path; false with err set when the path cannot be built. */
static int sors_paged_setup(sors_ctx *c, const char *path_key, const erpsync_http_kv *q, size_t nq, long page_size,
                            char *path, size_t path_len, erpsync_http_request *req, erpsync_http_pagination *pg,
                            erpsync_error *err)
{
	if (!fill_path(c, N(c, path_key), NULL, NULL, path, path_len, err)) return 0;
	memset(req, 0, sizeof(*req));
	memset(pg, 0, sizeof(*pg));
	req->method = "GET"; req->path = path; req->query = q; req->query_count = nq;
	pg->style = ERPSYNC_HTTP_PAGE_PAGE;
	pg->index_param = N(c, "q.page");
	pg->size_param = N(c, "q.page_size");
	pg->page_size = page_size > 0 ? page_size : 500;
	pg->first_index = -1;
	return 1;
}

long sors_paged_raw(sors_ctx *c, const char *path_key, const erpsync_http_kv *q, size_t nq, long page_size,
                    erpsync_http_raw_page_fn on_page, void *ud, erpsync_error *err)
{
	char path[512];
	erpsync_http_request req;
	erpsync_http_pagination pg;
	if (!sors_paged_setup(c, path_key, q, nq, page_size, path, sizeof(path), &req, &pg, err)) return -1;
	return erpsync_http_paginate_raw(c->http, &req, &pg, on_page, ud, err);
}

long sors_paged(sors_ctx *c, const char *path_key, const erpsync_http_kv *q, size_t nq, long page_size,
                erpsync_http_page_fn on_page, void *ud, erpsync_error *err)
{
	char path[512];
	erpsync_http_request req;
	erpsync_http_pagination pg;
	if (!sors_paged_setup(c, path_key, q, nq, page_size, path, sizeof(path), &req, &pg, err)) return -1;
	return erpsync_http_paginate(c->http, &req, &pg, on_page, ud, err);
}
