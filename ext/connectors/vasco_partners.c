/*
 * VASCO connector engine: business partners (SkupniSifranti/partner) — the partner built from a customer, the
 * lookup by VAT number or e-mail over the partner list (indexed once per connector), the create; zval-free.
 * Facts: erp-apis.md §2 (partner GET ?Sifra= is the only server-side filter, so VAT/e-mail lookup is client-side
 * over the list; partner POST with tipStevilcenja 0/1, names 40 / address 30 characters) [CODE].
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
	vasco_put(o, N(c, "partner.numbering"), json_object_new_int((int) (numbering == 0 ? 0 : 1)));
	if (numbering == 0) {
		const char *code = erpsync_conn_get_str(cu, "remote_id", NULL);
		if (!code || !vasco_digits_only(code)) {
			json_object_put(o);
			erpsync_conn_invalid(err, subject, "remote_id", "%s: partner numbering 0 needs a partner code (remote_id)", subject);
			return NULL;
		}
		vasco_put(o, N(c, "partner.code"), erpsync_json_new_number_text(code, strlen(code)));
	} else {
		vasco_put(o, N(c, "partner.code"), json_object_new_int(0));
	}
	vasco_put(o, N(c, "partner.name"), erpsync_conn_new_string_cut(name, 40));
	if (*company) {
		char person[256];
		snprintf(person, sizeof(person), "%s %s", erpsync_conn_get_str(cu, "first_name", ""), erpsync_conn_get_str(cu, "last_name", ""));
		vasco_put(o, N(c, "partner.name2"), erpsync_conn_new_string_cut(person, 40));
	} else {
		vasco_put(o, N(c, "partner.name2"), json_object_new_string(""));
	}
	vasco_put(o, N(c, "partner.address"), erpsync_conn_new_string_cut(street, 30));
	vasco_put(o, N(c, "partner.post"), erpsync_conn_new_string_cut(erpsync_conn_get_str(cu, "postcode", ""), 10));
	countries = erpsync_conn_get(c->settings, "countries");
	if (countries && *country && json_object_object_get_ex(countries, country, &cid) && cid) {
		vasco_put(o, N(c, "partner.country"), json_object_get(cid));
	}
	vasco_put(o, N(c, "partner.reg"), json_object_new_string(erpsync_conn_get_str(cu, "company_number", "")));
	vasco_put(o, N(c, "partner.type"), json_object_new_int(strcmp(country, erpsync_conn_get_str(c->settings, "home_country", "SI")) == 0 || !*country ? 1
		: erpsync_conn_get_bool(c->settings, "eu_countries_default", true) ? 2 : 3));
	vasco_put(o, N(c, "partner.vat"), json_object_new_string(vat));
	vasco_put(o, N(c, "partner.vat_payer"), json_object_new_int(*vat ? 1 : 0));
	if (*vat) {
		char ident[80];
		snprintf(ident, sizeof(ident), "%s%s", *country ? country : "SI", vat);
		vasco_put(o, N(c, "partner.ident"), json_object_new_string(ident));
	} else {
		vasco_put(o, N(c, "partner.ident"), json_object_new_string(""));
	}
	vasco_put(o, N(c, "partner.phone"), erpsync_conn_new_string_cut(erpsync_conn_get_str(cu, "phone", ""), 30));
	vasco_put(o, N(c, "partner.fax"), json_object_new_string(""));
	vasco_put(o, N(c, "partner.mobile"), json_object_new_string(""));
	vasco_put(o, N(c, "partner.email"), json_object_new_string(email));
	vasco_put(o, N(c, "partner.foreign"), NULL); /* JSON null, as dspanic2 sends */
	vasco_put(o, N(c, "partner.extra"), json_object_new_array());
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
