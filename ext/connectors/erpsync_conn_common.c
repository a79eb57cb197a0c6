/* Common connector layer (zval-free). See erpsync_conn_common.h. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpsync_conn_common.h"
#include "json/erpsync_json_decimal.h"

#include "json/erpsync_json.h"  /* serializer and exact number text (zval-free functions) */

/* ----------------------------------------------------------------------------- names */

static json_object *override_for(const erpsync_conn_names *t, const char *key, const char **bare)
{
	json_object *v = NULL;
	if (strncmp(key, "path.", 5) == 0) {
		*bare = key + 5;
		if (t->paths && json_object_is_type(t->paths, json_type_object)) {
			json_object_object_get_ex(t->paths, key + 5, &v);
		}
	} else {
		*bare = key;
		if (t->fields && json_object_is_type(t->fields, json_type_object)) {
			json_object_object_get_ex(t->fields, key, &v);
		}
	}
	return v;
}

void erpsync_conn_names_init(erpsync_conn_names *t, const char *connector, const erpsync_conn_name_def *defs, json_object *settings)
{
	t->connector = connector;
	t->defs = defs;
	t->paths = erpsync_conn_get(settings, "paths");
	t->fields = erpsync_conn_get(settings, "fields");
}

const char *erpsync_conn_name(const erpsync_conn_names *t, const char *key)
{
	const char *bare;
	json_object *v = override_for(t, key, &bare);
	const erpsync_conn_name_def *d;

	if (v && json_object_is_type(v, json_type_string) && json_object_get_string_len(v) > 0) {
		return json_object_get_string(v);
	}
	for (d = t->defs; d && d->key; d++) {
		if (strcmp(d->key, key) == 0) {
			return d->def;
		}
	}
	return key;
}

static bool has_def(const erpsync_conn_names *t, const char *key)
{
	const erpsync_conn_name_def *d;
	for (d = t->defs; d && d->key; d++) {
		if (strcmp(d->key, key) == 0) {
			return true;
		}
	}
	return false;
}

/* A path override is relative to the configured base URL: no scheme ("http:", "javascript:"), no network-path
 * reference ("//host"), no backslash, no control character. The HTTP engine checks the URL it builds as well. */
static bool path_stays_on_origin(const char *p)
{
	size_t i, seg = strcspn(p, "/?#");
	if (memchr(p, ':', seg) || strchr(p, '\\') || (p[0] == '/' && p[1] == '/')) {
		return false;
	}
	for (i = 0; p[i]; i++) {
		if ((unsigned char) p[i] < 0x20 || (unsigned char) p[i] == 0x7f) {
			return false;
		}
	}
	return true;
}

static bool check_overrides(const erpsync_conn_names *t, json_object *o, const char *prefix, const char *setting,
                            erpsync_error *err)
{
	char full[256];
	if (!o) {
		return true;
	}
	if (!json_object_is_type(o, json_type_object)) {
		erpsync_conn_invalid(err, "settings", setting, "%s settings: \"%s\" must be a map of names", t->connector, setting);
		return false;
	}
	json_object_object_foreach(o, k, v) {
		snprintf(full, sizeof(full), "%s%s", prefix, k);
		if (!has_def(t, full)) {
			char field[300];
			snprintf(field, sizeof(field), "%s.%s", setting, k);
			erpsync_conn_invalid(err, "settings", field, "%s settings: \"%s\" overrides an unknown name \"%s\"",
				t->connector, setting, k);
			return false;
		}
		if (!json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0) {
			char field[300];
			snprintf(field, sizeof(field), "%s.%s", setting, k);
			erpsync_conn_invalid(err, "settings", field, "%s settings: \"%s.%s\" must be a non-empty text",
				t->connector, setting, k);
			return false;
		}
		if (strcmp(prefix, "path.") == 0 && !path_stays_on_origin(json_object_get_string(v))) {
			char field[300];
			snprintf(field, sizeof(field), "%s.%s", setting, k);
			erpsync_conn_invalid(err, "settings", field, "%s settings: \"%s.%s\" must be a path on the configured server "
				"(no scheme, host, \"//\", backslash or control character)", t->connector, setting, k);
			return false;
		}
	}
	return true;
}

bool erpsync_conn_names_check(const erpsync_conn_names *t, erpsync_error *err)
{
	return check_overrides(t, t->paths, "path.", "settings.paths", err)
		&& check_overrides(t, t->fields, "", "settings.fields", err);
}

/* -------------------------------------------------------------------------- snapshot */

json_object *erpsync_conn_get(json_object *root, const char *path)
{
	const char *p = path;
	json_object *cur = root;
	char seg[128];

	while (cur && *p) {
		size_t n = strcspn(p, ".");
		if (n >= sizeof(seg)) {
			return NULL;
		}
		memcpy(seg, p, n);
		seg[n] = '\0';
		if (json_object_is_type(cur, json_type_object)) {
			json_object *next = NULL;
			if (!json_object_object_get_ex(cur, seg, &next)) {
				return NULL;
			}
			cur = next;
		} else if (json_object_is_type(cur, json_type_array)) {
			char *end;
			long idx = strtol(seg, &end, 10);
			if (*seg == '\0' || *end != '\0' || idx < 0 || (size_t) idx >= json_object_array_length(cur)) {
				return NULL;
			}
			cur = json_object_array_get_idx(cur, (size_t) idx);
		} else {
			return NULL;
		}
		p += n;
		if (*p == '.') {
			p++;
		}
	}
	return cur;
}

const char *erpsync_conn_get_str(json_object *root, const char *path, const char *def)
{
	json_object *v = erpsync_conn_get(root, path);
	const char *s;
	if (!v) {
		return def;
	}
	switch (json_object_get_type(v)) {
		case json_type_string:
			s = json_object_get_string(v);
			return (s && *s) ? s : def;
		case json_type_int:
		case json_type_double:
			return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
		case json_type_boolean:
			return json_object_get_boolean(v) ? "1" : def;
		default:
			return def;
	}
}

erpsync_dec_status erpsync_conn_get_dec(json_object *root, const char *path, erpsync_decimal *out)
{
	json_object *v = erpsync_conn_get(root, path);
	if (!v) {
		erpsync_dec_zero(out);
		return ERPSYNC_DEC_EINVAL;
	}
	return erpsync_json_get_decimal(v, out);
}

int64_t erpsync_conn_get_int(json_object *root, const char *path, int64_t def)
{
	json_object *v = erpsync_conn_get(root, path);
	if (!v) {
		return def;
	}
	if (json_object_is_type(v, json_type_int)) {
		return json_object_get_int64(v);
	}
	if (json_object_is_type(v, json_type_string)) {
		const char *s = json_object_get_string(v);
		char *end;
		long long x;
		if (!*s) {
			return def;
		}
		x = strtoll(s, &end, 10);
		return *end == '\0' ? (int64_t) x : def;
	}
	return def;
}

bool erpsync_conn_get_bool(json_object *root, const char *path, bool def)
{
	json_object *v = erpsync_conn_get(root, path);
	if (!v) {
		return def;
	}
	switch (json_object_get_type(v)) {
		case json_type_boolean: return json_object_get_boolean(v);
		case json_type_int:     return json_object_get_int64(v) != 0;
		case json_type_string: {
			const char *s = json_object_get_string(v);
			return !(strcmp(s, "") == 0 || strcmp(s, "0") == 0 || strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0);
		}
		default: return def;
	}
}

/* ------------------------------------------------------------------------------ text */

size_t erpsync_conn_utf8_prefix(const char *s, size_t len, size_t max_chars)
{
	size_t i = 0, chars = 0;
	while (i < len) {
		unsigned char c = (unsigned char) s[i];
		size_t w = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
		if (chars == max_chars) {
			break;
		}
		if (i + w > len) {
			break;
		}
		i += w;
		chars++;
	}
	return i;
}

size_t erpsync_conn_utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len; i++) {
		if (((unsigned char) s[i] & 0xC0) != 0x80) {
			n++;
		}
	}
	return n;
}

json_object *erpsync_conn_new_string_cut(const char *s, size_t max_chars)
{
	size_t len, start = 0;
	if (!s) {
		return json_object_new_string("");
	}
	len = strlen(s);
	while (start < len && isspace((unsigned char) s[start])) {
		start++;
	}
	while (len > start && isspace((unsigned char) s[len - 1])) {
		len--;
	}
	if (max_chars > 0) {
		size_t cut = erpsync_conn_utf8_prefix(s + start, len - start, max_chars);
		/* no trailing space after the cut */
		while (cut > 0 && isspace((unsigned char) s[start + cut - 1])) {
			cut--;
		}
		len = start + cut;
	}
	return json_object_new_string_len(s + start, (int) (len - start));
}

void erpsync_conn_ascii_lower(const char *s, char *buf, size_t size)
{
	size_t i;
	if (size == 0) {
		return;
	}
	for (i = 0; s && s[i] && i + 1 < size; i++) {
		buf[i] = (char) tolower((unsigned char) s[i]);
	}
	buf[i] = '\0';
}

bool erpsync_conn_email_valid(const char *s)
{
	const char *at, *dot, *p;
	if (!s || !*s || strlen(s) > 254) {
		return false;
	}
	at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@')) {
		return false;
	}
	for (p = s; *p; p++) {
		if ((unsigned char) *p <= ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>') {
			return false;
		}
	}
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

/* --------------------------------------------------------------------------- amounts */

json_object *erpsync_conn_new_amount(const erpsync_decimal *d, int places, bool as_number)
{
	char buf[ERPSYNC_DEC_BUF_LEN];
	size_t len = 0;
	if (erpsync_dec_format(d, places, buf, sizeof(buf), &len) != ERPSYNC_DEC_OK) {
		return NULL;
	}
	if (as_number) {
		return erpsync_json_new_number_text(buf, len);
	}
	return json_object_new_string_len(buf, (int) len);
}

/* -------------------------------------------------------------------------------- VAT */

json_object *erpsync_conn_vat_code(json_object *table, const erpsync_decimal *rate)
{
	if (!table || !json_object_is_type(table, json_type_object)) {
		return NULL;
	}
	json_object_object_foreach(table, k, v) {
		erpsync_decimal r;
		if (erpsync_dec_parse(k, strlen(k), &r) == ERPSYNC_DEC_OK && erpsync_dec_cmp(&r, rate) == 0) {
			return v;
		}
	}
	return NULL;
}

/* ----------------------------------------------------------------------------- extras */

const char *erpsync_conn_extra_value(const char *source, json_object *snapshot, json_object *ctx)
{
	if (!source || !*source) {
		return "";
	}
	if (source[0] == '=') {
		return source + 1;
	}
	if (source[0] == '@') {
		return erpsync_conn_get_str(ctx, source + 1, "");
	}
	return erpsync_conn_get_str(snapshot, source, "");
}

/* ----------------------------------------------------------------------------- errors */

void erpsync_conn_subject(json_object *snapshot, const char *kind, char *buf, size_t size)
{
	const char *id = erpsync_conn_get_str(snapshot, "number", NULL);
	if (!id) {
		id = erpsync_conn_get_str(snapshot, "id", NULL);
	}
	if (!id && strcmp(kind, "customer") == 0) {
		id = erpsync_conn_get_str(snapshot, "email", NULL);
	}
	if (!id && strcmp(kind, "product") == 0) {
		id = erpsync_conn_get_str(snapshot, "sku", NULL);
	}
	snprintf(buf, size, "%s %s", kind, id ? id : "(no id)");
}

/* ----------------------------------------------------------------------------- order lines */

json_object *erpsync_conn_order_lines(json_object *order, const char *subject, size_t *n, erpsync_error *err)
{
	json_object *items = erpsync_conn_get(order, "line_items");
	*n = items && json_object_is_type(items, json_type_array) ? json_object_array_length(items) : 0;
	if (*n == 0) {
		erpsync_conn_invalid(err, subject, "line_items", "%s: the order has no line items", subject);
		return NULL;
	}
	return items;
}

bool erpsync_conn_order_email(json_object *order, const char *subject, erpsync_error *err)
{
	if (!erpsync_conn_email_valid(erpsync_conn_get_str(order, "billing.email", ""))) {
		erpsync_conn_invalid(err, subject, "billing.email", "%s: the billing email is missing or not a valid address", subject);
		return false;
	}
	return true;
}

bool erpsync_conn_line_amounts(json_object *li, size_t i, const char *subject, const char *code, int places,
                               erpsync_decimal *qty, erpsync_decimal *unit, erpsync_decimal *disc,
                               erpsync_decimal *rate, erpsync_error *err)
{
	erpsync_decimal zero, sub, tot, diff, scaled, hundred;
	const char *bad = NULL, *what = NULL;
	erpsync_dec_zero(&zero);
	if (erpsync_conn_get_dec(li, "quantity", qty) != ERPSYNC_DEC_OK || erpsync_dec_cmp(qty, &zero) <= 0) {
		bad = "quantity"; what = "has a quantity that is not above zero";
	} else if (erpsync_conn_get_dec(li, "subtotal", &sub) != ERPSYNC_DEC_OK || erpsync_conn_get_dec(li, "total", &tot) != ERPSYNC_DEC_OK) {
		bad = "total"; what = "lacks subtotal/total amounts";
	} else if (erpsync_conn_get_dec(li, "tax_rate_percent", rate) != ERPSYNC_DEC_OK) {
		bad = "tax_rate_percent"; what = "has no tax_rate_percent";
	}
	if (bad) {
		erpsync_conn_invalid(err, subject, "", "%s: line %zu (%s) %s", subject, i + 1, code, what);
		snprintf(err->field, sizeof(err->field), "line_items[%zu].%s", i, bad);
		return false;
	}
	erpsync_dec_zero(disc);
	erpsync_dec_from_int(100, &hundred);
	if (erpsync_dec_div(&sub, qty, places, unit) != ERPSYNC_DEC_OK
	 || (!erpsync_dec_is_zero(&sub) && erpsync_dec_cmp(&sub, &tot) != 0
	     && (erpsync_dec_sub(&sub, &tot, &diff) != ERPSYNC_DEC_OK || erpsync_dec_mul(&diff, &hundred, &scaled) != ERPSYNC_DEC_OK
	         || erpsync_dec_div(&scaled, &sub, ERPSYNC_DEC_MAX_PLACES, disc) != ERPSYNC_DEC_OK))) {
		erpsync_conn_invalid(err, subject, "", "%s: line %zu (%s) has amounts out of range", subject, i + 1, code);
		snprintf(err->field, sizeof(err->field), "line_items[%zu].total", i);
		return false;
	}
	return true;
}

/* ----------------------------------------------------------------------------- replies */

const char *erpsync_conn_error_text(json_object *reply)
{
	static const char *const keys[] = {"message", "errortext", "error", "detail", "title", "error_description", NULL};
	json_object *v;
	size_t i;
	if (!reply || !json_object_is_type(reply, json_type_object)) {
		return "";
	}
	for (i = 0; keys[i]; i++) {
		if (json_object_object_get_ex(reply, keys[i], &v)) {
			if (json_object_is_type(v, json_type_string) && json_object_get_string_len(v) > 0) {
				return json_object_get_string(v);
			}
			if (json_object_is_type(v, json_type_object)) {
				const char *inner = erpsync_conn_error_text(v);
				if (*inner) {
					return inner;
				}
			}
		}
	}
	if (json_object_object_get_ex(reply, "errors", &v)) {
		if (json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0) {
			json_object *first = json_object_array_get_idx(v, 0);
			if (json_object_is_type(first, json_type_string)) {
				return json_object_get_string(first);
			}
			return erpsync_conn_error_text(first);
		}
		if (json_object_is_type(v, json_type_object)) {
			/* ASP.NET validation: {"errors": {"Field": ["text"]}} */
			json_object_object_foreach(v, k, arr) {
				(void) k;
				if (json_object_is_type(arr, json_type_array) && json_object_array_length(arr) > 0) {
					json_object *t = json_object_array_get_idx(arr, 0);
					if (json_object_is_type(t, json_type_string)) {
						return json_object_get_string(t);
					}
				}
			}
		}
	}
	return "";
}

json_object *erpsync_conn_unwrap(json_object *reply, const char *key, const char *connector, erpsync_error *err)
{
	static const char *const keys[] = {"data", "items", "value", "result", "results", NULL};
	json_object *v;
	size_t i;

	if (!reply || !json_object_is_type(reply, json_type_object)) {
		return reply;
	}
	if ((json_object_object_get_ex(reply, "success", &v) || json_object_object_get_ex(reply, "ok", &v))
	 && json_object_is_type(v, json_type_boolean) && !json_object_get_boolean(v)) {
		const char *msg = erpsync_conn_error_text(reply);
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "%s refused the request: %s", connector,
			*msg ? msg : "no reason given");
		return NULL;
	}
	if (key && *key) {
		if (json_object_object_get_ex(reply, key, &v)) {
			return v;
		}
		erpsync_error_protocol(err, "$", "%s: the reply has no \"%s\"", connector, key);
		return NULL;
	}
	for (i = 0; keys[i]; i++) {
		if (json_object_object_get_ex(reply, keys[i], &v) && v
		 && (json_object_is_type(v, json_type_array) || json_object_is_type(v, json_type_object))) {
			return v;
		}
	}
	return reply;
}

/* ------------------------------------------------------------------------------- HTTP */

static void prefix_error(erpsync_error *err, const char *connector)
{
	char tmp[ERPSYNC_ERR_MSG_LEN];
	size_t n = strlen(connector);
	if (strncmp(err->message, connector, n) == 0) {
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s: %s", connector, err->message);
	memcpy(err->message, tmp, sizeof(tmp));
}

/* The reason a back-office gave (from the redacted excerpt), added to an HTTP error, and the connector's prefix. */
static void call_error(erpsync_error *err, const char *connector)
{
	if ((err->code == ERPSYNC_E_HTTP || err->code == ERPSYNC_E_RATE_LIMITED) && err->excerpt[0]) {
		/* add the back-office's own reason (from the redacted excerpt) so a shop owner can act on it */
		json_object *eb = json_tokener_parse(err->excerpt);
		const char *why = eb ? erpsync_conn_error_text(eb) : "";
		if (*why) {
			size_t ml = strlen(err->message), room = sizeof(err->message) - ml;
			char cut[301];
			if (room > 3) {
				/* at most 300 bytes and what fits, cut between characters */
				erpsync_strlcpy_utf8(cut, room - 2 < sizeof(cut) ? room - 2 : sizeof(cut), why, strlen(why));
				snprintf(err->message + ml, room, ": %s", cut);
			}
		}
		if (eb) json_object_put(eb);
	}
	prefix_error(err, connector);
}

/* The engine request of r, its JSON body serialized into *body (malloc'ed); -1 with err when it cannot be. */
static int call_prepare(const char *connector, const erpsync_conn_request *r, erpsync_http_request *req, char **body,
                        erpsync_error *err)
{
	size_t body_len = 0;
	*body = NULL;
	memset(req, 0, sizeof(*req));
	if (r->body) {
		*body = erpsync_json_serialize(r->body, 0, &body_len);
		if (!*body) {
			erpsync_error_set(err, ERPSYNC_E_GENERIC, "%s: could not serialize the request", connector);
			return -1;
		}
	}
	req->method = r->method;
	req->path = r->path;
	req->query = r->query;
	req->query_count = r->query_count;
	req->body = *body;
	req->body_len = body_len;
	req->idempotent = r->idempotent;
	req->accept_any_status = r->accept_any_status;
	return 0;
}

/* What erpsync_conn_call gives for one executed request (rc of the engine, res its reply); frees res and body. */
static int call_finish(const char *connector, const erpsync_conn_request *r, int rc, erpsync_http_response *res,
                       char *body, json_object **reply, long *status, char **body_text, erpsync_error *err)
{
	if (rc != 0) {
		call_error(err, connector);
		free(body);
		erpsync_http_response_dtor(res);
		return -1;
	}
	if (status) {
		*status = res->status;
	}
	if (res->body_len > 0) {
		char where[160];
		snprintf(where, sizeof(where), "%s %s %s", connector, r->method, r->path);
		*reply = erpsync_http_parse_json_reply(res->body, res->body_len, where, err);
		if (erpsync_error_isset(err)) {
			free(body);
			erpsync_http_response_dtor(res);
			return -1;
		}
	}
	erpsync_http_response_dtor(res);
	if (body_text) {
		*body_text = body;
	} else {
		free(body);
	}
	return 0;
}

int erpsync_conn_call(erpsync_http_client *client, const char *connector, const erpsync_conn_request *r,
                      json_object **reply, long *status, char **body_text, erpsync_error *err)
{
	erpsync_http_request req;
	erpsync_http_response res;
	char *body = NULL;
	int rc;

	*reply = NULL;
	if (body_text) {
		*body_text = NULL;
	}
	memset(&res, 0, sizeof(res));
	if (call_prepare(connector, r, &req, &body, err) != 0) {
		return -1;
	}
	rc = erpsync_http_execute(client, &req, &res, err);
	return call_finish(connector, r, rc, &res, body, reply, status, body_text, err);
}

size_t erpsync_conn_call_many(erpsync_http_client *client, const char *connector, const erpsync_conn_request *rs,
                              size_t n, size_t concurrency, json_object **replies, long *statuses, char **body_texts,
                              erpsync_error *errs)
{
	erpsync_http_request *reqs;
	erpsync_http_response *res;
	char **bodies;
	size_t *slot, i, m = 0, failures = 0;

	for (i = 0; i < n; i++) {
		replies[i] = NULL;
		if (statuses) statuses[i] = 0;
		if (body_texts) body_texts[i] = NULL;
		erpsync_error_clear(&errs[i]);
	}
	if (n == 0) {
		return 0;
	}
	reqs = calloc(n, sizeof(*reqs));
	res = calloc(n, sizeof(*res));
	bodies = calloc(n, sizeof(*bodies));
	slot = calloc(n, sizeof(*slot));
	if (!reqs || !res || !bodies || !slot) {
		free(reqs); free(res); free(bodies); free(slot);
		for (i = 0; i < n; i++) {
			erpsync_error_set(&errs[i], ERPSYNC_E_GENERIC, "%s: out of memory", connector);
		}
		return n;
	}
	/* requests whose body cannot be serialized fail alone; the others go out together */
	for (i = 0; i < n; i++) {
		if (call_prepare(connector, &rs[i], &reqs[m], &bodies[m], &errs[i]) == 0) {
			slot[m++] = i;
		} else {
			failures++;
		}
	}
	{
		erpsync_error *e = calloc(m ? m : 1, sizeof(*e));
		if (!e) {
			for (i = 0; i < m; i++) {
				free(bodies[i]);
				erpsync_error_set(&errs[slot[i]], ERPSYNC_E_GENERIC, "%s: out of memory", connector);
			}
			failures += m;
			m = 0;
		} else {
			erpsync_http_execute_many(client, reqs, m, concurrency, res, e);
			for (i = 0; i < m; i++) {
				size_t k = slot[i];
				int rc = erpsync_error_isset(&e[i]) ? -1 : 0;
				if (rc != 0) {
					errs[k] = e[i];
				}
				if (call_finish(connector, &rs[k], rc, &res[i], bodies[i], &replies[k], statuses ? &statuses[k] : NULL,
				                body_texts ? &body_texts[k] : NULL, &errs[k]) != 0) {
					failures++;
				}
			}
			free(e);
		}
	}
	free(reqs);
	free(res);
	free(bodies);
	free(slot);
	return failures;
}
