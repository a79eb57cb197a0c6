/*
 * VASCO connector engine (zval-free): the field and path names, the settings' validation, the helpers every engine
 * file shares, list GETs and the e-mail blacklist. The order document is in vasco_order_payload.c, the order lookup,
 * export and state in vasco_orders.c, partners in vasco_partners.c, articles and stock in vasco_products.c
 * (vasco_internal.h).
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
void vasco_put(json_object *o, const char *name, json_object *v)
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

/* ------------------------------------------------------------------ helpers of every engine file (vasco_internal.h) */

json_object *vasco_default_vat_table(void)
{
	json_object *t = json_object_new_object();
	json_object_object_add(t, "22", json_object_new_int(0));
	json_object_object_add(t, "9.5", json_object_new_int(1));
	json_object_object_add(t, "0", json_object_new_int(2));
	json_object_object_add(t, "5", json_object_new_int(3));
	return t;
}

/* VAT code for rate (a decimal), as a new json int/string; NULL + err when unknown. */
json_object *vasco_vat_code(vasco_ctx *c, const erpsync_decimal *rate, const char *subject, const char *field,
                           erpsync_error *err)
{
	json_object *table = erpsync_conn_get(c->settings, "vat_codes");
	json_object *own = NULL, *code;
	char buf[64];
	if (!table) {
		table = own = vasco_default_vat_table();
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

/* The article code of a line/product: SKU, or EAN when settings.article_key is "ean". */
const char *vasco_article_code(vasco_ctx *c, json_object *item)
{
	bool ean = strcmp(erpsync_conn_get_str(c->settings, "article_key", "sku"), "ean") == 0;
	return erpsync_conn_get_str(item, ean ? "ean" : "sku", NULL);
}

int vasco_price_places(vasco_ctx *c)
{
	int64_t p = erpsync_conn_get_int(c->settings, "price_decimals", 4);
	return (p < 0 || p > 8) ? 4 : (int) p;
}

bool vasco_digits_only(const char *s)
{
	if (!s || !*s) return false;
	for (; *s; s++) if (!isdigit((unsigned char) *s)) return false;
	return true;
}

/* The field and path names, for the other engine files (vasco_internal.h). */
const char *vasco_n(vasco_ctx *c, const char *key)
{
	return N(c, key);
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
