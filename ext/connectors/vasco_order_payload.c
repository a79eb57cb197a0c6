/*
 * VASCO connector engine: the order document (FA/narociloKupca) built from an order snapshot — its lines and their
 * rounding, VAT codes, the payment code, the shop's numbering, extra fields — and the reconciliation of its totals
 * with the order's by VASCO's arithmetic; zval-free. Facts: erp-apis.md §2 (order POST with lines
 * sifra/kolicina/prodajnaCena/prodajnaCenaZDdv/rabat1/stopnjaDdv, dashboard spelling one setting away, VAT codes
 * 0=22 %, 1=9.5 %, 2=0 %, 3=5 %, dodatnaPolja as [{naziv, vrednost}]) [CODE]; docs/connectors/vasco.md,
 * "Rounding rule".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vasco.h"
#include "vasco_internal.h"
#include "erpsync_conn_money.h"
#include "json/erpsync_json_decimal.h"
#include "json/erpsync_json.h"

#define N(c, key) vasco_n((c), (key))

static json_object *int_setting(vasco_ctx *c, const char *key, int64_t def)
{
	return json_object_new_int64(erpsync_conn_get_int(c->settings, key, def));
}

/* Decimals of order line unit prices and discount %: enough that every line lands on its cents
 * (docs/connectors/vasco.md, "Rounding rule"). */
static int line_price_places(vasco_ctx *c)
{
	int64_t p = erpsync_conn_get_int(c->settings, "line_price_decimals", 6);
	return (p < 2 || p > 10) ? 6 : (int) p;
}

static int discount_places(vasco_ctx *c)
{
	int64_t p = erpsync_conn_get_int(c->settings, "discount_decimals", 8);
	return (p < 0 || p > 10) ? 8 : (int) p;
}

static bool doc_rounding(vasco_ctx *c)
{
	return strcmp(erpsync_conn_get_str(c->settings, "tax_rounding", "line"), "document") == 0;
}

/* gross = net * (100 + rate) / 100, rounded to places */
static void gross_of(const erpsync_decimal *net, const erpsync_decimal *rate, int places, erpsync_decimal *out)
{
	erpsync_decimal hundred, f, t;
	erpsync_dec_from_int(100, &hundred);
	erpsync_dec_add(&hundred, rate, &f);
	erpsync_dec_mul(net, &f, &t);
	erpsync_dec_div(&t, &hundred, places, out);
}

/* Adds one order line object: quantity, net unit price before discount, discount %, rate. */
static bool add_line(vasco_ctx *c, json_object *lines, const char *code, const char *name,
                     const erpsync_money_netline *ml, const char *subject, const char *field, erpsync_error *err)
{
	json_object *l = json_object_new_object(), *vat;
	erpsync_decimal g;
	char vfield[ERPSYNC_ERR_SHORT_LEN];
	int pp = line_price_places(c);

	snprintf(vfield, sizeof(vfield), "%s.tax_rate_percent", field);
	vat = vasco_vat_code(c, &ml->rate, subject, vfield, err);
	if (!vat) {
		json_object_put(l);
		return false;
	}
	vasco_put(l, N(c, "line.sku"), json_object_new_string(code));
	if (name) {
		vasco_put(l, N(c, "line.name"), erpsync_conn_new_string_cut(name, 40));
	}
	vasco_put(l, N(c, "line.qty"), erpsync_conn_new_amount(&ml->qty, ml->qty.scale > 3 ? 3 : ml->qty.scale, false));
	vasco_put(l, N(c, "line.price"), erpsync_conn_new_amount(&ml->price, pp, false));
	gross_of(&ml->price, &ml->rate, pp, &g);
	vasco_put(l, N(c, "line.gross"), erpsync_conn_new_amount(&g, pp, false));
	vasco_put(l, N(c, "line.discount"), erpsync_conn_new_amount(&ml->disc, ml->disc.scale, true));
	vasco_put(l, N(c, "line.vat"), vat);
	json_object_array_add(lines, l);
	return true;
}

/* Payment method -> VASCO payment code (text), or NULL + err. */
static const char *payment_code(vasco_ctx *c, json_object *order, const char *subject, erpsync_error *err)
{
	const char *gw = erpsync_conn_get_str(order, "payment_method", "");
	json_object *map = erpsync_conn_get(c->settings, "payment_methods");
	json_object *v = NULL;
	const char *def;
	if (map && *gw && json_object_object_get_ex(map, gw, &v) && v) {
		return json_object_get_string(v);
	}
	def = erpsync_conn_get_str(c->settings, "default_payment_code", NULL);
	if (def) {
		return def;
	}
	erpsync_conn_invalid(err, subject, "payment_method",
		"%s: payment method \"%s\" has no VASCO payment code (settings.payment_methods)", subject, *gw ? gw : "(none)");
	return NULL;
}

/* The year of the order's date_created; false when it has none (vasco_internal.h). */
bool vasco_order_year(json_object *order, int *year)
{
	const char *d = erpsync_conn_get_str(order, "date_created", "");
	if (strlen(d) < 10 || !isdigit((unsigned char) d[0]) || !isdigit((unsigned char) d[3]) || d[4] != '-') {
		return false;
	}
	*year = atoi(d);
	return *year > 1900;
}
static bool rate_known(void *ud, const erpsync_decimal *rate)
{
	vasco_ctx *c = ud;
	json_object *table = erpsync_conn_get(c->settings, "vat_codes"), *own = NULL;
	bool ok;
	if (!table) table = own = vasco_default_vat_table();
	ok = erpsync_conn_vat_code(table, rate) != NULL;
	if (own) json_object_put(own);
	return ok;
}

static erpsync_money_net_rules money_rules(vasco_ctx *c)
{
	erpsync_money_net_rules r;
	r.price_places = line_price_places(c);
	r.disc_places = discount_places(c);
	r.doc_rounding = doc_rounding(c);
	r.rate_ok = rate_known;
	r.ud = c;
	return r;
}

/* The order's lines (items, shipping, fees, rounding) as VASCO lines whose arithmetic lands on the order's
 * totals: docs/connectors/vasco.md, "Rounding rule". NULL + err. */
static json_object *order_lines(vasco_ctx *c, json_object *order, json_object *items, const char *subject,
                                 erpsync_error *err)
{
	static const char *const setting[] = {NULL, "shipping_article", "fee_article", "rounding_article"};
	static const char *const what[] = {"item", "shipping", "fee", "rounding"};
	static const char *const list[] = {"line_items", "shipping_lines", "fee_lines", "rounding"};
	erpsync_money_net_rules rules = money_rules(c);
	erpsync_money_doc doc;
	erpsync_money_netline *ml = NULL;
	json_object *lines;
	size_t mn = 0, i;
	char field[ERPSYNC_ERR_SHORT_LEN];

	if (!erpsync_money_read(order, subject, &doc, err)) return NULL;
	if (!erpsync_money_net_plan(&doc, &rules, &ml, &mn, err)) {
		erpsync_money_doc_free(&doc);
		return NULL;
	}
	lines = json_object_new_array();
	for (i = 0; i < mn; i++) {
		const erpsync_money_netline *l = &ml[i];
		json_object *src = i < doc.n ? doc.lines[i].src : NULL;
		const char *code, *name;
		if (l->kind == ERPSYNC_MONEY_ITEM) {
			src = json_object_array_get_idx(items, l->index);
			code = vasco_article_code(c, src);
			name = erpsync_conn_get_str(src, "name", "");
		} else {
			code = erpsync_conn_get_str(c->settings, setting[l->kind], NULL);
			name = l->kind == ERPSYNC_MONEY_ROUNDING ? erpsync_conn_get_str(c->settings, "rounding_name", "Rounding")
				: erpsync_conn_get_str(src, l->kind == ERPSYNC_MONEY_SHIPPING ? "method_title" : "name", "");
		}
		if (l->kind == ERPSYNC_MONEY_ROUNDING) {
			snprintf(field, sizeof(field), "settings.rounding_article");
		} else {
			snprintf(field, sizeof(field), "%s[%zu]", list[l->kind], l->index);
		}
		if (!code && l->kind == ERPSYNC_MONEY_ROUNDING) {
			erpsync_conn_invalid(err, subject, field, "%s: VASCO's VAT arithmetic differs from WooCommerce's on this order by "
				"a few cents, which needs a rounding line, but settings.rounding_article (its VASCO article code) is not set", subject);
			goto fail;
		}
		if (!code) {
			erpsync_conn_invalid(err, subject, field, "%s: the order has a %s charge but settings.%s (its VASCO article code) is not set",
				subject, what[l->kind], setting[l->kind]);
			goto fail;
		}
		if (!add_line(c, lines, code, name, l, subject, field, err)) {
			goto fail;
		}
	}
	free(ml);
	erpsync_money_doc_free(&doc);
	return lines;
fail:
	free(ml);
	erpsync_money_doc_free(&doc);
	json_object_put(lines);
	return NULL;
}

/* The rate of a VASCO VAT code (inverse of settings.vat_codes); false when the code is unknown. */
static bool rate_of_code(vasco_ctx *c, json_object *code, erpsync_decimal *rate)
{
	json_object *table = erpsync_conn_get(c->settings, "vat_codes"), *own = NULL;
	const char *want = code ? json_object_get_string(code) : NULL;
	bool found = false;
	if (!want) return false;
	if (!table) table = own = vasco_default_vat_table();
	json_object_object_foreach(table, k, v) {
		if (!found && v && strcmp(json_object_get_string(v), want) == 0
		 && erpsync_dec_parse(k, strlen(k), rate) == ERPSYNC_DEC_OK) {
			found = true;
		}
	}
	if (own) json_object_put(own);
	return found;
}

static bool vat_rate(void *ud, json_object *vat, erpsync_decimal *rate)
{
	return rate_of_code(ud, vat, rate);
}

bool vasco_reconcile(vasco_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                     erpsync_money_totals *want, erpsync_error *err)
{
	static const char *const kind_setting[] = {NULL, "shipping_article", "fee_article", "rounding_article"};
	erpsync_money_net_fields f;
	f.code = N(c, "line.sku");
	f.qty = N(c, "line.qty");
	f.price = N(c, "line.price");
	f.discount = N(c, "line.discount");
	f.vat = N(c, "line.vat");
	f.settings = c->settings;
	f.kind_setting = kind_setting;
	f.rate_of = vat_rate;
	f.ud = c;
	return erpsync_money_net_reconcile_doc(VASCO, order, erpsync_conn_get(payload, N(c, "order.lines")), &f, doc_rounding(c),
		got, want, err);
}

json_object *vasco_build_order(vasco_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	erpsync_money_totals got, want;
	json_object *o = vasco_build_order_unchecked(c, order, ctx, err);
	if (o && !vasco_reconcile(c, order, o, &got, &want, err)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}


/* The order's header values, each checked. */
typedef struct {
	const char *number;  /* the shop's order number (digits unless numbering is "auto") */
	const char *partner; /* the customer's VASCO partner code, else settings.default_partner */
	const char *pay;     /* the VASCO payment code of the order's payment method */
	int year;            /* of date_created */
	bool auto_numbering; /* settings.numbering "auto": VASCO numbers the order */
} vasco_order_head;

/* Reads and checks the header values (number, year, e-mail, partner, payment code): false + err naming the field. */
static bool order_head_checked(vasco_ctx *c, json_object *order, json_object *ctx, const char *subject, vasco_order_head *h,
                               erpsync_error *err)
{
	h->auto_numbering = strcmp(erpsync_conn_get_str(c->settings, "numbering", "shop"), "auto") == 0;
	h->number = erpsync_conn_get_str(order, "number", NULL);
	if (!h->number) {
		erpsync_conn_invalid(err, subject, "number", "%s: the order number is missing", subject);
		return false;
	}
	if (!h->auto_numbering && !vasco_digits_only(h->number)) {
		erpsync_conn_invalid(err, subject, "number",
			"%s: VASCO order numbers are whole numbers; \"%s\" is not (use settings.numbering \"auto\")", subject, h->number);
		return false;
	}
	if (!vasco_order_year(order, &h->year)) {
		erpsync_conn_invalid(err, subject, "date_created", "%s: date_created is missing or not an ISO 8601 date", subject);
		return false;
	}
	if (!erpsync_conn_order_email(order, subject, err)) {
		return false;
	}
	h->partner = erpsync_conn_get_str(ctx, "customer_remote_id", NULL);
	if (!h->partner) {
		h->partner = erpsync_conn_get_str(c->settings, "default_partner", NULL);
	}
	if (!h->partner || !vasco_digits_only(h->partner)) {
		erpsync_conn_invalid(err, subject, "customer_remote_id",
			"%s: no VASCO partner code for the customer (find or create the partner first)", subject);
		return false;
	}
	h->pay = payment_code(c, order, subject, err);
	return h->pay != NULL;
}

/* The document with its header fields (numbering, number, year, date, partner, shop, warehouse, note, ...). */
static json_object *order_head_object(vasco_ctx *c, json_object *order, const vasco_order_head *h)
{
	json_object *o = json_object_new_object();
	vasco_put(o, N(c, "order.numbering"), json_object_new_int(h->auto_numbering ? 1 : 0));
	vasco_put(o, N(c, "order.number"), h->auto_numbering ? json_object_new_int(0) : erpsync_json_new_number_text(h->number, strlen(h->number)));
	vasco_put(o, N(c, "order.year"), json_object_new_int(h->year));
	vasco_put(o, N(c, "order.date"), json_object_new_string(erpsync_conn_get_str(order, "date_created", "")));
	vasco_put(o, N(c, "order.partner"), erpsync_json_new_number_text(h->partner, strlen(h->partner)));
	vasco_put(o, N(c, "order.shop"), int_setting(c, "shop", 1));
	vasco_put(o, N(c, "order.salesperson"), int_setting(c, "salesperson", 0));
	vasco_put(o, N(c, "order.menu"), int_setting(c, "menu", 0));
	vasco_put(o, N(c, "order.warehouse"), int_setting(c, "warehouse", 1));
	vasco_put(o, N(c, "order.discount"), json_object_new_int(0));
	vasco_put(o, N(c, "order.customer_prices"), json_object_new_boolean(erpsync_conn_get_bool(c->settings, "customer_prices", false)));
	if (*N(c, "order.note")) {
		vasco_put(o, N(c, "order.note"), erpsync_conn_new_string_cut(erpsync_conn_get_str(order, "customer_note", ""), 250));
	}
	return o;
}

/* Every item line checked (article code, quantity, amounts, rate) before the money is planned as a whole:
 * false + err naming the line. */
static bool item_lines_checked(vasco_ctx *c, json_object *items, size_t n, const char *subject, erpsync_error *err)
{
	char field[ERPSYNC_ERR_SHORT_LEN];
	size_t i;
	for (i = 0; i < n; i++) {
		json_object *li = json_object_array_get_idx(items, i);
		erpsync_decimal qty, rate, unit, disc;
		const char *code = vasco_article_code(c, li);
		snprintf(field, sizeof(field), "line_items[%zu]", i);
		if (!code) {
			erpsync_conn_invalid(err, subject, field, "%s: line %zu (%s) has no %s", subject, i + 1,
				erpsync_conn_get_str(li, "name", "unnamed"),
				strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0 ? "EAN" : "SKU");
			snprintf(err->field, sizeof(err->field), "line_items[%zu].%s", i,
				strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0 ? "ean" : "sku");
			return false;
		}
		if (!erpsync_conn_line_amounts(li, i, subject, code, 6, &qty, &unit, &disc, &rate, err)) {
			return false;
		}
	}
	return true;
}

/* The extra fields (settings.extra_fields; by default SIFRA_PLACILA and the shop order number), as a list of
 * {name, value} or, with extra_fields_shape "object", an object. A new object. */
static json_object *order_extra_fields(vasco_ctx *c, json_object *order, json_object *ctx, const char *pay)
{
	json_object *extras_map, *own_extras = NULL, *extra, *pctx;
	const char *shape;

	pctx = json_object_new_object();
	json_object_object_add(pctx, "payment_code", json_object_new_string(pay));
	if (ctx && json_object_is_type(ctx, json_type_object)) {
		json_object_object_foreach(ctx, ck, cv) {
			if (strcmp(ck, "payment_code") != 0) json_object_object_add(pctx, ck, json_object_get(cv));
		}
	}
	extras_map = erpsync_conn_get(c->settings, "extra_fields");
	if (!extras_map) {
		extras_map = own_extras = json_object_new_object();
		json_object_object_add(own_extras, "SIFRA_PLACILA", json_object_new_string("@payment_code"));
		json_object_object_add(own_extras, "NAROCILO_STEVILKA", json_object_new_string("number"));
	}
	shape = erpsync_conn_get_str(c->settings, "extra_fields_shape", "list");
	extra = strcmp(shape, "object") == 0 ? json_object_new_object() : json_object_new_array();
	json_object_object_foreach(extras_map, ek, ev) {
		const char *val = erpsync_conn_extra_value(json_object_get_string(ev), order, pctx);
		if (json_object_is_type(extra, json_type_object)) {
			json_object_object_add(extra, ek, json_object_new_string(val));
		} else {
			json_object *item = json_object_new_object();
			vasco_put(item, N(c, "extra.name"), json_object_new_string(ek));
			vasco_put(item, N(c, "extra.value"), json_object_new_string(val));
			json_object_array_add(extra, item);
		}
	}
	if (own_extras) json_object_put(own_extras);
	json_object_put(pctx);
	return extra;
}

json_object *vasco_build_order_unchecked(vasco_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	vasco_order_head h;
	json_object *o, *items, *lines;
	size_t n;

	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!order_head_checked(c, order, ctx, subject, &h, err)) {
		return NULL;
	}
	if (!(items = erpsync_conn_order_lines(order, subject, &n, err))) {
		return NULL;
	}
	o = order_head_object(c, order, &h);
	if (!item_lines_checked(c, items, n, subject, err) || !(lines = order_lines(c, order, items, subject, err))) {
		json_object_put(o);
		return NULL;
	}
	vasco_put(o, N(c, "order.lines"), lines);
	vasco_put(o, N(c, "order.extra"), order_extra_fields(c, order, ctx, h.pay));
	return o;
}
