/*
 * JSON layer, engine part (zval-free, compiles without PHP): JSON paths in messages, strict UTF-8, parsing
 * with json-c under the project's rules, deterministic serializing, exact number text. The PHP side
 * (json_object <-> zval) is erpsync_json.c.
 *
 * Parsing runs json-c's tokener in strict mode with UTF-8 validation, then one walk over the
 * tree checks what the tokener lets through (NaN/Infinity, nesting deeper than asked) and
 * restores integers json-c saturated at 64 bits to their exact text. Errors carry the JSON
 * path; for tokener errors the path is rebuilt by a small scan of the text before the offset.
 * Every json_object made here is released on every path (json_object_put).
 */
#define _GNU_SOURCE 1
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <locale.h>

#include "erpsync_json_engine.h"
#include "erpsync_json_pairs.h"

/* strtod in the C locale whatever setlocale() the host did (a shop in de_DE must still read "12.30"). */
static double ej_strtod_c(const char *t)
{
	static locale_t c_loc = (locale_t) 0;
	if (!c_loc) {
		c_loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t) 0);
	}
	return c_loc ? strtod_l(t, NULL, c_loc) : strtod(t, NULL);
}

/* ------------------------------------------------------------------------------ JSON paths */


typedef struct {
	char *buf;
	size_t size;
	size_t len;
	bool truncated;
} ej_out;

static void ej_out_put(ej_out *o, const char *s, size_t n)
{
	if (o->truncated) {
		return;
	}
	if (o->len + n + 4 >= o->size) { /* keep room for "..." */
		size_t room = o->size > o->len + 4 ? o->size - o->len - 4 : 0;
		size_t cut = n < room ? n : room;
		while (cut > 0 && cut < n && ((unsigned char) s[cut] & 0xC0) == 0x80) {
			cut--;
		}
		memcpy(o->buf + o->len, s, cut);
		o->len += cut;
		memcpy(o->buf + o->len, "...", 3);
		o->len += 3;
		o->buf[o->len] = '\0';
		o->truncated = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static bool ej_key_is_plain(const char *k, size_t n)
{
	size_t i;
	if (n == 0 || (k[0] >= '0' && k[0] <= '9')) {
		return false;
	}
	for (i = 0; i < n; i++) {
		char c = k[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
			return false;
		}
	}
	return true;
}

/* Appends one step: .name, ["odd name"] or [3]. */
static void ej_out_step(ej_out *o, const char *key, size_t key_len, size_t index)
{
	char tmp[32];
	size_t i;
	if (!key) {
		int n = snprintf(tmp, sizeof(tmp), "[%zu]", index);
		ej_out_put(o, tmp, (size_t) n);
		return;
	}
	if (ej_key_is_plain(key, key_len)) {
		ej_out_put(o, ".", 1);
		ej_out_put(o, key, key_len);
		return;
	}
	ej_out_put(o, "[\"", 2);
	for (i = 0; i < key_len; i++) {
		unsigned char c = (unsigned char) key[i];
		if (c == '"' || c == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char) c;
			ej_out_put(o, tmp, 2);
		} else if (c < 0x20 || c == 0x7f) {
			int n = snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			ej_out_put(o, tmp, (size_t) n);
		} else if (c >= 0x80) {
			/* copy a valid UTF-8 sequence, show a bad byte as \xNN so the message stays valid UTF-8 */
			size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (i + n <= key_len && erpsync_utf8_valid(key + i, n, NULL)) {
				ej_out_put(o, key + i, n);
				i += n - 1;
			} else {
				int m = snprintf(tmp, sizeof(tmp), "\\x%02x", c);
				ej_out_put(o, tmp, (size_t) m);
			}
		} else {
			ej_out_put(o, (const char *) &key[i], 1);
		}
	}
	ej_out_put(o, "\"]", 2);
}

static void ej_path_render_rec(const ej_path *p, ej_out *o)
{
	if (!p) {
		return;
	}
	ej_path_render_rec(p->parent, o);
	ej_out_step(o, p->key, p->key_len, p->index);
}

/* "$.items[3].sku" */
static void ej_path_render(const ej_path *p, char *buf, size_t size)
{
	ej_out o = { buf, size, 0, false };
	buf[0] = '\0';
	ej_out_put(&o, "$", 1);
	ej_path_render_rec(p, &o);
}

/* The field name of a ValidationException: the path without "$." ("items[3].sku"), "$" for the root. */
static const char *ej_path_field(const char *path)
{
	if (path[0] == '$' && path[1] == '.') {
		return path + 2;
	}
	if (path[0] == '$' && path[1] == '[') {
		return path + 1;
	}
	return path;
}

/* ValidationException; the message gets " at $.path" appended. */
void ej_validation(erpsync_error *err, const ej_path *p, const char *fmt, ...)
{
	char path[ERPSYNC_ERR_SHORT_LEN];
	char msg[ERPSYNC_ERR_MSG_LEN - ERPSYNC_ERR_SHORT_LEN - 8];
	va_list ap;
	ej_path_render(p, path, sizeof(path));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	erpsync_error_validation(err, "", ej_path_field(path), "%s at %s", msg, path);
}

/* ProtocolException; the message gets " at $.path" appended. */
void ej_protocol(erpsync_error *err, const ej_path *p, const char *fmt, ...)
{
	char path[ERPSYNC_ERR_SHORT_LEN];
	char msg[ERPSYNC_ERR_MSG_LEN - ERPSYNC_ERR_SHORT_LEN - 8];
	va_list ap;
	ej_path_render(p, path, sizeof(path));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	erpsync_error_protocol(err, path, "%s at %s", msg, path);
}

/* ------------------------------------------------------------------------------ UTF-8 */

bool erpsync_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t i = 0;
	while (i < len) {
		unsigned char c;
		size_t n;
		uint32_t cp;
		/* ASCII fast path, 8 bytes at a time */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & UINT64_C(0x8080808080808080)) {
				break;
			}
			i += 8;
		}
		if (i >= len) {
			break;
		}
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1; cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2; cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3; cp = c & 0x07;
		} else {
			goto bad;
		}
		if (len - i <= n) { /* truncated sequence */
			goto bad;
		}
		{
			size_t k;
			for (k = 1; k <= n; k++) {
				if ((p[i + k] & 0xC0) != 0x80) {
					goto bad;
				}
				cp = (cp << 6) | (p[i + k] & 0x3F);
			}
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
			goto bad;
		}
		i += n + 1;
	}
	return true;
bad:
	if (bad_offset) {
		*bad_offset = i;
	}
	return false;
}

/* ---------------------------------------------------------------- path of a parse error */

typedef struct {
	bool is_object;
	bool have_key;        /* object: a member name was read, its value is being parsed */
	size_t index;         /* array: index of the current element */
	size_t key_start, key_len;
} ej_scan_frame;

/* Rebuilds the path of the value being parsed at byte `offset` by scanning text[0, offset). The
 * prefix is what json-c accepted, so a light scanner suffices. Keys are shown as written. */
static void ej_path_at_offset(const char *text, size_t len, size_t offset, char *buf, size_t size)
{
	ej_scan_frame *st = NULL;
	size_t depth = 0, cap = 0, i, k;
	bool expect_key = false;
	ej_out o = { buf, size, 0, false };

	if (offset > len) {
		offset = len;
	}
	for (i = 0; i < offset; i++) {
		char c = text[i];
		if (c == '"') {
			size_t start = ++i;
			while (i < offset && text[i] != '"') {
				if (text[i] == '\\') {
					i++;
				}
				i++;
			}
			if (depth > 0 && st[depth - 1].is_object && expect_key) {
				st[depth - 1].key_start = start;
				st[depth - 1].key_len = (i < offset ? i : offset) - start;
				st[depth - 1].have_key = true;
				expect_key = false;
			}
			continue;
		}
		switch (c) {
			case '{':
			case '[':
				if (depth == cap) {
					ej_scan_frame *n;
					cap = cap ? cap * 2 : 16;
					n = realloc(st, cap * sizeof(*st));
					if (!n) {
						free(st);
						snprintf(buf, size, "$");
						return;
					}
					st = n;
				}
				memset(&st[depth], 0, sizeof(st[depth]));
				st[depth].is_object = (c == '{');
				expect_key = (c == '{');
				depth++;
				break;
			case '}':
			case ']':
				if (depth > 0) {
					depth--;
				}
				expect_key = false;
				break;
			case ',':
				if (depth > 0) {
					if (st[depth - 1].is_object) {
						st[depth - 1].have_key = false;
						expect_key = true;
					} else {
						st[depth - 1].index++;
					}
				}
				break;
			default:
				break;
		}
	}
	buf[0] = '\0';
	ej_out_put(&o, "$", 1);
	for (k = 0; k < depth; k++) {
		if (st[k].is_object) {
			if (st[k].have_key) {
				ej_out_step(&o, text + st[k].key_start, st[k].key_len, 0);
			}
		} else {
			ej_out_step(&o, NULL, 0, st[k].index);
		}
	}
	free(st);
}

/* ------------------------------------------------------------------------------ parsing */

/* Exact text of a number json-c kept (numbers with a fraction/exponent, and our 64-bit
 * overflow replacements), or NULL. */
const char *ej_number_text(json_object *o)
{
	if (json_object_get_type(o) != json_type_double) {
		return NULL;
	}
	return (const char *) json_object_get_userdata(o);
}

bool ej_text_is_integer(const char *t)
{
	return t && !strpbrk(t, ".eE");
}

/* May this int be a value json-c saturated (a literal beyond int64/uint64)? */
static bool ej_int_saturated(json_object *o)
{
	int64_t v = json_object_get_int64(o);
	if (v == INT64_MIN) {
		return true;
	}
	return v == INT64_MAX && json_object_get_uint64(o) == UINT64_MAX;
}

typedef struct {
	const char *text;
	size_t len;
	size_t pos;
	erpsync_error *err;
} ej_fix;

static void ej_fix_ws(ej_fix *f)
{
	while (f->pos < f->len) {
		char c = f->text[f->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			break;
		}
		f->pos++;
	}
}

/* Skips a string token at pos (on the opening quote); returns the raw content span. */
static void ej_fix_string(ej_fix *f, size_t *start, size_t *n, bool *escaped)
{
	*escaped = false;
	f->pos++;
	*start = f->pos;
	while (f->pos < f->len && f->text[f->pos] != '"') {
		if (f->text[f->pos] == '\\') {
			*escaped = true;
			f->pos++;
		}
		f->pos++;
	}
	*n = f->pos - *start;
	f->pos++;
}

/*
 * Second pass, run only when the tree holds an int json-c may have saturated: walks the text
 * and the tree side by side and replaces each saturated int by a number that keeps the literal's
 * exact text (json_object_new_double_s). *slot is the node (replaced in place through the parent).
 * Returns false on an inconsistency, which only duplicate member names can cause.
 */
static bool ej_fix_value(ej_fix *f, json_object *parent, const char *pkey, size_t pidx, json_object **slot,
	const ej_path *path);

/* The members of an object (pos on its '{'), each against the tree's member in the same place. */
static bool ej_fix_object(ej_fix *f, json_object *node, const ej_path *path)
{
	struct json_object_iterator it, end;
	size_t start, n;
	bool esc;
	if (json_object_get_type(node) != json_type_object) {
		return false;
	}
	it = json_object_iter_begin(node);
	end = json_object_iter_end(node);
	f->pos++;
	for (;;) {
		ej_path step;
		json_object *child;
		const char *name;
		ej_fix_ws(f);
		if (f->pos < f->len && f->text[f->pos] == '}') {
			f->pos++;
			return json_object_iter_equal(&it, &end);
		}
		if (f->pos >= f->len || f->text[f->pos] != '"' || json_object_iter_equal(&it, &end)) {
			return false;
		}
		ej_fix_string(f, &start, &n, &esc);
		name = json_object_iter_peek_name(&it);
		if (!esc && (strlen(name) != n || memcmp(name, f->text + start, n) != 0)) {
			return false;
		}
		ej_fix_ws(f);
		if (f->pos >= f->len || f->text[f->pos] != ':') {
			return false;
		}
		f->pos++;
		child = json_object_iter_peek_value(&it);
		step.parent = path;
		step.key = name;
		step.key_len = strlen(name);
		step.index = 0;
		if (!ej_fix_value(f, node, name, 0, &child, &step)) {
			return false;
		}
		json_object_iter_next(&it);
		ej_fix_ws(f);
		if (f->pos < f->len && f->text[f->pos] == ',') {
			f->pos++;
		}
	}
}

/* The elements of an array (pos on its '['), each against the tree's element of the same index. */
static bool ej_fix_array(ej_fix *f, json_object *node, const ej_path *path)
{
	size_t i = 0, count;
	if (json_object_get_type(node) != json_type_array) {
		return false;
	}
	count = json_object_array_length(node);
	f->pos++;
	for (;;) {
		ej_path step;
		json_object *child;
		ej_fix_ws(f);
		if (f->pos < f->len && f->text[f->pos] == ']') {
			f->pos++;
			return i == count;
		}
		if (i >= count) {
			return false;
		}
		child = json_object_array_get_idx(node, i);
		step.parent = path;
		step.key = NULL;
		step.key_len = 0;
		step.index = i;
		if (!ej_fix_value(f, node, NULL, i, &child, &step)) {
			return false;
		}
		i++;
		ej_fix_ws(f);
		if (f->pos < f->len && f->text[f->pos] == ',') {
			f->pos++;
		}
	}
}

/* Is the integer literal lit[0, n) beyond 64 bits (below INT64_MIN, or above UINT64_MAX)? Exact when it fits
 * 64 bits: only a literal longer than the limit is replaced. */
static bool ej_literal_overflows(const char *lit, size_t n)
{
	const char *digits = lit + (lit[0] == '-' ? 1 : 0);
	size_t nd = n - (lit[0] == '-' ? 1 : 0);
	bool overflow = nd > 19 && !(nd == 20 && lit[0] != '-' && memcmp(digits, "18446744073709551615", 20) <= 0);
	if (nd == 19 && lit[0] == '-') {
		overflow = memcmp(digits, "9223372036854775808", 19) > 0;
	}
	if (nd == 20 && lit[0] == '-') {
		overflow = true;
	}
	return overflow;
}

/* Replaces the saturated int *slot by a double carrying the literal lit[0, n) (erpsync_json_new_number_text: a
 * literal beyond 64 bits always takes its double route); false when out of memory. */
static bool ej_fix_replace(const char *lit, size_t n, json_object *parent, const char *pkey, size_t pidx,
	json_object **slot)
{
	json_object *repl = erpsync_json_new_number_text(lit, n);
	if (!repl) {
		return false;
	}
	if (!parent) {
		json_object_put(*slot);
	} else if (pkey) {
		json_object_object_add(parent, pkey, repl); /* replaces in place, order kept */
	} else {
		json_object_array_put_idx(parent, pidx, repl);
	}
	*slot = repl;
	return true;
}

/* A number (pos on its first character): an int json-c saturated is replaced when its literal is beyond 64 bits. */
static bool ej_fix_number(ej_fix *f, json_object *parent, const char *pkey, size_t pidx, json_object **slot)
{
	json_object *node = *slot;
	size_t start = f->pos;
	bool is_int = true;
	while (f->pos < f->len) {
		char d = f->text[f->pos];
		if (d == '.' || d == 'e' || d == 'E') {
			is_int = false;
		} else if (!((d >= '0' && d <= '9') || d == '-' || d == '+')) {
			break;
		}
		f->pos++;
	}
	if (json_object_get_type(node) == json_type_int && is_int && ej_int_saturated(node)
		&& ej_literal_overflows(f->text + start, f->pos - start)
		&& !ej_fix_replace(f->text + start, f->pos - start, parent, pkey, pidx, slot)) {
		return false;
	}
	return json_object_get_type(*slot) == json_type_int || json_object_get_type(*slot) == json_type_double;
}

static bool ej_fix_value(ej_fix *f, json_object *parent, const char *pkey, size_t pidx, json_object **slot,
	const ej_path *path)
{
	char c;
	ej_fix_ws(f);
	if (f->pos >= f->len) {
		return false;
	}
	c = f->text[f->pos];
	if (c == '{') {
		return ej_fix_object(f, *slot, path);
	}
	if (c == '[') {
		return ej_fix_array(f, *slot, path);
	}
	if (c == '"') {
		size_t start, n;
		bool esc;
		ej_fix_string(f, &start, &n, &esc);
		return json_object_get_type(*slot) == json_type_string;
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		return ej_fix_number(f, parent, pkey, pidx, slot);
	}
	/* true, false, null */
	while (f->pos < f->len && f->text[f->pos] >= 'a' && f->text[f->pos] <= 'z') {
		f->pos++;
	}
	return true;
}

typedef struct {
	int max_depth;
	bool saturated;
	erpsync_error *err;
} ej_check;

/* Walk after parsing: nesting depth, NaN/Infinity, and whether any int may be saturated. */
static bool ej_check_value(ej_check *c, json_object *o, int depth, const ej_path *path)
{
	switch (json_object_get_type(o)) {
		case json_type_double: {
			double d = json_object_get_double(o);
			if (!isfinite(d)) {
				if (ej_number_text(o)) { /* a valid literal such as 1e999 that no double can hold */
					ej_protocol(c->err, path, "number %.40s%s is out of range", ej_number_text(o),
						strlen(ej_number_text(o)) > 40 ? "..." : "");
				} else {
					ej_protocol(c->err, path, "%s is not a valid JSON number", isnan(d) ? "NaN" : "Infinity");
				}
				return false;
			}
			return true;
		}
		case json_type_int:
			if (!c->saturated && ej_int_saturated(o)) {
				c->saturated = true;
			}
			return true;
		case json_type_array: {
			size_t i, n = json_object_array_length(o);
			if (depth + 1 > c->max_depth) {
				ej_protocol(c->err, path, "JSON nesting is deeper than the limit of %d", c->max_depth);
				return false;
			}
			for (i = 0; i < n; i++) {
				ej_path step = { path, NULL, 0, i };
				if (!ej_check_value(c, json_object_array_get_idx(o, i), depth + 1, &step)) {
					return false;
				}
			}
			return true;
		}
		case json_type_object: {
			struct json_object_iterator it = json_object_iter_begin(o), end = json_object_iter_end(o);
			if (depth + 1 > c->max_depth) {
				ej_protocol(c->err, path, "JSON nesting is deeper than the limit of %d", c->max_depth);
				return false;
			}
			while (!json_object_iter_equal(&it, &end)) {
				const char *name = json_object_iter_peek_name(&it);
				ej_path step = { path, name, strlen(name), 0 };
				if (!ej_check_value(c, json_object_iter_peek_value(&it), depth + 1, &step)) {
					return false;
				}
				json_object_iter_next(&it);
			}
			return true;
		}
		default:
			return true;
	}
}

static const char *ej_tokener_reason(enum json_tokener_error e)
{
	switch (e) {
		case json_tokener_error_depth:               return "nesting too deep";
		case json_tokener_error_parse_eof:           return "unexpected end of JSON text";
		case json_tokener_error_parse_unexpected:    return "unexpected character";
		case json_tokener_error_parse_null:          return "invalid literal (expected null)";
		case json_tokener_error_parse_boolean:       return "invalid literal (expected true or false)";
		case json_tokener_error_parse_number:        return "invalid number";
		case json_tokener_error_parse_array:         return "invalid array (expected , or ])";
		case json_tokener_error_parse_object_key_name:  return "invalid object member name";
		case json_tokener_error_parse_object_key_sep:   return "expected : after member name";
		case json_tokener_error_parse_object_value_sep: return "invalid object (expected , or })";
		case json_tokener_error_parse_string:        return "invalid string";
		case json_tokener_error_parse_comment:       return "comments are not allowed";
		case json_tokener_error_parse_utf8_string:   return "invalid UTF-8";
		case json_tokener_error_size:                return "JSON text too large";
		default:                                     return json_tokener_error_desc(e);
	}
}

/* The limits, and the bytes json-c would misread (a NUL byte, UTF-8 json-c lets through); false + err. */
static bool ej_parse_precheck(const char *text, size_t len, size_t max_bytes, erpsync_error *err)
{
	size_t end;
	if (max_bytes > 0 && len > max_bytes) {
		erpsync_error_protocol(err, "$", "JSON text of %zu bytes is larger than the limit of %zu bytes", len, max_bytes);
		return false;
	}
	if (len > (size_t) INT32_MAX - 1) {
		erpsync_error_protocol(err, "$", "JSON text of %zu bytes is larger than json-c can parse (2 GiB)", len);
		return false;
	}
	for (end = 0; end < len; end++) {
		char c = text[end];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			break;
		}
	}
	if (end == len) {
		erpsync_error_protocol(err, "$", "empty JSON text");
		return false;
	}

	/* a raw NUL byte is never valid JSON; json-c would take it for the end of the text */
	{
		const char *nul = memchr(text, '\0', len);
		if (nul) {
			char path[ERPSYNC_ERR_SHORT_LEN];
			size_t at = (size_t) (nul - text);
			ej_path_at_offset(text, len, at, path, sizeof(path));
			erpsync_error_protocol(err, path, "malformed JSON at %s (byte offset %zu): NUL byte", path, at);
			return false;
		}
	}

	/* json-c's own UTF-8 check (JSON_TOKENER_VALIDATE_UTF8, set by the caller) lets overlong forms and
	 * UTF-16 surrogates through, so check strictly first */
	{
		size_t bad;
		if (!erpsync_utf8_valid(text, len, &bad)) {
			char path[ERPSYNC_ERR_SHORT_LEN];
			ej_path_at_offset(text, len, bad, path, sizeof(path));
			erpsync_error_protocol(err, path, "invalid UTF-8 at %s (byte offset %zu)", path, bad);
			return false;
		}
	}
	return true;
}

/* Runs json-c's tokener over the whole text: the tree, with *jerr_out json_tokener_success, or an error and
 * *end_out the byte json-c stopped at (the tree, if any, is the caller's to release). */
static json_object *ej_tokenize(json_tokener *tok, const char *text, size_t len, enum json_tokener_error *jerr_out,
	size_t *end_out)
{
	json_object *obj = json_tokener_parse_ex(tok, text, (int) len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		/* the text ended: a lone number may be complete, anything else is truncated */
		obj = json_tokener_parse_ex(tok, "", 1);
		jerr = json_tokener_get_error(tok);
		if (jerr == json_tokener_continue) {
			jerr = json_tokener_error_parse_eof;
		}
		if (jerr == json_tokener_error_parse_eof) {
			/* json-c turns any error on its end-of-text byte into "eof": when the text is a bare
			 * number (starts with - or a digit) it is a number json-c rejected ("01", "1.5e", "-") */
			size_t i = 0;
			while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
				i++;
			}
			if (i < len && (text[i] == '-' || (text[i] >= '0' && text[i] <= '9'))) {
				jerr = json_tokener_error_parse_number;
			}
		}
		end = len;
	}
	if (jerr == json_tokener_success && end < len) {
		/* json-c stops at a NUL byte: anything after the value must be whitespace */
		size_t i = end;
		while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
			i++;
		}
		if (i < len) {
			json_object_put(obj);
			obj = NULL;
			jerr = json_tokener_error_parse_unexpected;
			end = i;
		}
	}
	*jerr_out = jerr;
	*end_out = end;
	return obj;
}

/* The ProtocolException of a tokener error at byte `at`: its path, offset and reason. */
static void ej_parse_error(const char *text, size_t len, size_t at, enum json_tokener_error jerr, int depth,
	erpsync_error *err)
{
	char path[ERPSYNC_ERR_SHORT_LEN];
	/* json-c stops on the bad byte, except for UTF-8 where it has stepped past it */
	if (jerr == json_tokener_error_parse_utf8_string && at > 0) {
		at--;
	}
	ej_path_at_offset(text, len, at, path, sizeof(path));
	if (jerr == json_tokener_error_depth) {
		erpsync_error_protocol(err, path, "JSON nesting is deeper than the limit of %d at %s (byte offset %zu)",
			depth, path, at);
	} else {
		erpsync_error_protocol(err, path, "malformed JSON at %s (byte offset %zu): %s", path, at,
			ej_tokener_reason(jerr));
	}
}

/* What json-c let through: nesting deeper than asked, NaN/Infinity; integers it saturated get their text back.
 * The tree, or NULL + err with the tree released. */
static json_object *ej_parse_checked(json_object *obj, const char *text, size_t len, int depth, erpsync_error *err)
{
	ej_check chk;
	chk.max_depth = depth;
	chk.saturated = false;
	chk.err = err;
	if (!ej_check_value(&chk, obj, 0, NULL)) {
		json_object_put(obj);
		return NULL;
	}
	if (chk.saturated) {
		ej_fix f = { text, len, 0, err };
		if (!ej_fix_value(&f, NULL, NULL, 0, &obj, NULL)) {
			json_object_put(obj);
			erpsync_error_protocol(err, "$",
				"JSON text holds an integer beyond 64 bits together with duplicate member names; refusing to guess");
			return NULL;
		}
	}
	return obj;
}

/* The parse proper, on the text as given (erpsync_json_parse rewrites the pairs json-c would lose first). */
static json_object *ej_parse_text(const char *text, size_t len, int depth, size_t max_bytes, erpsync_error *err)
{
	json_tokener *tok;
	json_object *obj;
	enum json_tokener_error jerr;
	size_t end;

	if (depth <= 0) {
		depth = ERPSYNC_JSON_DEFAULT_DEPTH;
	}
	if (depth > ERPSYNC_JSON_MAX_DEPTH) {
		depth = ERPSYNC_JSON_MAX_DEPTH;
	}
	if (!ej_parse_precheck(text, len, max_bytes, err)) {
		return NULL;
	}
	/* json-c counts every value as a level (scalars too), hence depth + 2; the exact limit on
	 * arrays/objects is checked by ej_parse_checked */
	tok = json_tokener_new_ex(depth + 2);
	if (!tok) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "out of memory creating the JSON parser");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = ej_tokenize(tok, text, len, &jerr, &end);
	json_tokener_free(tok);
	if (jerr != json_tokener_success) {
		json_object_put(obj);
		ej_parse_error(text, len, end, jerr, depth, err);
		return NULL;
	}
	return ej_parse_checked(obj, text, len, depth, err);
}

/* ------------------------------------------------------------------------------ serializing */

char *erpsync_json_serialize(json_object *obj, int flags, size_t *len_out)
{
	int jflags = JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *s;
	size_t n = 0;
	char *out;

	if (flags & ERPSYNC_JSON_PRETTY) {
		jflags |= JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED;
	} else {
		jflags |= JSON_C_TO_STRING_PLAIN;
	}
	s = json_object_to_json_string_length(obj, jflags, &n);
	if (!s) {
		return NULL;
	}
	out = malloc(n + 1);
	if (!out) {
		return NULL;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	if (len_out) {
		*len_out = n;
	}
	return out;
}

/* ------------------------------------------------------------------------------ number text */

/* Is s (whole) a number in JSON grammar? */
bool erpsync_json_is_number_text(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '-') {
		i++;
	}
	if (i >= n) {
		return false;
	}
	if (s[i] == '0') {
		i++;
	} else if (s[i] >= '1' && s[i] <= '9') {
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			i++;
		}
	} else {
		return false;
	}
	if (i < n && s[i] == '.') {
		i++;
		if (i >= n || s[i] < '0' || s[i] > '9') {
			return false;
		}
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			i++;
		}
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-')) {
			i++;
		}
		if (i >= n || s[i] < '0' || s[i] > '9') {
			return false;
		}
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			i++;
		}
	}
	return i == n;
}

json_object *erpsync_json_new_number_text(const char *text, size_t len)
{
	char buf[64];
	char *t;
	json_object *o;
	if (!erpsync_json_is_number_text(text, len)) {
		return NULL;
	}
	/* an int64 json_object writes canonical digits: only take that route when they equal the text */
	if (!memchr(text, '.', len) && !memchr(text, 'e', len) && !memchr(text, 'E', len) && len < 21
		&& !(len == 2 && text[0] == '-' && text[1] == '0')) {
		int64_t v;
		memcpy(buf, text, len);
		buf[len] = '\0';
		errno = 0;
		v = strtoll(buf, NULL, 10);
		if (errno == 0) {
			return json_object_new_int64(v);
		}
	}
	if (len < sizeof(buf)) {
		t = buf;
	} else {
		t = malloc(len + 1);
		if (!t) {
			return NULL;
		}
	}
	memcpy(t, text, len);
	t[len] = '\0';
	o = json_object_new_double_s(ej_strtod_c(t), t);
	if (t != buf) {
		free(t);
	}
	return o;
}

json_object *erpsync_json_parse(const char *text, size_t len, int depth, size_t max_bytes, erpsync_error *err)
{
	size_t fixed_len = 0;
	char *fixed;
	json_object *obj;

	if ((max_bytes > 0 && len > max_bytes) || len > (size_t) INT32_MAX - 1) {
		return ej_parse_text(text, len, depth, max_bytes, err); /* refused with the text's own size */
	}
	/* json-c loses some escaped surrogate pairs (erpsync_json_pairs.c): read them as UTF-8 instead. Byte offsets in
	 * messages then count each such pair as its 4 UTF-8 bytes. */
	fixed = erpsync_json_pairs_rewrite(text, len, &fixed_len);
	if (!fixed) {
		return ej_parse_text(text, len, depth, max_bytes, err);
	}
	obj = ej_parse_text(fixed, fixed_len, depth, 0, err);
	free(fixed);
	return obj;
}
