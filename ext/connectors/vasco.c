/*
 * VASCO connector engine (zval-free).
 *
 * Facts relied on (erp-apis.md §2): login POST api/v1/Avtentikacija {username, password, taxNumber,
 * year, returnPastYears} -> {apiKey} JWT, Bearer afterwards [CODE]; partner GET ?Sifra= (the only
 * server-side filter: VAT/email lookup is client-side over the list) [CODE]; partner POST with
 * tipStevilcenja 0/1, names 40 / address 30 characters [CODE]; order POST FA/narociloKupca with
 * lines sifra/kolicina/prodajnaCena/prodajnaCenaZDdv/rabat1/stopnjaDdv [CODE] (dashboard spelling
 * artikel/cena/popust/stopnjaDDV one setting away); lookup ?StevilkaLeto=n.yyyy [CODE]; VAT codes
 * 0=22 %, 1=9.5 %, 2=0 %, 3=5 % [CODE comments]; creates answer 201 [CODE]; dodatnaPolja as
 * [{naziv, vrednost}] [CODE]; products paged by Segment (1-based)/SegmentSize [CODE]; stock rows
 * per warehouse summed by clients [CODE]; PUT FASifranti/artikel [INFERRED, dashboard only].
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


const erpsync_conn_name_def vasco_names[] = {
	/* paths (relative to the base URL) */
	{"path.login", "api/v1/Avtentikacija"},
	{"path.partner", "api/v1/SkupniSifranti/partner"},
	{"path.countries", "api/v1/SkupniSifranti/drzava"},
	{"path.article", "api/v1/FASifranti/artikel"},
	{"path.stock", "api/v1/FASifranti/zaloga"},
	{"path.order", "api/v1/FA/narociloKupca"},
	{"path.order_state", "api/v1/FA/narociloKupca/stanje"},
	{"path.open_orders", "api/v1/FA/odpritaNarocilaKupca"},
	{"path.receivables", "api/v1/FA/terjatvePoZamudi"},
	/* query names */
	{"q.code", "Sifra"}, {"q.warehouse", "Skladisce"}, {"q.segment", "Segment"}, {"q.segment_size", "SegmentSize"},
	{"q.number_year", "StevilkaLeto"}, {"q.date_from", "DatumOd"}, {"q.date_to", "DatumDo"},
	{"q.block_index", "BlockIndex"}, {"q.block_size", "BlockSize"}, {"q.extra", "DodatnaPolja"},
	{"q.return_lines", "VrniPostavke"}, {"q.as_of", "NaDan"}, {"q.partner", "Partner"},
	/* order */
	{"order.numbering", "tipStevilcenja"}, {"order.number", "stevilka"}, {"order.year", "leto"},
	{"order.date", "datum"}, {"order.partner", "partner"}, {"order.shop", "prodajalna"},
	{"order.salesperson", "komercialist"}, {"order.menu", "vhodniMenu"}, {"order.warehouse", "skladisce"},
	{"order.discount", "rabat1"}, {"order.customer_prices", "nastaviKupceveCene"}, {"order.lines", "postavke"},
	{"order.extra", "dodatnaPolja"}, {"order.note", ""},
	/* order line */
	{"line.sku", "sifra"}, {"line.name", ""}, {"line.qty", "kolicina"}, {"line.price", "prodajnaCena"},
	{"line.gross", "prodajnaCenaZDdv"}, {"line.discount", "rabat1"}, {"line.vat", "stopnjaDdv"},
	/* extra field items */
	{"extra.name", "naziv"}, {"extra.value", "vrednost"},
	/* partner */
	{"partner.numbering", "tipStevilcenja"}, {"partner.code", "sifra"}, {"partner.name", "naziv"},
	{"partner.name2", "naziv2"}, {"partner.address", "naslov"}, {"partner.post", "posta"},
	{"partner.country", "drzava"}, {"partner.reg", "maticna"}, {"partner.type", "tip"}, {"partner.vat", "davcna"},
	{"partner.vat_payer", "davcniZavezanec"}, {"partner.ident", "ident"}, {"partner.phone", "telefon"},
	{"partner.fax", "telefaks"}, {"partner.mobile", "gsm"}, {"partner.email", "email"},
	{"partner.foreign", "tujeSifre"}, {"partner.extra", "dodatnaPolja"},
	/* article */
	{"article.numbering", "tipStevilcenja"}, {"article.code", "sifra"}, {"article.name", "naziv"},
	{"article.name2", "naziv2"}, {"article.unit", "enota"}, {"article.group", "grupa"}, {"article.vat", "stopnjaDDV"},
	{"article.card", "karticaArtikla"}, {"article.price", "prodajnaCena"}, {"article.b2b", "objavaB2B"},
	{"article.b2c", "objavaB2C"}, {"article.goods_group", "blagovnaSkupina"}, {"article.supplier", "dobavitelj"},
	{"article.extra", "dodatnaPolja"},
	/* stock rows */
	{"stock.code", "sifra"}, {"stock.qty", "zaloga"}, {"stock.ordered", "narKupKolicina"},
	{"stock.reserved", "rezervirano"}, {"stock.warehouse", "skladisce"},
	{NULL, NULL}
};

/* Dashboard spelling of the order lines (reference/vasco-plugin-dashboard.txt), as a preset. */
static const erpsync_conn_name_def vasco_dashboard_lines[] = {
	{"line.sku", "artikel"}, {"line.name", "naziv"}, {"line.price", "cena"}, {"line.gross", ""},
	{"line.discount", "popust"}, {"line.vat", "stopnjaDDV"}, {"order.note", "opombe"}, {NULL, NULL}
};

static const char *N(vasco_ctx *c, const char *key)
{
	const char *name;
	const char *bare;
	json_object *ov = NULL;
	const erpsync_conn_name_def *d;

	(void) bare;
	/* explicit override first, then the dashboard preset, then the default */
	if (strncmp(key, "path.", 5) == 0) {
		if (c->names.paths) json_object_object_get_ex(c->names.paths, key + 5, &ov);
	} else if (c->names.fields) {
		json_object_object_get_ex(c->names.fields, key, &ov);
	}
	if (ov && json_object_is_type(ov, json_type_string)) {
		return json_object_get_string(ov);
	}
	if (strcmp(erpsync_conn_get_str(c->settings, "line_fields", "working"), "dashboard") == 0) {
		for (d = vasco_dashboard_lines; d->key; d++) {
			if (strcmp(d->key, key) == 0) {
				return d->def;
			}
		}
	}
	name = erpsync_conn_name(&c->names, key);
	return name;
}

/* Adds key: value unless the field name is empty (a field switched off). Takes value's ref. */
static void put(json_object *o, const char *name, json_object *v)
{
	if (!name || !*name) {
		json_object_put(v);
		return;
	}
	json_object_object_add(o, name, v);
}

void vasco_ctx_init(vasco_ctx *c, json_object *settings, erpsync_http_client *http)
{
	memset(c, 0, sizeof(*c));
	c->settings = settings;
	c->http = http;
	erpsync_conn_names_init(&c->names, VASCO, vasco_names, settings);
}

void vasco_ctx_dtor(vasco_ctx *c)
{
	if (c->partners_by_vat) json_object_put(c->partners_by_vat);
	if (c->partners_by_email) json_object_put(c->partners_by_email);
	c->partners_by_vat = c->partners_by_email = NULL;
	c->partners_indexed = false;
}

static bool check_map_of_scalars(json_object *m, const char *field, erpsync_error *err)
{
	if (!m) return true;
	if (!json_object_is_type(m, json_type_object)) {
		erpsync_conn_invalid(err, "settings", field, "VASCO settings: %s must be a map", field);
		return false;
	}
	json_object_object_foreach(m, k, v) {
		if (!v || !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_string))) {
			char f[200];
			snprintf(f, sizeof(f), "%s.%s", field, k);
			erpsync_conn_invalid(err, "settings", f, "VASCO settings: %s must be a code (number or text)", f);
			return false;
		}
	}
	return true;
}

bool vasco_validate_settings(vasco_ctx *c, erpsync_error *err)
{
	const char *s;
	if (!erpsync_conn_names_check(&c->names, err)) return false;
	s = erpsync_conn_get_str(c->settings, "line_fields", "working");
	if (strcmp(s, "working") != 0 && strcmp(s, "dashboard") != 0) {
		erpsync_conn_invalid(err, "settings", "settings.line_fields", "VASCO settings: line_fields must be \"working\" or \"dashboard\"");
		return false;
	}
	s = erpsync_conn_get_str(c->settings, "numbering", "shop");
	if (strcmp(s, "shop") != 0 && strcmp(s, "auto") != 0) {
		erpsync_conn_invalid(err, "settings", "settings.numbering", "VASCO settings: numbering must be \"shop\" or \"auto\"");
		return false;
	}
	s = erpsync_conn_get_str(c->settings, "extra_fields_shape", "list");
	if (strcmp(s, "list") != 0 && strcmp(s, "object") != 0) {
		erpsync_conn_invalid(err, "settings", "settings.extra_fields_shape", "VASCO settings: extra_fields_shape must be \"list\" or \"object\"");
		return false;
	}
	s = erpsync_conn_get_str(c->settings, "tax_rounding", "line");
	if (strcmp(s, "line") != 0 && strcmp(s, "document") != 0) {
		erpsync_conn_invalid(err, "settings", "settings.tax_rounding", "VASCO settings: tax_rounding must be \"line\" or \"document\"");
		return false;
	}
	s = erpsync_conn_get_str(c->settings, "article_key", "sku");
	if (strcmp(s, "sku") != 0 && strcmp(s, "ean") != 0) {
		erpsync_conn_invalid(err, "settings", "settings.article_key", "VASCO settings: article_key must be \"sku\" or \"ean\"");
		return false;
	}
	return check_map_of_scalars(erpsync_conn_get(c->settings, "payment_methods"), "settings.payment_methods", err)
		&& check_map_of_scalars(erpsync_conn_get(c->settings, "vat_codes"), "settings.vat_codes", err)
		&& check_map_of_scalars(erpsync_conn_get(c->settings, "extra_fields"), "settings.extra_fields", err)
		&& check_map_of_scalars(erpsync_conn_get(c->settings, "countries"), "settings.countries", err);
}

/* ------------------------------------------------------------------------------ helpers */

static json_object *default_vat_table(void)
{
	json_object *t = json_object_new_object();
	json_object_object_add(t, "22", json_object_new_int(0));
	json_object_object_add(t, "9.5", json_object_new_int(1));
	json_object_object_add(t, "0", json_object_new_int(2));
	json_object_object_add(t, "5", json_object_new_int(3));
	return t;
}

/* VAT code for rate (a decimal), as a new json int/string; NULL + err when unknown. */
static json_object *vat_code(vasco_ctx *c, const erpsync_decimal *rate, const char *subject, const char *field,
                             erpsync_error *err)
{
	json_object *table = erpsync_conn_get(c->settings, "vat_codes");
	json_object *own = NULL, *code;
	char buf[64];
	if (!table) {
		table = own = default_vat_table();
	}
	code = erpsync_conn_vat_code(table, rate);
	if (code) {
		code = json_object_get(code);
	}
	if (own) json_object_put(own);
	if (!code) {
		erpsync_dec_format(rate, -1, buf, sizeof(buf), NULL);
		erpsync_conn_invalid(err, subject, field, "%s: VAT rate %s %% has no VASCO code (settings.vat_codes)", subject, buf);
	}
	return code;
}

static json_object *int_setting(vasco_ctx *c, const char *key, int64_t def)
{
	return json_object_new_int64(erpsync_conn_get_int(c->settings, key, def));
}

/* The article code of a line/product: SKU, or EAN when settings.article_key is "ean". */
static const char *article_code(vasco_ctx *c, json_object *item)
{
	bool ean = strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0;
	return erpsync_conn_get_str(item, ean ? "ean" : "sku", NULL);
}

static int price_places(vasco_ctx *c)
{
	int64_t p = erpsync_conn_get_int(c->settings, "price_decimals", 4);
	return (p < 0 || p > 8) ? 4 : (int) p;
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
	vat = vat_code(c, &ml->rate, subject, vfield, err);
	if (!vat) {
		json_object_put(l);
		return false;
	}
	put(l, N(c, "line.sku"), json_object_new_string(code));
	if (name) {
		put(l, N(c, "line.name"), erpsync_conn_new_string_cut(name, 40));
	}
	put(l, N(c, "line.qty"), erpsync_conn_new_amount(&ml->qty, ml->qty.scale > 3 ? 3 : ml->qty.scale, false));
	put(l, N(c, "line.price"), erpsync_conn_new_amount(&ml->price, pp, false));
	gross_of(&ml->price, &ml->rate, pp, &g);
	put(l, N(c, "line.gross"), erpsync_conn_new_amount(&g, pp, false));
	put(l, N(c, "line.discount"), erpsync_conn_new_amount(&ml->disc, ml->disc.scale, true));
	put(l, N(c, "line.vat"), vat);
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

static bool order_year(json_object *order, int *year)
{
	const char *d = erpsync_conn_get_str(order, "date_created", "");
	if (strlen(d) < 10 || !isdigit((unsigned char) d[0]) || !isdigit((unsigned char) d[3]) || d[4] != '-') {
		return false;
	}
	*year = atoi(d);
	return *year > 1900;
}

static bool digits_only(const char *s)
{
	if (!s || !*s) return false;
	for (; *s; s++) if (!isdigit((unsigned char) *s)) return false;
	return true;
}

/* ------------------------------------------------------------------------------ order */

static bool rate_known(void *ud, const erpsync_decimal *rate)
{
	vasco_ctx *c = ud;
	json_object *table = erpsync_conn_get(c->settings, "vat_codes"), *own = NULL;
	bool ok;
	if (!table) table = own = default_vat_table();
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
			code = article_code(c, src);
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
	if (!table) table = own = default_vat_table();
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


json_object *vasco_build_order_unchecked(vasco_ctx *c, json_object *order, json_object *ctx, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN], field[ERPSYNC_ERR_SHORT_LEN];
	json_object *o, *lines = NULL, *items, *extras_map, *own_extras = NULL, *extra, *pctx;
	const char *number, *pay, *partner, *shape;
	bool auto_numbering = strcmp(erpsync_conn_get_str(c->settings, "numbering", "shop"), "auto") == 0;
	int year;
	size_t i, n;

	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	number = erpsync_conn_get_str(order, "number", NULL);
	if (!number) {
		erpsync_conn_invalid(err, subject, "number", "%s: the order number is missing", subject);
		return NULL;
	}
	if (!auto_numbering && !digits_only(number)) {
		erpsync_conn_invalid(err, subject, "number",
			"%s: VASCO order numbers are whole numbers; \"%s\" is not (use settings.numbering \"auto\")", subject, number);
		return NULL;
	}
	if (!order_year(order, &year)) {
		erpsync_conn_invalid(err, subject, "date_created", "%s: date_created is missing or not an ISO 8601 date", subject);
		return NULL;
	}
	if (!erpsync_conn_order_email(order, subject, err)) {
		return NULL;
	}
	partner = erpsync_conn_get_str(ctx, "customer_remote_id", NULL);
	if (!partner) {
		partner = erpsync_conn_get_str(c->settings, "default_partner", NULL);
	}
	if (!partner || !digits_only(partner)) {
		erpsync_conn_invalid(err, subject, "customer_remote_id",
			"%s: no VASCO partner code for the customer (find or create the partner first)", subject);
		return NULL;
	}
	pay = payment_code(c, order, subject, err);
	if (!pay) {
		return NULL;
	}
	if (!(items = erpsync_conn_order_lines(order, subject, &n, err))) {
		return NULL;
	}

	o = json_object_new_object();
	put(o, N(c, "order.numbering"), json_object_new_int(auto_numbering ? 1 : 0));
	put(o, N(c, "order.number"), auto_numbering ? json_object_new_int(0) : erpsync_json_new_number_text(number, strlen(number)));
	put(o, N(c, "order.year"), json_object_new_int(year));
	put(o, N(c, "order.date"), json_object_new_string(erpsync_conn_get_str(order, "date_created", "")));
	put(o, N(c, "order.partner"), erpsync_json_new_number_text(partner, strlen(partner)));
	put(o, N(c, "order.shop"), int_setting(c, "shop", 1));
	put(o, N(c, "order.salesperson"), int_setting(c, "salesperson", 0));
	put(o, N(c, "order.menu"), int_setting(c, "menu", 0));
	put(o, N(c, "order.warehouse"), int_setting(c, "warehouse", 1));
	put(o, N(c, "order.discount"), json_object_new_int(0));
	put(o, N(c, "order.customer_prices"), json_object_new_boolean(erpsync_conn_get_bool(c->settings, "customer_prices", false)));
	if (*N(c, "order.note")) {
		put(o, N(c, "order.note"), erpsync_conn_new_string_cut(erpsync_conn_get_str(order, "customer_note", ""), 250));
	}

	/* every item line checked first (article code, quantity, amounts, rate); then the money planned as a whole */
	for (i = 0; i < n; i++) {
		json_object *li = json_object_array_get_idx(items, i);
		erpsync_decimal qty, rate, unit, disc;
		const char *code = article_code(c, li);
		snprintf(field, sizeof(field), "line_items[%zu]", i);
		if (!code) {
			erpsync_conn_invalid(err, subject, field, "%s: line %zu (%s) has no %s", subject, i + 1,
				erpsync_conn_get_str(li, "name", "unnamed"),
				strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0 ? "EAN" : "SKU");
			snprintf(err->field, sizeof(err->field), "line_items[%zu].%s", i,
				strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0 ? "ean" : "sku");
			goto fail;
		}
		if (!erpsync_conn_line_amounts(li, i, subject, code, 6, &qty, &unit, &disc, &rate, err)) {
			goto fail;
		}
	}
	lines = order_lines(c, order, items, subject, err);
	if (!lines) {
		goto fail;
	}
	put(o, N(c, "order.lines"), lines);
	lines = NULL;

	/* extra fields: SIFRA_PLACILA and the shop order number by default */
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
			put(item, N(c, "extra.name"), json_object_new_string(ek));
			put(item, N(c, "extra.value"), json_object_new_string(val));
			json_object_array_add(extra, item);
		}
	}
	put(o, N(c, "order.extra"), extra);
	if (own_extras) json_object_put(own_extras);
	json_object_put(pctx);
	return o;

fail:
	if (lines) json_object_put(lines);
	json_object_put(o);
	return NULL;
}

/* For vasco_orders.c (vasco_internal.h): the field and path names, the order's year. */
const char *vasco_n(vasco_ctx *c, const char *key)
{
	return N(c, key);
}

bool vasco_order_year(json_object *order, int *year)
{
	return order_year(order, year);
}

int vasco_order_state(vasco_ctx *c, const char *number, int year, json_object **out, erpsync_error *err)
{
	char path[512];
	erpsync_conn_request r;
	json_object *reply = NULL;
	if (!digits_only(number)) {
		erpsync_conn_invalid(err, "order state", "number", "VASCO order state: \"%s\" is not an order number", number);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s/%d", N(c, "path.order_state"), number, year);
	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.path = path;
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, NULL, NULL, err) != 0) {
		return -1;
	}
	*out = reply ? reply : json_object_new_array();
	return 0;
}

/* ------------------------------------------------------------------------------ partners */

/* Upper-case alphanumerics only; with and without a two-letter country prefix. */
static void norm_vat(const char *s, char *buf, size_t size, bool strip_country)
{
	size_t j = 0;
	for (; s && *s && j + 1 < size; s++) {
		if (isalnum((unsigned char) *s)) buf[j++] = (char) toupper((unsigned char) *s);
	}
	buf[j] = '\0';
	if (strip_country && j > 2 && isalpha((unsigned char) buf[0]) && isalpha((unsigned char) buf[1])) {
		memmove(buf, buf + 2, j - 1);
	}
}

json_object *vasco_build_partner(vasco_ctx *c, json_object *cu, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN], name[512], street[512], vat[64];
	const char *company = erpsync_conn_get_str(cu, "company", "");
	const char *email = erpsync_conn_get_str(cu, "email", "");
	const char *country = erpsync_conn_get_str(cu, "country", "");
	json_object *o, *countries, *cid = NULL;
	int64_t numbering = erpsync_conn_get_int(c->settings, "partner_numbering", 1);

	snprintf(subject, sizeof(subject), "customer %s", *email ? email : erpsync_conn_get_str(cu, "id", "(no id)"));
	if (!erpsync_conn_email_valid(email)) {
		erpsync_conn_invalid(err, subject, "email", "%s: the email address is missing or not valid", subject);
		return NULL;
	}
	if (*company) {
		snprintf(name, sizeof(name), "%s", company);
	} else {
		snprintf(name, sizeof(name), "%s %s", erpsync_conn_get_str(cu, "first_name", ""), erpsync_conn_get_str(cu, "last_name", ""));
	}
	if (strspn(name, " ") == strlen(name)) {
		erpsync_conn_invalid(err, subject, "last_name", "%s: neither a company nor a name is given", subject);
		return NULL;
	}
	snprintf(street, sizeof(street), "%s%s%s", erpsync_conn_get_str(cu, "address_1", ""),
		*erpsync_conn_get_str(cu, "address_2", "") ? " " : "", erpsync_conn_get_str(cu, "address_2", ""));
	norm_vat(erpsync_conn_get_str(cu, "vat_number", ""), vat, sizeof(vat), true);

	o = json_object_new_object();
	put(o, N(c, "partner.numbering"), json_object_new_int((int) (numbering == 0 ? 0 : 1)));
	if (numbering == 0) {
		const char *code = erpsync_conn_get_str(cu, "remote_id", NULL);
		if (!code || !digits_only(code)) {
			json_object_put(o);
			erpsync_conn_invalid(err, subject, "remote_id", "%s: partner numbering 0 needs a partner code (remote_id)", subject);
			return NULL;
		}
		put(o, N(c, "partner.code"), erpsync_json_new_number_text(code, strlen(code)));
	} else {
		put(o, N(c, "partner.code"), json_object_new_int(0));
	}
	put(o, N(c, "partner.name"), erpsync_conn_new_string_cut(name, 40));
	if (*company) {
		char person[256];
		snprintf(person, sizeof(person), "%s %s", erpsync_conn_get_str(cu, "first_name", ""), erpsync_conn_get_str(cu, "last_name", ""));
		put(o, N(c, "partner.name2"), erpsync_conn_new_string_cut(person, 40));
	} else {
		put(o, N(c, "partner.name2"), json_object_new_string(""));
	}
	put(o, N(c, "partner.address"), erpsync_conn_new_string_cut(street, 30));
	put(o, N(c, "partner.post"), erpsync_conn_new_string_cut(erpsync_conn_get_str(cu, "postcode", ""), 10));
	countries = erpsync_conn_get(c->settings, "countries");
	if (countries && *country && json_object_object_get_ex(countries, country, &cid) && cid) {
		put(o, N(c, "partner.country"), json_object_get(cid));
	}
	put(o, N(c, "partner.reg"), json_object_new_string(erpsync_conn_get_str(cu, "company_number", "")));
	put(o, N(c, "partner.type"), json_object_new_int(strcmp(country, erpsync_conn_get_str(c->settings, "home_country", "SI")) == 0 || !*country ? 1
		: erpsync_conn_get_bool(c->settings, "eu_countries_default", true) ? 2 : 3));
	put(o, N(c, "partner.vat"), json_object_new_string(vat));
	put(o, N(c, "partner.vat_payer"), json_object_new_int(*vat ? 1 : 0));
	if (*vat) {
		char ident[80];
		snprintf(ident, sizeof(ident), "%s%s", *country ? country : "SI", vat);
		put(o, N(c, "partner.ident"), json_object_new_string(ident));
	} else {
		put(o, N(c, "partner.ident"), json_object_new_string(""));
	}
	put(o, N(c, "partner.phone"), erpsync_conn_new_string_cut(erpsync_conn_get_str(cu, "phone", ""), 30));
	put(o, N(c, "partner.fax"), json_object_new_string(""));
	put(o, N(c, "partner.mobile"), json_object_new_string(""));
	put(o, N(c, "partner.email"), json_object_new_string(email));
	put(o, N(c, "partner.foreign"), NULL); /* JSON null, as dspanic2 sends */
	put(o, N(c, "partner.extra"), json_object_new_array());
	return o;
}

static json_object *partner_result(json_object *p)
{
	json_object *r = json_object_new_object();
	json_object_object_add(r, "remote_id", json_object_new_string(erpsync_conn_get_str(p, "sifra", "")));
	json_object_object_add(r, "name", json_object_new_string(erpsync_conn_get_str(p, "naziv", "")));
	json_object_object_add(r, "vat_number", json_object_new_string(erpsync_conn_get_str(p, "davcna", "")));
	json_object_object_add(r, "email", json_object_new_string(erpsync_conn_get_str(p, "email", "")));
	return r;
}

static int index_partners(vasco_ctx *c, erpsync_error *err)
{
	json_object *reply = NULL, *list;
	erpsync_conn_request r;
	size_t i, n;
	if (c->partners_indexed) return 0;
	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.path = N(c, "path.partner");
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, NULL, NULL, err) != 0) return -1;
	list = erpsync_conn_unwrap(reply, NULL, VASCO, err);
	if (erpsync_error_isset(err)) { json_object_put(reply); return -1; }
	c->partners_by_vat = json_object_new_object();
	c->partners_by_email = json_object_new_object();
	n = list && json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
	for (i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(list, i);
		char k[256];
		norm_vat(erpsync_conn_get_str(p, "davcna", ""), k, sizeof(k), true);
		if (*k && !json_object_object_get_ex(c->partners_by_vat, k, NULL)) {
			json_object_object_add(c->partners_by_vat, k, json_object_get(p));
		}
		erpsync_conn_ascii_lower(erpsync_conn_get_str(p, "email", ""), k, sizeof(k));
		if (*k && !json_object_object_get_ex(c->partners_by_email, k, NULL)) {
			json_object_object_add(c->partners_by_email, k, json_object_get(p));
		}
	}
	c->partners_indexed = true;
	json_object_put(reply);
	return 0;
}

int vasco_find_partner(vasco_ctx *c, json_object *cu, json_object **out, erpsync_error *err)
{
	const char *code = erpsync_conn_get_str(cu, "remote_id", NULL);
	json_object *p = NULL;
	char k[256];
	*out = NULL;
	if (code) {
		json_object *reply = NULL, *list;
		erpsync_http_kv q[1] = {{N(c, "q.code"), code}};
		erpsync_conn_request r;
		memset(&r, 0, sizeof(r));
		r.method = "GET"; r.path = N(c, "path.partner"); r.query = q; r.query_count = 1;
		if (erpsync_conn_call(c->http, VASCO, &r, &reply, NULL, NULL, err) != 0) return -1;
		list = erpsync_conn_unwrap(reply, NULL, VASCO, err);
		if (list && json_object_is_type(list, json_type_array) && json_object_array_length(list) > 0) {
			*out = partner_result(json_object_array_get_idx(list, 0));
			json_object_object_add(*out, "matched_by", json_object_new_string("code"));
		}
		json_object_put(reply);
		if (erpsync_error_isset(err)) return -1;
		if (*out) return 0;
	}
	if (index_partners(c, err) != 0) return -1;
	norm_vat(erpsync_conn_get_str(cu, "vat_number", ""), k, sizeof(k), true);
	if (*k && json_object_object_get_ex(c->partners_by_vat, k, &p) && p) {
		*out = partner_result(p);
		json_object_object_add(*out, "matched_by", json_object_new_string("vat_number"));
		return 0;
	}
	erpsync_conn_ascii_lower(erpsync_conn_get_str(cu, "email", ""), k, sizeof(k));
	if (*k && json_object_object_get_ex(c->partners_by_email, k, &p) && p) {
		*out = partner_result(p);
		json_object_object_add(*out, "matched_by", json_object_new_string("email"));
	}
	return 0;
}

int vasco_create_partner(vasco_ctx *c, json_object *cu, json_object **out, erpsync_error *err)
{
	json_object *body = vasco_build_partner(c, cu, err), *reply = NULL;
	erpsync_conn_request r;
	long status = 0;
	*out = NULL;
	if (!body) return -1;
	memset(&r, 0, sizeof(r));
	r.method = "POST"; r.path = N(c, "path.partner"); r.body = body;
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, &status, NULL, err) != 0) {
		json_object_put(body);
		return -1;
	}
	json_object_put(body);
	if (!reply || !*erpsync_conn_get_str(reply, "sifra", "")) {
		json_object_put(reply);
		erpsync_error_protocol(err, "$.sifra", "VASCO: the partner was created (HTTP %ld) but the reply carries no partner code", status);
		return -1;
	}
	*out = partner_result(reply);
	json_object_object_add(*out, "created", json_object_new_boolean(1));
	/* keep the local index in step */
	if (c->partners_indexed) {
		char k[256];
		norm_vat(erpsync_conn_get_str(reply, "davcna", ""), k, sizeof(k), true);
		if (*k) json_object_object_add(c->partners_by_vat, k, json_object_get(reply));
		erpsync_conn_ascii_lower(erpsync_conn_get_str(reply, "email", ""), k, sizeof(k));
		if (*k) json_object_object_add(c->partners_by_email, k, json_object_get(reply));
	}
	json_object_put(reply);
	return 0;
}

/* ------------------------------------------------------------------------------ products */

json_object *vasco_build_product(vasco_ctx *c, json_object *pr, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	const char *code = article_code(c, pr);
	erpsync_decimal price, rate, net, hundred, f;
	json_object *o, *vat, *extra, *map;

	erpsync_conn_subject(pr, "product", subject, sizeof(subject));
	if (!code || !*code) {
		erpsync_conn_invalid(err, subject, strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0 ? "ean" : "sku",
			"%s: no article code (%s)", subject, erpsync_conn_get_str(c->settings, "article_key", "sku"));
		return NULL;
	}
	if (!*erpsync_conn_get_str(pr, "name", "")) {
		erpsync_conn_invalid(err, subject, "name", "%s: the product has no name", subject);
		return NULL;
	}
	if (erpsync_conn_get_dec(pr, "tax_rate_percent", &rate) != ERPSYNC_DEC_OK) {
		erpsync_conn_invalid(err, subject, "tax_rate_percent", "%s: tax_rate_percent is missing", subject);
		return NULL;
	}
	if (erpsync_conn_get_dec(pr, "regular_price", &price) != ERPSYNC_DEC_OK) {
		erpsync_dec_zero(&price);
	}
	if (erpsync_conn_get_bool(pr, "prices_include_tax", false)) {
		erpsync_decimal scaled;
		erpsync_dec_from_int(100, &hundred);
		erpsync_dec_add(&hundred, &rate, &f);
		erpsync_dec_mul(&price, &hundred, &scaled);
		erpsync_dec_div(&scaled, &f, price_places(c), &net);
	} else {
		net = price;
	}
	vat = vat_code(c, &rate, subject, "tax_rate_percent", err);
	if (!vat) return NULL;
	o = json_object_new_object();
	put(o, N(c, "article.numbering"), json_object_new_int(0));
	put(o, N(c, "article.code"), json_object_new_string(code));
	put(o, N(c, "article.name"), erpsync_conn_new_string_cut(erpsync_conn_get_str(pr, "name", ""), 40));
	put(o, N(c, "article.name2"), json_object_new_string(""));
	put(o, N(c, "article.unit"), json_object_new_string(erpsync_conn_get_str(pr, "unit", erpsync_conn_get_str(c->settings, "unit", "KOS"))));
	put(o, N(c, "article.group"), json_object_new_string(erpsync_conn_get_str(c->settings, "article_group", "100")));
	put(o, N(c, "article.vat"), vat);
	put(o, N(c, "article.card"), json_object_new_int(1));
	put(o, N(c, "article.price"), erpsync_conn_new_amount(&net, price_places(c), true));
	put(o, N(c, "article.b2b"), json_object_new_int(0));
	put(o, N(c, "article.b2c"), json_object_new_int(0));
	put(o, N(c, "article.goods_group"), json_object_new_int(0));
	put(o, N(c, "article.supplier"), json_object_new_int(0));
	extra = json_object_new_array();
	map = erpsync_conn_get(c->settings, "product_extra_fields");
	if (map && json_object_is_type(map, json_type_object)) {
		json_object_object_foreach(map, ek, ev) {
			json_object *item = json_object_new_object();
			put(item, N(c, "extra.name"), json_object_new_string(ek));
			put(item, N(c, "extra.value"), json_object_new_string(erpsync_conn_extra_value(json_object_get_string(ev), pr, NULL)));
			json_object_array_add(extra, item);
		}
	}
	put(o, N(c, "article.extra"), extra);
	return o;
}

/* GET the article list filtered by one code; *found is the first article (a new reference) or NULL. */
static int article_by_code(vasco_ctx *c, const char *code, json_object **found, erpsync_error *err)
{
	erpsync_conn_request r;
	erpsync_http_kv q[1];
	json_object *reply = NULL, *list;
	*found = NULL;
	q[0].name = N(c, "q.code");
	q[0].value = code;
	memset(&r, 0, sizeof(r));
	r.method = "GET"; r.path = N(c, "path.article"); r.query = q; r.query_count = 1;
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, NULL, NULL, err) != 0) return -1;
	list = erpsync_conn_unwrap(reply, NULL, VASCO, err);
	if (erpsync_error_isset(err)) { json_object_put(reply); return -1; }
	if (list && json_object_is_type(list, json_type_array)) {
		size_t i, n = json_object_array_length(list);
		/* a filter the server ignored must not make another article "this one" */
		for (i = 0; i < n && !*found; i++) {
			json_object *it = json_object_array_get_idx(list, i);
			if (strcmp(erpsync_conn_get_str(it, N(c, "article.code"), ""), code) == 0) *found = json_object_get(it);
		}
	}
	json_object_put(reply);
	return 0;
}

int vasco_find_product(vasco_ctx *c, json_object *pr, json_object **out, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	const char *code = article_code(c, pr);
	json_object *it = NULL;
	*out = NULL;
	if (!code || !*code) {
		erpsync_conn_subject(pr, "product", subject, sizeof(subject));
		erpsync_conn_invalid(err, subject, strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0 ? "ean" : "sku",
			"%s: no article code (%s)", subject, erpsync_conn_get_str(c->settings, "article_key", "sku"));
		return -1;
	}
	if (article_by_code(c, code, &it, err) != 0) return -1;
	if (!it) return 0;
	*out = json_object_new_object();
	json_object_object_add(*out, "remote_id", json_object_new_string(code));
	json_object_object_add(*out, "name", json_object_new_string(erpsync_conn_get_str(it, N(c, "article.name"), "")));
	json_object_put(it);
	return 0;
}

int vasco_push_product(vasco_ctx *c, json_object *pr, json_object **out, erpsync_error *err)
{
	json_object *body = vasco_build_product(c, pr, err), *reply = NULL, *it = NULL;
	erpsync_conn_request r;
	const char *code;
	bool exists;
	long status = 0;

	*out = NULL;
	if (!body) return -1;
	code = erpsync_conn_get_str(body, N(c, "article.code"), "");
	/* looked up before every POST: a retry after a POST whose reply was lost finds the article and PUTs */
	if (article_by_code(c, code, &it, err) != 0) { json_object_put(body); return -1; }
	exists = it != NULL;
	if (it) json_object_put(it);
	memset(&r, 0, sizeof(r));
	r.method = exists ? "PUT" : "POST";
	r.path = N(c, "path.article");
	r.body = body;
	r.idempotent = exists; /* a PUT of the same article is safe to repeat; a POST is never repeated blindly */
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, &status, NULL, err) != 0) { json_object_put(body); return -1; }
	*out = json_object_new_object();
	json_object_object_add(*out, "remote_id", json_object_new_string(code));
	json_object_object_add(*out, "created", json_object_new_boolean(!exists));
	json_object_object_add(*out, "status", json_object_new_int((int) status));
	json_object_put(reply);
	json_object_put(body);
	return 0;
}

/* The article list request with VASCO's segment pagination. */
static void vasco_products_setup(vasco_ctx *c, long page_size, erpsync_http_request *req, erpsync_http_pagination *pg)
{
	memset(req, 0, sizeof(*req));
	memset(pg, 0, sizeof(*pg));
	req->method = "GET";
	req->path = N(c, "path.article");
	pg->style = ERPSYNC_HTTP_PAGE_SEGMENT;
	pg->index_param = N(c, "q.segment");
	pg->size_param = N(c, "q.segment_size");
	pg->page_size = page_size > 0 ? page_size : 5000;
	pg->first_index = -1;
}

long vasco_products_raw(vasco_ctx *c, long page_size, erpsync_http_raw_page_fn on_page, void *ud, erpsync_error *err)
{
	erpsync_http_request req;
	erpsync_http_pagination pg;
	vasco_products_setup(c, page_size, &req, &pg);
	return erpsync_http_paginate_raw(c->http, &req, &pg, on_page, ud, err);
}

long vasco_products(vasco_ctx *c, long page_size, erpsync_http_page_fn on_page, void *ud, erpsync_error *err)
{
	erpsync_http_request req;
	erpsync_http_pagination pg;
	vasco_products_setup(c, page_size, &req, &pg);
	return erpsync_http_paginate(c->http, &req, &pg, on_page, ud, err);
}

/* ------------------------------------------------------------------------------ stock */

/* Value of a named extra field of an article (dodatnaPolja as list or object). */
static const char *extra_field(json_object *row, const char *name)
{
	json_object *ex = erpsync_conn_get(row, "dodatnaPolja");
	size_t i, n;
	if (!ex) return NULL;
	if (json_object_is_type(ex, json_type_object)) return erpsync_conn_get_str(ex, name, NULL);
	if (!json_object_is_type(ex, json_type_array)) return NULL;
	n = json_object_array_length(ex);
	for (i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(ex, i);
		if (strcmp(erpsync_conn_get_str(it, "naziv", ""), name) == 0) return erpsync_conn_get_str(it, "vrednost", NULL);
	}
	return NULL;
}

static bool warehouse_chosen(json_object *chosen, const char *wh)
{
	size_t i, n;
	if (!chosen || !json_object_is_type(chosen, json_type_array) || json_object_array_length(chosen) == 0) return true;
	n = json_object_array_length(chosen);
	for (i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(chosen, i));
		if (s && strcmp(s, wh) == 0) return true;
	}
	return false;
}

/* GET path with Sifra in batches of 100 (clients' batch size), rows appended to acc. */
static int get_by_codes(vasco_ctx *c, const char *path, json_object *codes, json_object *acc, erpsync_error *err)
{
	size_t i = 0, n = codes ? json_object_array_length(codes) : 0;
	char *buf = NULL;
	do {
		size_t j, cap = 0, len = 0;
		json_object *reply = NULL, *list;
		erpsync_http_kv q[1];
		erpsync_conn_request r;
		memset(&r, 0, sizeof(r));
		r.method = "GET"; r.path = path;
		if (n > 0) {
			for (j = i; j < n && j < i + 100; j++) cap += strlen(json_object_get_string(json_object_array_get_idx(codes, j))) + 1;
			buf = malloc(cap + 1);
			buf[0] = '\0';
			for (j = i; j < n && j < i + 100; j++) {
				const char *s = json_object_get_string(json_object_array_get_idx(codes, j));
				size_t sl = strlen(s);
				if (len) buf[len++] = ',';
				memcpy(buf + len, s, sl);
				len += sl;
			}
			buf[len] = '\0';
			q[0].name = N(c, "q.code"); q[0].value = buf;
			r.query = q; r.query_count = 1;
			i = j;
		}
		if (erpsync_conn_call(c->http, VASCO, &r, &reply, NULL, NULL, err) != 0) { free(buf); return -1; }
		free(buf);
		buf = NULL;
		list = erpsync_conn_unwrap(reply, NULL, VASCO, err);
		if (erpsync_error_isset(err)) { json_object_put(reply); return -1; }
		if (list && json_object_is_type(list, json_type_array)) {
			size_t k, m = json_object_array_length(list);
			for (k = 0; k < m; k++) json_object_array_add(acc, json_object_get(json_object_array_get_idx(list, k)));
		}
		json_object_put(reply);
	} while (i < n);
	return 0;
}

int vasco_stock(vasco_ctx *c, json_object *codes, json_object **out, erpsync_error *err)
{
	json_object *rows = json_object_new_array(), *articles = json_object_new_array(), *by = json_object_new_object();
	json_object *chosen = erpsync_conn_get(c->settings, "stock_warehouses");
	const char *supplier_field = erpsync_conn_get_str(c->settings, "supplier_stock_field", "PROSTO_C9");
	bool subtract = erpsync_conn_get_bool(c->settings, "subtract_reserved", true);
	bool with_supplier = erpsync_conn_get_bool(c->settings, "supplier_stock", true);
	size_t i, n;

	*out = NULL;
	if (get_by_codes(c, N(c, "path.stock"), codes, rows, err) != 0) goto fail;
	if (with_supplier && get_by_codes(c, N(c, "path.article"), codes, articles, err) != 0) goto fail;
	n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(rows, i), *e;
		const char *code = erpsync_conn_get_str(row, N(c, "stock.code"), NULL);
		const char *wh = erpsync_conn_get_str(row, N(c, "stock.warehouse"), "");
		erpsync_decimal q, r, acc;
		char b[ERPSYNC_DEC_BUF_LEN];
		if (!code || !warehouse_chosen(chosen, wh)) continue;
		if (!json_object_object_get_ex(by, code, &e)) {
			e = json_object_new_object();
			json_object_object_add(e, "code", json_object_new_string(code));
			json_object_object_add(e, "own", json_object_new_string("0"));
			json_object_object_add(e, "reserved", json_object_new_string("0"));
			json_object_object_add(e, "supplier", json_object_new_string("0"));
			json_object_object_add(by, code, e);
		}
		if (erpsync_conn_get_dec(row, N(c, "stock.qty"), &q) != ERPSYNC_DEC_OK) {
			erpsync_error_protocol(err, "$[].zaloga", "VASCO: stock row of %s has no quantity", code);
			goto fail;
		}
		erpsync_conn_get_dec(e, "own", &acc);
		erpsync_dec_add(&acc, &q, &acc);
		erpsync_dec_format(&acc, -1, b, sizeof(b), NULL);
		json_object_object_add(e, "own", json_object_new_string(b));
		if (erpsync_conn_get_dec(row, N(c, "stock.reserved"), &r) == ERPSYNC_DEC_OK) {
			erpsync_conn_get_dec(e, "reserved", &acc);
			erpsync_dec_add(&acc, &r, &acc);
			erpsync_dec_format(&acc, -1, b, sizeof(b), NULL);
			json_object_object_add(e, "reserved", json_object_new_string(b));
		}
	}
	n = json_object_array_length(articles);
	for (i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(articles, i), *e;
		const char *code = erpsync_conn_get_str(a, "sifra", NULL);
		const char *sup = extra_field(a, supplier_field);
		erpsync_decimal s;
		if (!code || !sup) continue;
		if (erpsync_dec_parse(sup, strlen(sup), &s) != ERPSYNC_DEC_OK) continue; /* empty or text: no supplier stock */
		if (!json_object_object_get_ex(by, code, &e)) {
			e = json_object_new_object();
			json_object_object_add(e, "code", json_object_new_string(code));
			json_object_object_add(e, "own", json_object_new_string("0"));
			json_object_object_add(e, "reserved", json_object_new_string("0"));
			json_object_object_add(by, code, e);
		}
		json_object_object_add(e, "supplier", json_object_new_string(sup));
	}
	*out = json_object_new_array();
	json_object_object_foreach(by, k, e) {
		erpsync_decimal own, res, sup, total;
		char b[ERPSYNC_DEC_BUF_LEN];
		(void) k;
		erpsync_conn_get_dec(e, "own", &own);
		erpsync_conn_get_dec(e, "reserved", &res);
		if (erpsync_conn_get_dec(e, "supplier", &sup) != ERPSYNC_DEC_OK) erpsync_dec_zero(&sup);
		total = own;
		if (subtract) erpsync_dec_sub(&total, &res, &total);
		if (with_supplier) erpsync_dec_add(&total, &sup, &total);
		erpsync_dec_format(&total, -1, b, sizeof(b), NULL);
		json_object_object_add(e, "total", json_object_new_string(b));
		json_object_array_add(*out, json_object_get(e));
	}
	json_object_put(by);
	json_object_put(rows);
	json_object_put(articles);
	return 0;
fail:
	json_object_put(by);
	json_object_put(rows);
	json_object_put(articles);
	return -1;
}

int vasco_get_list(vasco_ctx *c, const char *path_key, const erpsync_http_kv *q, size_t nq, json_object **out,
                   erpsync_error *err)
{
	erpsync_conn_request r;
	json_object *reply = NULL, *list;
	memset(&r, 0, sizeof(r));
	r.method = "GET"; r.path = N(c, path_key); r.query = q; r.query_count = nq;
	*out = NULL;
	if (erpsync_conn_call(c->http, VASCO, &r, &reply, NULL, NULL, err) != 0) return -1;
	list = erpsync_conn_unwrap(reply, NULL, VASCO, err);
	if (erpsync_error_isset(err)) { json_object_put(reply); return -1; }
	*out = list ? json_object_get(list) : json_object_new_array();
	json_object_put(reply);
	return 0;
}

bool vasco_email_blacklisted(vasco_ctx *c, const char *email)
{
	json_object *bl = erpsync_conn_get(c->settings, "email_blacklist");
	char e[256], item[256];
	const char *at;
	erpsync_conn_ascii_lower(email, e, sizeof(e));
	at = strchr(e, '@');
	if (!bl || !*e) return false;
	if (json_object_is_type(bl, json_type_string)) {
		/* comma/newline separated list */
		const char *s = json_object_get_string(bl);
		while (*s) {
			size_t k = strcspn(s, ",;\n");
			size_t a = 0, b = k;
			while (a < b && isspace((unsigned char) s[a])) a++;
			while (b > a && isspace((unsigned char) s[b - 1])) b--;
			if (b > a && b - a < sizeof(item)) {
				memcpy(item, s + a, b - a);
				item[b - a] = '\0';
				erpsync_conn_ascii_lower(item, item, sizeof(item));
				if (strcmp(item, e) == 0 || (item[0] == '*' && at && strcmp(item + 1, at) == 0)) return true;
			}
			s += k;
			if (*s) s++;
		}
		return false;
	}
	if (json_object_is_type(bl, json_type_array)) {
		size_t i, n = json_object_array_length(bl);
		for (i = 0; i < n; i++) {
			erpsync_conn_ascii_lower(json_object_get_string(json_object_array_get_idx(bl, i)), item, sizeof(item));
			if (strcmp(item, e) == 0 || (item[0] == '*' && at && strcmp(item + 1, at) == 0)) return true;
		}
	}
	return false;
}
