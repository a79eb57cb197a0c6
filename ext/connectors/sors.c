/* SORS connector engine (zval-free). See sors.h and docs/connectors/sors.md. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sors.h"
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
	{"item.product", "productId"}, {"item.sku", "sku"}, {"item.name", "name"}, {"item.qty", "quantity"},
	{"item.price", "unitPrice"}, {"item.discount", "discountPercent"}, {"item.vat", "vatRate"},
	/* customer */
	{"customer.name", "name"}, {"customer.email", "email"}, {"customer.phone", "phone"},
	{"customer.address", "address"}, {"customer.city", "city"}, {"customer.postcode", "postalCode"},
	{"customer.country", "country"}, {"customer.pib", "pib"}, {"customer.reg", "registrationNumber"},
	{"customer.id", "id"},
	/* document reply */
	{"reply.document_id", "id"}, {"reply.document_number", "number"},
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

json_object *sors_build_document(sors_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	const char *number = erpsync_conn_get_str(order, "number", NULL);
	const char *customer = erpsync_conn_get_str(ctx, "customer_remote_id", NULL);
	const char *unit = erpsync_conn_get_str(c->settings, "business_unit", NULL);
	json_object *o, *items, *lines;
	size_t i, n;
	erpsync_decimal zero;

	erpsync_dec_zero(&zero);
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
	lines = json_object_new_array();
	for (i = 0; i < n; i++) {
		json_object *li = json_object_array_get_idx(items, i), *l;
		const char *sku = erpsync_conn_get_str(li, "sku", NULL);
		erpsync_decimal q, rate, unitp, disc;
		if (!sku) {
			erpsync_conn_invalid(err, subject, "", "%s: line %zu (%s) has no SKU", subject, i + 1, erpsync_conn_get_str(li, "name", "unnamed"));
			snprintf(err->field, sizeof(err->field), "line_items[%zu].sku", i);
			goto fail;
		}
		if (!erpsync_conn_line_amounts(li, i, subject, sku, 4, &q, &unitp, &disc, &rate, err)) {
			goto fail;
		}
		l = json_object_new_object();
		json_object_object_add(l, N(c, "item.sku"), json_object_new_string(sku));
		json_object_object_add(l, N(c, "item.name"), erpsync_conn_new_string_cut(erpsync_conn_get_str(li, "name", ""), 100));
		json_object_object_add(l, N(c, "item.qty"), erpsync_conn_new_amount(&q, 3, true));
		json_object_object_add(l, N(c, "item.price"), erpsync_conn_new_amount(&unitp, 4, true));
		json_object_object_add(l, N(c, "item.discount"), erpsync_conn_new_amount(&disc, 2, true));
		json_object_object_add(l, N(c, "item.vat"), erpsync_conn_new_amount(&rate, 2, true));
		json_object_array_add(lines, l);
	}
	{
		/* shipping as an item with its own code when it costs something */
		erpsync_decimal ship, rate, one;
		const char *code = erpsync_conn_get_str(c->settings, "shipping_sku", NULL);
		if (erpsync_conn_get_dec(order, "shipping_total", &ship) == ERPSYNC_DEC_OK && !erpsync_dec_is_zero(&ship)) {
			json_object *l;
			if (!code) {
				erpsync_conn_invalid(err, subject, "shipping_total", "%s: the order has a shipping charge but settings.shipping_sku is not set", subject);
				goto fail;
			}
			if (erpsync_conn_get_dec(order, "shipping_lines.0.tax_rate_percent", &rate) != ERPSYNC_DEC_OK) erpsync_dec_zero(&rate);
			erpsync_dec_from_int(1, &one);
			l = json_object_new_object();
			json_object_object_add(l, N(c, "item.sku"), json_object_new_string(code));
			json_object_object_add(l, N(c, "item.name"), json_object_new_string(erpsync_conn_get_str(order, "shipping_lines.0.method_title", "Shipping")));
			json_object_object_add(l, N(c, "item.qty"), erpsync_conn_new_amount(&one, 3, true));
			json_object_object_add(l, N(c, "item.price"), erpsync_conn_new_amount(&ship, 4, true));
			json_object_object_add(l, N(c, "item.discount"), json_object_new_int(0));
			json_object_object_add(l, N(c, "item.vat"), erpsync_conn_new_amount(&rate, 2, true));
			json_object_array_add(lines, l);
		}
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
fail:
	json_object_put(lines);
	return NULL;
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
	return j > 0;
}

json_object *sors_build_customer(sors_ctx *c, json_object *cu, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN], name[512], pib[32];
	const char *email = erpsync_conn_get_str(cu, "email", "");
	const char *company = erpsync_conn_get_str(cu, "company", "");
	const char *vat = erpsync_conn_get_str(cu, "vat_number", "");
	json_object *o;

	snprintf(subject, sizeof(subject), "customer %s", *email ? email : "(no email)");
	if (!erpsync_conn_email_valid(email)) {
		erpsync_conn_invalid(err, subject, "email", "%s: the email address is missing or not valid", subject);
		return NULL;
	}
	if (*vat && !norm_pib(vat, pib, sizeof(pib))) {
		erpsync_conn_invalid(err, subject, "vat_number", "%s: the PIB may hold only digits (and an RS prefix)", subject);
		return NULL;
	}
	if (!*vat) pib[0] = '\0';
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
	if (norm_pib(erpsync_conn_get_str(cu, "vat_number", ""), pib, sizeof(pib))) {
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

long sors_paged(sors_ctx *c, const char *path_key, const erpsync_http_kv *q, size_t nq, long page_size,
                erpsync_http_page_fn on_page, void *ud, erpsync_error *err)
{
	char path[512];
	erpsync_http_request req;
	erpsync_http_pagination pg;
	if (!fill_path(c, N(c, path_key), NULL, NULL, path, sizeof(path), err)) return -1;
	memset(&req, 0, sizeof(req));
	memset(&pg, 0, sizeof(pg));
	req.method = "GET"; req.path = path; req.query = q; req.query_count = nq;
	pg.style = ERPSYNC_HTTP_PAGE_PAGE;
	pg.index_param = N(c, "q.page");
	pg.size_param = N(c, "q.page_size");
	pg.page_size = page_size > 0 ? page_size : 500;
	pg.first_index = -1;
	return erpsync_http_paginate(c->http, &req, &pg, on_page, ud, err);
}
