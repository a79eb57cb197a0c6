/* Bulk matcher (zval-free): the single-pass scanner that indexes remote items straight from reply bodies (no tree,
 * no PHP array), validating the JSON grammar while it walks and keeping only the mapped fields. See
 * erpsync_matcher.h. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpsync_matcher_internal.h"
#include "json/erpsync_json_engine.h" /* erpsync_utf8_valid: the same UTF-8 rule as ErpSync\\Json */

/* --------------------------------------------------------------------------- scanner */

typedef struct {
	const char *b, *p, *e;
	erpsync_error *err;
	char path[160];
	const char *items_key;  /* for the path in messages: "$.items[N]" */
	long item;              /* index of the item being read, -1 outside the list */
	const em_feed *f;       /* the field map */
} scan;

static void scan_fail(scan *s, const char *what)
{
	if (s->item >= 0) {
		/* the path is built only when something is wrong, not for every item */
		snprintf(s->path, sizeof(s->path), "$%s%s[%ld]", s->items_key && *s->items_key ? "." : "",
			s->items_key ? s->items_key : "", s->item);
	}
	if (!erpsync_error_isset(s->err)) {
		erpsync_error_protocol(s->err, s->path[0] ? s->path : "$", "catalogue reply: %s at %s (byte offset %ld)", what,
			s->path[0] ? s->path : "$", (long) (s->p - s->b));
	}
}

static void ws(scan *s)
{
	while (s->p < s->e && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t')) s->p++;
}

/* Strict UTF-8 in a string's raw bytes (the rule of ErpSync\\Json::decode); protocol error at the bad byte. */
static bool utf8_ok(scan *s, const char *start, size_t len)
{
	size_t bad = 0;
	if (erpsync_utf8_valid(start, len, &bad)) return true;
	s->p = start + bad;
	scan_fail(s, "invalid UTF-8 in a string");
	return false;
}

/* A string; raw and rlen give the span between the quotes; *esc when it holds escapes. */
static bool str(scan *s, const char **raw, size_t *rlen, bool *esc)
{
	const char *start;
	*esc = false;
	if (s->p >= s->e || *s->p != '"') { scan_fail(s, "expected a string"); return false; }
	start = ++s->p;
	{
		/* fast path: no escape before the closing quote (memchr is vectorised) */
		const char *q = memchr(s->p, '"', (size_t) (s->e - s->p));
		if (q && !memchr(s->p, '\\', (size_t) (q - s->p))) {
			const unsigned char *x;
			unsigned char bad = 0, hi = 0;
			for (x = (const unsigned char *) s->p; x < (const unsigned char *) q; x++) {
				bad |= (unsigned char) (*x < 0x20);
				hi |= *x;
			}
			if (!bad) {
				if ((hi & 0x80) && !utf8_ok(s, start, (size_t) (q - start))) return false;
				*raw = start; *rlen = (size_t) (q - start);
				s->p = q + 1;
				return true;
			}
		}
	}
	while (s->p < s->e) {
		unsigned char c = (unsigned char) *s->p;
		if (c == '"') {
			if (!utf8_ok(s, start, (size_t) (s->p - start))) return false;
			*raw = start; *rlen = (size_t) (s->p - start);
			s->p++;
			return true;
		}
		if (c == '\\') {
			*esc = true;
			if (s->p + 1 >= s->e) break;
			s->p++;
			if (*s->p == 'u') {
				int i;
				for (i = 1; i <= 4; i++) {
					if (s->p + i >= s->e || !isxdigit((unsigned char) s->p[i])) { scan_fail(s, "bad \\u escape"); return false; }
				}
				s->p += 4;
			} else if (!strchr("\"\\/bfnrt", *s->p)) {
				scan_fail(s, "bad escape");
				return false;
			}
		} else if (c < 0x20) {
			scan_fail(s, "control character in a string");
			return false;
		}
		s->p++;
	}
	scan_fail(s, "unterminated string");
	return false;
}

static bool number(scan *s, const char **raw, size_t *rlen)
{
	const char *st = s->p;
	if (s->p < s->e && *s->p == '-') s->p++;
	if (s->p >= s->e || !isdigit((unsigned char) *s->p)) { scan_fail(s, "bad number"); return false; }
	if (*s->p == '0') s->p++; else while (s->p < s->e && isdigit((unsigned char) *s->p)) s->p++;
	if (s->p < s->e && *s->p == '.') {
		s->p++;
		if (s->p >= s->e || !isdigit((unsigned char) *s->p)) { scan_fail(s, "bad number"); return false; }
		while (s->p < s->e && isdigit((unsigned char) *s->p)) s->p++;
	}
	if (s->p < s->e && (*s->p == 'e' || *s->p == 'E')) {
		char *t;
		double d;
		s->p++;
		if (s->p < s->e && (*s->p == '+' || *s->p == '-')) s->p++;
		if (s->p >= s->e || !isdigit((unsigned char) *s->p)) { scan_fail(s, "bad number"); return false; }
		while (s->p < s->e && isdigit((unsigned char) *s->p)) s->p++;
		/* 1e999 is infinity as a double: refused as ErpSync\\Json::decode refuses it (rare: only with an exponent) */
		t = malloc((size_t) (s->p - st) + 1);
		if (!t) abort();
		memcpy(t, st, (size_t) (s->p - st));
		t[s->p - st] = '\0';
		d = strtod(t, NULL);
		free(t);
		if (!isfinite(d)) { s->p = st; scan_fail(s, "number out of range"); return false; }
	}
	*raw = st; *rlen = (size_t) (s->p - st);
	return true;
}

static bool skip(scan *s, int depth);

static bool lit(scan *s, const char *w)
{
	size_t n = strlen(w);
	if ((size_t) (s->e - s->p) < n || memcmp(s->p, w, n) != 0) { scan_fail(s, "unexpected character"); return false; }
	s->p += n;
	return true;
}

static bool skip(scan *s, int depth)
{
	const char *r; size_t l; bool e;
	if (depth > 64) { scan_fail(s, "nested too deeply"); return false; }
	ws(s);
	if (s->p >= s->e) { scan_fail(s, "unexpected end"); return false; }
	switch (*s->p) {
		case '"': return str(s, &r, &l, &e);
		case '{':
			s->p++; ws(s);
			if (s->p < s->e && *s->p == '}') { s->p++; return true; }
			for (;;) {
				ws(s);
				if (!str(s, &r, &l, &e)) return false;
				ws(s);
				if (s->p >= s->e || *s->p != ':') { scan_fail(s, "expected ':'"); return false; }
				s->p++;
				if (!skip(s, depth + 1)) return false;
				ws(s);
				if (s->p < s->e && *s->p == ',') { s->p++; continue; }
				if (s->p < s->e && *s->p == '}') { s->p++; return true; }
				scan_fail(s, "expected ',' or '}'");
				return false;
			}
		case '[':
			s->p++; ws(s);
			if (s->p < s->e && *s->p == ']') { s->p++; return true; }
			for (;;) {
				if (!skip(s, depth + 1)) return false;
				ws(s);
				if (s->p < s->e && *s->p == ',') { s->p++; continue; }
				if (s->p < s->e && *s->p == ']') { s->p++; return true; }
				scan_fail(s, "expected ',' or ']'");
				return false;
			}
		case 't': return lit(s, "true");
		case 'f': return lit(s, "false");
		case 'n': return lit(s, "null");
		default: return number(s, &r, &l);
	}
}

/* A scalar value (string or number, null = absent). Strings with escapes are decoded into buf. */
typedef struct { const char *v; size_t len; bool present; } capture;

static size_t utf8_put(char *o, unsigned cp)
{
	if (cp < 0x80) { o[0] = (char) cp; return 1; }
	if (cp < 0x800) { o[0] = (char) (0xC0 | (cp >> 6)); o[1] = (char) (0x80 | (cp & 0x3F)); return 2; }
	if (cp < 0x10000) { o[0] = (char) (0xE0 | (cp >> 12)); o[1] = (char) (0x80 | ((cp >> 6) & 0x3F)); o[2] = (char) (0x80 | (cp & 0x3F)); return 3; }
	o[0] = (char) (0xF0 | (cp >> 18)); o[1] = (char) (0x80 | ((cp >> 12) & 0x3F)); o[2] = (char) (0x80 | ((cp >> 6) & 0x3F)); o[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

static const char *unescape(em_matcher *m, const char *r, size_t l, size_t *out_len)
{
	char *o = malloc(l + 1), *res;
	size_t i, j = 0;
	if (!o) abort();
	for (i = 0; i < l; i++) {
		if (r[i] != '\\') { o[j++] = r[i]; continue; }
		i++;
		switch (r[i]) {
			case 'b': o[j++] = '\b'; break;
			case 'f': o[j++] = '\f'; break;
			case 'n': o[j++] = '\n'; break;
			case 'r': o[j++] = '\r'; break;
			case 't': o[j++] = '\t'; break;
			case 'u': {
				unsigned cp = (unsigned) strtoul((char[]) {r[i + 1], r[i + 2], r[i + 3], r[i + 4], 0}, NULL, 16);
				i += 4;
				if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < l && r[i + 1] == '\\' && r[i + 2] == 'u') {
					unsigned lo = (unsigned) strtoul((char[]) {r[i + 3], r[i + 4], r[i + 5], r[i + 6], 0}, NULL, 16);
					if (lo >= 0xDC00 && lo < 0xE000) { cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00); i += 6; }
				}
				/* a lone surrogate is no character: U+FFFD, as ErpSync\\Json::decode (json-c) makes it */
				if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
				j += utf8_put(o + j, cp);
				break;
			}
			default: o[j++] = r[i];
		}
	}
	res = em_arena_dup(&m->ar, o, j);
	free(o);
	*out_len = j;
	return res;
}

static bool scalar(em_matcher *m, scan *s, capture *c)
{
	const char *r; size_t l; bool esc;
	ws(s);
	if (s->p < s->e && *s->p == '"') {
		if (!str(s, &r, &l, &esc)) return false;
		c->present = true;
		if (esc) c->v = unescape(m, r, l, &c->len); else { c->v = r; c->len = l; }
		return true;
	}
	if (s->p < s->e && (*s->p == '-' || isdigit((unsigned char) *s->p))) {
		if (!number(s, &r, &l)) return false;
		c->present = true; c->v = r; c->len = l;
		return true;
	}
	if (s->p < s->e && *s->p == 'n') { c->present = false; return lit(s, "null"); }
	return skip(s, 1); /* objects, arrays, booleans: not a key */
}

/* A text field: a scalar as it is, or a list of scalars joined by ',' (image names, category ids). */
static bool text_value(em_matcher *m, scan *s, capture *c)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ws(s);
	if (s->p >= s->e || *s->p != '[') return scalar(m, s, c);
	s->p++; ws(s);
	if (s->p < s->e && *s->p == ']') { s->p++; c->present = true; c->v = ""; c->len = 0; return true; }
	for (;;) {
		capture e = {0};
		ws(s);
		if (s->p < s->e && (*s->p == '{' || *s->p == '[')) {
			if (!skip(s, 2)) { free(buf); return false; }
		} else if (!scalar(m, s, &e)) {
			free(buf);
			return false;
		}
		if (e.present) {
			if (len + e.len + 2 > cap) { cap = (len + e.len + 2) * 2; buf = realloc(buf, cap); if (!buf) abort(); }
			if (len) buf[len++] = ',';
			memcpy(buf + len, e.v, e.len);
			len += e.len;
		}
		ws(s);
		if (s->p < s->e && *s->p == ',') { s->p++; continue; }
		if (s->p < s->e && *s->p == ']') { s->p++; break; }
		free(buf);
		scan_fail(s, "expected ',' or ']'");
		return false;
	}
	c->present = true;
	c->v = em_arena_dup(&m->ar, buf ? buf : "", len);
	c->len = len;
	free(buf);
	return true;
}

static bool keq(const char *r, size_t l, const char *name)
{
	/* first byte first: most member names differ there, so strlen/memcmp rarely run */
	return name && l > 0 && name[0] == r[0] && strncmp(name, r, l) == 0 && name[l] == '\0';
}

/* The VASCO-style list [{naziv, vrednost}, ...]: capture the value whose name equals match. */
static bool list_lookup(em_matcher *m, scan *s, capture *out)
{
	ws(s);
	if (s->p >= s->e || *s->p != '[') return skip(s, 1);
	s->p++; ws(s);
	if (s->p < s->e && *s->p == ']') { s->p++; return true; }
	for (;;) {
		capture nm = {0}, val = {0};
		ws(s);
		if (s->p < s->e && *s->p == '{') {
			s->p++; ws(s);
			if (s->p < s->e && *s->p == '}') s->p++;
			else for (;;) {
				const char *r; size_t l; bool esc;
				ws(s);
				if (!str(s, &r, &l, &esc)) return false;
				ws(s);
				if (s->p >= s->e || *s->p != ':') { scan_fail(s, "expected ':'"); return false; }
				s->p++;
				if (keq(r, l, s->f->ean_list_name)) { if (!scalar(m, s, &nm)) return false; }
				else if (keq(r, l, s->f->ean_list_value)) { if (!scalar(m, s, &val)) return false; }
				else if (!skip(s, 2)) return false;
				ws(s);
				if (s->p < s->e && *s->p == ',') { s->p++; continue; }
				if (s->p < s->e && *s->p == '}') { s->p++; break; }
				scan_fail(s, "expected ',' or '}'");
				return false;
			}
			if (nm.present && keq(nm.v, nm.len, s->f->ean_list_match)) *out = val;
		} else if (!skip(s, 2)) {
			return false;
		}
		ws(s);
		if (s->p < s->e && *s->p == ',') { s->p++; continue; }
		if (s->p < s->e && *s->p == ']') { s->p++; return true; }
		scan_fail(s, "expected ',' or ']'");
		return false;
	}
}

static bool item(em_matcher *m, scan *s)
{
	capture c[EM_IN_N] = {{0}};
	em_item_in in;
	const em_feed *f = s->f;
	int t;
	ws(s);
	if (s->p >= s->e || *s->p != '{') { scan_fail(s, "an item is not an object"); return false; }
	s->p++; ws(s);
	if (s->p < s->e && *s->p == '}') s->p++;
	else for (;;) {
		const char *r; size_t l; bool esc;
		ws(s);
		if (!str(s, &r, &l, &esc)) return false;
		ws(s);
		if (s->p >= s->e || *s->p != ':') { scan_fail(s, "expected ':'"); return false; }
		s->p++;
		if (keq(r, l, f->ean_list)) { if (!list_lookup(m, s, &c[EM_IN_EAN])) return false; }
		else {
			for (t = 0; t < EM_IN_N; t++) {
				if (keq(r, l, f->f[t])) break;
			}
			if (t >= EM_IN_TEXT && t < EM_IN_TEXT + EM_TEXTS) { if (!text_value(m, s, &c[t])) return false; }
			else if (t < EM_IN_N) { if (!scalar(m, s, &c[t])) return false; }
			else if (!skip(s, 2)) return false;
		}
		ws(s);
		if (s->p < s->e && *s->p == ',') { s->p++; continue; }
		if (s->p < s->e && *s->p == '}') { s->p++; break; }
		scan_fail(s, "expected ',' or '}'");
		return false;
	}
	for (t = 0; t < EM_IN_N; t++) { in.v[t] = c[t].present ? c[t].v : NULL; in.len[t] = c[t].present ? c[t].len : 0; }
	if (!f->hook || f->hook(f->hook_ud, &in)) em_add_remote_in(m, &in);
	return true;
}

static long items_array(em_matcher *m, scan *s)
{
	long n = 0;
	ws(s);
	if (s->p >= s->e || *s->p != '[') { scan_fail(s, "expected the list of items"); return -1; }
	s->p++; ws(s);
	if (s->p < s->e && *s->p == ']') { s->p++; return 0; }
	for (;;) {
		s->item = n;
		if (!item(m, s)) return -1;
		n++;
		ws(s);
		if (s->p < s->e && *s->p == ',') { s->p++; continue; }
		if (s->p < s->e && *s->p == ']') { s->p++; s->item = -1; return n; }
		scan_fail(s, "expected ',' or ']'");
		return -1;
	}
}

long em_add_remote_json(em_matcher *m, const char *body, size_t len, erpsync_error *err)
{
	return em_add_remote_feed(m, &m->feed, body, len, NULL, err);
}

/* A top-level total (number or numeric string); false only on a malformed value. */
static bool total_value(em_matcher *m, scan *s, long *out)
{
	capture c = {0};
	if (!scalar(m, s, &c)) return false;
	if (c.present) {
		int64_t v = em_parse_scaled(c.v, c.len, 0);
		if (v != EM_NONE && v >= 0 && v <= (int64_t) 1 << 40) *out = (long) v;
	}
	return true;
}

long em_add_remote_feed(em_matcher *m, const em_feed *f, const char *body, size_t len, long *reported, erpsync_error *err)
{
	static const char *const autos[] = { "items", "data", "value", "result", "results", NULL };
	scan s;
	long n = -1, dummy;
	bool found = false;
	const char *ik = f->items_key;
	if (!reported) reported = &dummy;
	*reported = -1;
	s.b = s.p = body; s.e = body + len; s.err = err; s.path[0] = '\0';
	s.items_key = ik; s.item = -1; s.f = f;
	ws(&s);
	if (s.p < s.e && *s.p == '[' && !(ik && *ik)) {
		n = items_array(m, &s);
		found = true;
	} else if (s.p < s.e && *s.p == '{') {
		s.p++; ws(&s);
		if (s.p < s.e && *s.p == '}') s.p++;
		else for (;;) {
			const char *r; size_t l; bool esc;
			size_t i;
			bool take = false;
			ws(&s);
			if (!str(&s, &r, &l, &esc)) return -1;
			ws(&s);
			if (s.p >= s.e || *s.p != ':') { scan_fail(&s, "expected ':'"); return -1; }
			s.p++;
			if (ik && *ik) take = keq(r, l, ik);
			else for (i = 0; autos[i]; i++) if (keq(r, l, autos[i])) {
				ws(&s);
				take = !found && s.p < s.e && *s.p == '[';
				if (take) s.items_key = autos[i]; /* for the path in messages: $.data[N] */
				break;
			}
			if (take && !found) {
				n = items_array(m, &s);
				if (n < 0) return -1;
				found = true;
			} else if (f->total_key && keq(r, l, f->total_key)) {
				if (!total_value(m, &s, reported)) return -1;
			} else if (!skip(&s, 1)) {
				return -1;
			}
			ws(&s);
			if (s.p < s.e && *s.p == ',') { s.p++; continue; }
			if (s.p < s.e && *s.p == '}') { s.p++; break; }
			scan_fail(&s, "expected ',' or '}'");
			return -1;
		}
	} else if (s.p < s.e && *s.p == '[') {
		if (!skip(&s, 0)) return -1; /* a bare list, but the items were configured under a key */
	} else {
		scan_fail(&s, "the reply is neither a JSON array nor an object");
		return -1;
	}
	if (n < 0 && erpsync_error_isset(err)) return -1;
	s.path[0] = '\0';
	ws(&s);
	if (s.p != s.e) { scan_fail(&s, "text after the JSON value"); return -1; }
	if (!found) {
		erpsync_error_protocol(err, "$", "catalogue reply: no list of items (looked for %s)",
			ik && *ik ? ik : "a bare array or items/data/value/result/results");
		return -1;
	}
	return n;
}
