/* Bulk matcher and diff engine (zval-free). See erpsync_matcher.h. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpsync_matcher.h"
#include "json/erpsync_json_engine.h" /* erpsync_utf8_valid: the same UTF-8 rule as ErpSync\\Json */

/* ------------------------------------------------------------------------------ arena */

#ifndef EM_ARENA_BLOCK
/* bytes per arena block; the fuzz build makes it small (under ASan a 1 MiB block per matcher costs ~300x) */
# define EM_ARENA_BLOCK ((size_t) 1 << 20)
#endif

typedef struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
} arena_block;

typedef struct {
	arena_block *head;
} arena;

static char *arena_dup(arena *a, const char *s, size_t len)
{
	char *p;
	if (!a->head || a->head->cap - a->head->used < len + 1) {
		size_t cap = len + 1 > EM_ARENA_BLOCK ? len + 1 : EM_ARENA_BLOCK;
		arena_block *b = malloc(sizeof(arena_block) + cap);
		if (!b) abort();
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
	}
	p = a->head->data + a->head->used;
	if (len) memcpy(p, s, len);
	p[len] = '\0';
	a->head->used += len + 1;
	return p;
}

static void arena_free(arena *a)
{
	while (a->head) {
		arena_block *n = a->head->next;
		free(a->head);
		a->head = n;
	}
}

/* ------------------------------------------------------------------------------ vectors */

#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_PUSH(vec, item) do { \
	if ((vec).n == (vec).cap) { \
		(vec).cap = (vec).cap ? (vec).cap * 2 : 1024; \
		(vec).v = realloc((vec).v, (vec).cap * sizeof(*(vec).v)); \
		if (!(vec).v) abort(); \
	} \
	(vec).v[(vec).n++] = (item); \
} while (0)

/* ------------------------------------------------------------------------------ records */

typedef struct {
	const char *k;        /* normalised key (arena), NULL when empty or invalid */
	uint32_t len;
} em_key;

typedef struct {
	const char *id; uint32_t id_len;
	const char *text[EM_TEXTS]; uint32_t text_len[EM_TEXTS];
	int64_t stock, reserved, price;
	uint64_t hash;
	em_key key[EM_KEYS];
	const char *raw[4]; uint32_t raw_len[4];  /* sku, ean, price as they came; extra (never compared) */
	bool matched;
} remote_item;

typedef struct {
	int64_t id, parent_id;
	em_key key[EM_KEYS];
	int64_t stock, open_orders, price;
	const char *text[EM_TEXTS]; uint32_t text_len[EM_TEXTS];
	uint64_t last_hash;
	bool has_last_hash;
} local_item;

/* open addressing: key -> index, with a count for duplicates */
typedef struct {
	uint64_t h;
	const char *k;
	uint32_t len;
	uint32_t idx;
	uint32_t count;
} slot;

typedef struct {
	slot *s;
	size_t mask, used;
} table;

struct em_matcher {
	em_options o;
	em_feed feed;          /* the options' field map (addRemoteJson) */
	arena ar;
	VEC(remote_item) remote;
	VEC(local_item) local;
	table rt[EM_KEYS], lt[EM_KEYS];
	VEC(em_pair) pairs;
	VEC(em_change) changes;
	VEC(em_dup) dups;
	VEC(em_invalid) invalid;
	VEC(int64_t) unmatched_local;
	VEC(uint32_t) unmatched_remote;
	size_t skipped;
	bool ran;
};

static uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}
#define FNV_OFFSET 14695981039346656037ULL

static void table_grow(table *t)
{
	size_t i, nsize = t->mask ? (t->mask + 1) * 2 : 1024;
	slot *ns = calloc(nsize, sizeof(slot));
	if (!ns) abort();
	for (i = 0; t->mask && i <= t->mask; i++) {
		if (t->s[i].k) {
			size_t j = t->s[i].h & (nsize - 1);
			while (ns[j].k) j = (j + 1) & (nsize - 1);
			ns[j] = t->s[i];
		}
	}
	free(t->s);
	t->s = ns;
	t->mask = nsize - 1;
}

/* Inserts key -> idx; returns the slot (count > 1 when the key was already there). */
static slot *table_put(table *t, const char *k, uint32_t len, uint32_t idx)
{
	uint64_t h;
	size_t j;
	if (!t->mask || (t->used + 1) * 4 > (t->mask + 1) * 3) table_grow(t);
	h = fnv1a(k, len, FNV_OFFSET);
	j = h & t->mask;
	while (t->s[j].k) {
		if (t->s[j].h == h && t->s[j].len == len && memcmp(t->s[j].k, k, len) == 0) {
			t->s[j].count++;
			return &t->s[j];
		}
		j = (j + 1) & t->mask;
	}
	t->s[j].h = h; t->s[j].k = k; t->s[j].len = len; t->s[j].idx = idx; t->s[j].count = 1;
	t->used++;
	return &t->s[j];
}

static const slot *table_get(const table *t, const char *k, uint32_t len)
{
	uint64_t h;
	size_t j;
	if (!t->mask) return NULL;
	h = fnv1a(k, len, FNV_OFFSET);
	j = h & t->mask;
	while (t->s[j].k) {
		if (t->s[j].h == h && t->s[j].len == len && memcmp(t->s[j].k, k, len) == 0) return &t->s[j];
		j = (j + 1) & t->mask;
	}
	return NULL;
}

/* -------------------------------------------------------------------------- normalise */

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char) (*s)[0])) { (*s)++; (*len)--; }
	while (*len && isspace((unsigned char) (*s)[*len - 1])) (*len)--;
}

long em_norm_gtin(const char *s, size_t len, char out[15], const char **reason)
{
	size_t i;
	int sum = 0;
	trim(&s, &len);
	if (len == 0) return 0;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char) s[i])) { *reason = "not digits"; return -1; }
	}
	if (len != 8 && len != 12 && len != 13 && len != 14) { *reason = "not 8, 12, 13 or 14 digits"; return -1; }
	memset(out, '0', 14 - len);
	memcpy(out + 14 - len, s, len);
	out[14] = '\0';
	for (i = 0; i < 13; i++) sum += (out[i] - '0') * (i % 2 == 0 ? 3 : 1);
	if ((10 - sum % 10) % 10 != out[13] - '0') { *reason = "wrong check digit"; return -1; }
	if (memcmp(out, "00000000000000", 14) == 0) { *reason = "all zeros"; return -1; }
	return 14;
}

static bool sitoo_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '+' || c == '-' || c == '.' || c == '/';
}

long em_norm_sku(const em_options *o, const char *s, size_t len, char *out, size_t outsize, const char **reason)
{
	size_t i, j = 0;
	trim(&s, &len);
	if (len == 0) return 0;
	if (len >= outsize) { *reason = "too long"; return -1; }
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];
		if (o->sitoo_sku && !sitoo_char(c)) {
			if (!o->fix_sku) { *reason = "character not allowed by the Sitoo SKU rule"; return -1; }
			/* fix-SKU: every character outside the rule (a multi-byte one included) becomes one '-' */
			if (c >= 0x80) {
				while (i + 1 < len && ((unsigned char) s[i + 1] & 0xC0) == 0x80) i++;
			}
			out[j++] = '-';
			continue;
		}
		out[j++] = (char) (o->case_fold && c < 0x80 ? tolower(c) : c);
	}
	out[j] = '\0';
	return (long) j;
}

/* Parses a decimal number (JSON number or numeric string) scaled by 10^places; EM_NONE if not a number. */
static int64_t parse_scaled(const char *s, size_t len, int places)
{
	int64_t v = 0;
	int frac = -1;
	bool neg = false, any = false;
	size_t i = 0;
	trim(&s, &len);
	if (len && (s[0] == '-' || s[0] == '+')) { neg = s[0] == '-'; i = 1; }
	for (; i < len; i++) {
		char c = s[i];
		if (c == '.' && frac < 0) { frac = 0; continue; }
		if (!isdigit((unsigned char) c)) return EM_NONE;
		any = true;
		if (frac >= 0) {
			if (frac == places) {
				/* round half away from zero on the first dropped digit */
				if (c >= '5') v++;
				frac++;
				continue;
			}
			if (frac > places) continue;
			frac++;
		}
		if (v > (INT64_MAX - 9) / 10) return EM_NONE;
		v = v * 10 + (c - '0');
	}
	if (!any) return EM_NONE;
	if (frac < 0) frac = 0;
	if (frac > places) frac = places;
	for (; frac < places; frac++) {
		if (v > INT64_MAX / 10) return EM_NONE;
		v *= 10;
	}
	return neg ? -v : v;
}

/* --------------------------------------------------------------------------- building */

em_matcher *em_new(const em_options *opts)
{
	em_matcher *m = calloc(1, sizeof(*m));
	if (!m) return NULL;
	m->o = *opts;
	m->feed.items_key = m->o.items_key;
	m->feed.f[EM_IN_ID] = m->o.f_id; m->feed.f[EM_IN_SKU] = m->o.f_sku; m->feed.f[EM_IN_EAN] = m->o.f_ean;
	m->feed.f[EM_IN_STOCK] = m->o.f_stock; m->feed.f[EM_IN_RESERVED] = m->o.f_reserved; m->feed.f[EM_IN_PRICE] = m->o.f_price;
	m->feed.f[EM_IN_TEXT] = m->o.f_text[0]; m->feed.f[EM_IN_TEXT + 1] = m->o.f_text[1]; m->feed.f[EM_IN_TEXT + 2] = m->o.f_text[2];
	m->feed.ean_list = m->o.ean_list; m->feed.ean_list_name = m->o.ean_list_name;
	m->feed.ean_list_value = m->o.ean_list_value; m->feed.ean_list_match = m->o.ean_list_match;
	return m;
}

void em_options_dtor(em_options *o)
{
	char **f[] = { &o->items_key, &o->f_id, &o->f_sku, &o->f_ean, &o->f_stock, &o->f_reserved, &o->f_price, &o->f_text[0],
		&o->f_text[1], &o->f_text[2], &o->ean_list, &o->ean_list_name, &o->ean_list_value, &o->ean_list_match };
	size_t i;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) { free(*f[i]); *f[i] = NULL; }
}

void em_free(em_matcher *m)
{
	int k;
	if (!m) return;
	em_options_dtor(&m->o);
	arena_free(&m->ar);
	free(m->remote.v); free(m->local.v); free(m->pairs.v); free(m->changes.v); free(m->dups.v);
	free(m->invalid.v); free(m->unmatched_local.v); free(m->unmatched_remote.v);
	for (k = 0; k < EM_KEYS; k++) { free(m->rt[k].s); free(m->lt[k].s); }
	free(m);
}

/* Normalises one key of one side into the arena; records invalid keys. */
static em_key make_key(em_matcher *m, int which, const char *s, size_t len, int side, int64_t local_id, uint32_t remote)
{
	em_key k = { NULL, 0 };
	char buf[512];
	const char *reason = NULL;
	long n;
	if (!s || !len) return k;
	if (which == EM_KEY_EAN) {
		n = em_norm_gtin(s, len, buf, &reason);
	} else if (which == EM_KEY_SKU) {
		n = em_norm_sku(&m->o, s, len, buf, sizeof(buf), &reason);
	} else {
		const char *t = s; size_t tl = len;
		trim(&t, &tl);
		n = (long) (tl < sizeof(buf) ? tl : 0);
		if (n) memcpy(buf, t, (size_t) n);
	}
	if (n < 0) {
		em_invalid iv;
		iv.side = side; iv.key = which; iv.local_id = local_id; iv.remote = remote;
		iv.value = arena_dup(&m->ar, s, len); iv.len = len; iv.reason = reason;
		VEC_PUSH(m->invalid, iv);
		return k;
	}
	if (n == 0) return k;
	k.k = arena_dup(&m->ar, buf, (size_t) n);
	k.len = (uint32_t) n;
	return k;
}

static uint64_t remote_hash(const em_matcher *m, const remote_item *r)
{
	uint64_t h = FNV_OFFSET;
	if (m->o.own_stock == EM_OWN_REMOTE) { h = fnv1a(&r->stock, sizeof(r->stock), h); h = fnv1a(&r->reserved, sizeof(r->reserved), h); }
	if (m->o.own_price == EM_OWN_REMOTE) h = fnv1a(&r->price, sizeof(r->price), h);
	{
		int t;
		for (t = 0; t < EM_TEXTS; t++) {
			if (m->o.own_text[t] == EM_OWN_REMOTE) h = fnv1a(r->text[t], r->text_len[t], h);
		}
	}
	return h;
}

void em_add_remote_item(em_matcher *m, const char *id, size_t id_len, const char *sku, size_t sku_len,
                        const char *ean, size_t ean_len, const char *stock, size_t stock_len,
                        const char *reserved, size_t reserved_len, const char *price, size_t price_len,
                        const char *const text[EM_TEXTS], const size_t text_len[EM_TEXTS])
{
	em_item_in it;
	int k;
	memset(&it, 0, sizeof(it));
	it.v[EM_IN_ID] = id; it.len[EM_IN_ID] = id_len;
	it.v[EM_IN_SKU] = sku; it.len[EM_IN_SKU] = sku_len;
	it.v[EM_IN_EAN] = ean; it.len[EM_IN_EAN] = ean_len;
	it.v[EM_IN_STOCK] = stock; it.len[EM_IN_STOCK] = stock_len;
	it.v[EM_IN_RESERVED] = reserved; it.len[EM_IN_RESERVED] = reserved_len;
	it.v[EM_IN_PRICE] = price; it.len[EM_IN_PRICE] = price_len;
	for (k = 0; k < EM_TEXTS; k++) { it.v[EM_IN_TEXT + k] = text[k]; it.len[EM_IN_TEXT + k] = text_len[k]; }
	em_add_remote_in(m, &it);
}

static const char *dup_or_null(em_matcher *m, const char *s, size_t len, uint32_t *out_len)
{
	*out_len = s ? (uint32_t) len : 0;
	return s ? arena_dup(&m->ar, s, len) : NULL;
}

void em_add_remote_in(em_matcher *m, const em_item_in *it)
{
	remote_item r;
	uint32_t idx = (uint32_t) m->remote.n;
	int k;
	const char *id = it->v[EM_IN_ID], *sku = it->v[EM_IN_SKU], *ean = it->v[EM_IN_EAN], *stock = it->v[EM_IN_STOCK];
	const char *reserved = it->v[EM_IN_RESERVED], *price = it->v[EM_IN_PRICE], *text[EM_TEXTS];
	size_t id_len = it->len[EM_IN_ID], sku_len = it->len[EM_IN_SKU], ean_len = it->len[EM_IN_EAN], stock_len = it->len[EM_IN_STOCK];
	size_t reserved_len = it->len[EM_IN_RESERVED], price_len = it->len[EM_IN_PRICE], text_len[EM_TEXTS];
	for (k = 0; k < EM_TEXTS; k++) { text[k] = it->v[EM_IN_TEXT + k]; text_len[k] = it->len[EM_IN_TEXT + k]; }
	memset(&r, 0, sizeof(r));
	r.raw[0] = dup_or_null(m, sku, sku_len, &r.raw_len[0]);
	r.raw[1] = dup_or_null(m, ean, ean_len, &r.raw_len[1]);
	r.raw[2] = dup_or_null(m, price, price_len, &r.raw_len[2]);
	r.raw[3] = dup_or_null(m, it->v[EM_IN_EXTRA], it->len[EM_IN_EXTRA], &r.raw_len[3]);
	r.id = arena_dup(&m->ar, id ? id : "", id ? id_len : 0);
	r.id_len = (uint32_t) (id ? id_len : 0);
	for (k = 0; k < EM_TEXTS; k++) {
		r.text[k] = arena_dup(&m->ar, text[k] ? text[k] : "", text[k] ? text_len[k] : 0);
		r.text_len[k] = (uint32_t) (text[k] ? text_len[k] : 0);
	}
	r.stock = stock ? parse_scaled(stock, stock_len, 3) : EM_NONE;
	r.reserved = reserved ? parse_scaled(reserved, reserved_len, 3) : EM_NONE;
	r.price = price ? parse_scaled(price, price_len, 4) : EM_NONE;
	r.key[EM_KEY_LINK] = make_key(m, EM_KEY_LINK, id, id_len, 1, 0, idx);
	r.key[EM_KEY_SKU] = make_key(m, EM_KEY_SKU, sku, sku_len, 1, 0, idx);
	r.key[EM_KEY_EAN] = make_key(m, EM_KEY_EAN, ean, ean_len, 1, 0, idx);
	r.hash = remote_hash(m, &r);
	VEC_PUSH(m->remote, r);
	for (k = 0; k < EM_KEYS; k++) {
		if (r.key[k].k) table_put(&m->rt[k], r.key[k].k, r.key[k].len, idx);
	}
}

bool em_add_local(em_matcher *m, const em_local *l, erpsync_error *err)
{
	local_item x;
	uint32_t idx = (uint32_t) m->local.n;
	int k;
	memset(&x, 0, sizeof(x));
	x.id = l->id;
	x.parent_id = l->parent_id;
	x.stock = l->stock ? parse_scaled(l->stock, l->stock_len, 3) : EM_NONE;
	x.open_orders = l->open_orders ? parse_scaled(l->open_orders, l->open_orders_len, 3) : 0;
	x.price = l->price && l->price_len ? parse_scaled(l->price, l->price_len, 4) : EM_NONE;
	if ((l->stock && l->stock_len && x.stock == EM_NONE) || (l->price && l->price_len && x.price == EM_NONE) || x.open_orders == EM_NONE) {
		erpsync_error_validation(err, "", "", "product %lld: stock, open_orders and price must be decimal numbers", (long long) l->id);
		snprintf(err->subject, sizeof(err->subject), "product %lld", (long long) l->id);
		snprintf(err->field, sizeof(err->field), "%s", (x.stock == EM_NONE && l->stock_len) ? "stock" : (x.open_orders == EM_NONE ? "open_orders" : "price"));
		return false;
	}
	for (k = 0; k < EM_TEXTS; k++) {
		x.text[k] = arena_dup(&m->ar, l->text[k] ? l->text[k] : "", l->text[k] ? l->text_len[k] : 0);
		x.text_len[k] = (uint32_t) (l->text[k] ? l->text_len[k] : 0);
	}
	if (l->last_hash && l->last_hash_len == 16) {
		char hb[17];
		memcpy(hb, l->last_hash, 16);
		hb[16] = '\0';
		x.last_hash = strtoull(hb, NULL, 16);
		x.has_last_hash = true;
	}
	x.key[EM_KEY_LINK] = make_key(m, EM_KEY_LINK, l->link, l->link_len, 0, l->id, 0);
	x.key[EM_KEY_SKU] = make_key(m, EM_KEY_SKU, l->sku, l->sku_len, 0, l->id, 0);
	x.key[EM_KEY_EAN] = make_key(m, EM_KEY_EAN, l->ean, l->ean_len, 0, l->id, 0);
	VEC_PUSH(m->local, x);
	for (k = 0; k < EM_KEYS; k++) {
		if (x.key[k].k) table_put(&m->lt[k], x.key[k].k, x.key[k].len, idx);
	}
	return true;
}

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
	res = arena_dup(&m->ar, o, j);
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
	c->v = arena_dup(&m->ar, buf ? buf : "", len);
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
		int64_t v = parse_scaled(c.v, c.len, 0);
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

/* ---------------------------------------------------------------------------- matching */

/* v rounded half up to a multiple of unit (> 0); false when the result does not fit int64. */
static bool round_to(int64_t v, int64_t unit, int64_t *out)
{
	int64_t r = v % unit;
	if (r < 0) r += unit;
	if (r >= unit - r) return !__builtin_add_overflow(v - r, unit, out);
	*out = v - r;
	return true;
}

/* An amount out of range (a number beyond what int64 holds after scaling, e.g. an EAN typed into a
 * price field): the item is reported invalid with the reason and never becomes a change. */
static void amount_invalid(em_matcher *m, const remote_item *r, uint32_t ridx, int which, const char *reason)
{
	em_invalid iv;
	char v[48];
	int n;
	int64_t raw = which == EM_INV_PRICE ? r->price : r->stock;
	int64_t unit = which == EM_INV_PRICE ? 10000 : 1000;
	/* the remote number as it came (it was scaled by 10^4 / 10^3 when read) */
	n = snprintf(v, sizeof(v), "%s%llu.%0*llu", raw < 0 ? "-" : "",
		(unsigned long long) (raw < 0 ? -(raw / unit) : raw / unit), which == EM_INV_PRICE ? 4 : 3,
		(unsigned long long) (raw < 0 ? -(raw % unit) : raw % unit));
	iv.side = 1; iv.key = which; iv.local_id = 0; iv.remote = ridx;
	iv.value = arena_dup(&m->ar, v, n > 0 ? (size_t) n : 0); iv.len = n > 0 ? (size_t) n : 0;
	iv.reason = reason;
	VEC_PUSH(m->invalid, iv);
}

static void diff(em_matcher *m, const local_item *l, const remote_item *r, uint32_t ridx)
{
	em_change c;
	if (l->has_last_hash && l->last_hash == r->hash) {
		m->skipped++;
		return;
	}
	memset(&c, 0, sizeof(c));
	c.local_id = l->id;
	c.remote = ridx;
	if (m->o.own_stock == EM_OWN_REMOTE && r->stock != EM_NONE) {
		int64_t target = r->stock, d = 0;
		bool ok = true;
		if (m->o.stock_delta) {
			if (r->reserved != EM_NONE) ok = !__builtin_sub_overflow(target, r->reserved, &target);
			ok = ok && !__builtin_sub_overflow(target, l->open_orders, &target);
		}
		if (ok && target < 0) target = 0;
		ok = ok && (l->stock == EM_NONE || !__builtin_sub_overflow(target, l->stock, &d));
		if (!ok) {
			amount_invalid(m, r, ridx, EM_INV_STOCK, "stock out of range (net of reserved and open orders)");
		} else if (l->stock == EM_NONE || target != l->stock) {
			c.field = EM_F_STOCK; c.value = target; c.delta = l->stock == EM_NONE ? target : d;
			c.text = NULL; c.text_len = 0; c.old = l->stock; c.old_text = NULL; c.old_len = 0;
			VEC_PUSH(m->changes, c);
		}
	}
	if (m->o.own_price == EM_OWN_REMOTE && r->price != EM_NONE) {
		int64_t p = r->price, lp = l->price, t, d = 0, ad;
		int64_t vat = m->o.vat_rate_x100, den;
		bool ok = !__builtin_add_overflow((int64_t) 10000, vat, &den) && den > 0;
		if (ok && !m->o.remote_prices_include_tax && m->o.shop_prices_include_tax) {
			ok = !__builtin_mul_overflow(p, den, &t) && round_to(t, 10000, &t);
			p = ok ? t / 10000 : p;
		} else if (ok && m->o.remote_prices_include_tax && !m->o.shop_prices_include_tax) {
			int64_t num;
			ok = !__builtin_mul_overflow(p, (int64_t) 10000, &num) && !__builtin_add_overflow(num, den / 2, &num);
			p = ok ? num / den : p;
		}
		ok = ok && round_to(p, 100, &p); /* shop prices have 2 decimals */
		ok = ok && (lp == EM_NONE || (!__builtin_sub_overflow(p, lp, &d) && d != INT64_MIN));
		if (!ok) {
			amount_invalid(m, r, ridx, EM_INV_PRICE, "price out of range");
		} else {
			ad = d < 0 ? -d : d;
			if (lp == EM_NONE || ad > m->o.tolerance) {
				c.field = EM_F_PRICE; c.value = p; c.delta = lp == EM_NONE ? p : d;
				c.text = NULL; c.text_len = 0; c.old = lp; c.old_text = NULL; c.old_len = 0;
				VEC_PUSH(m->changes, c);
			}
		}
	}
	{
		int t;
		for (t = 0; t < EM_TEXTS; t++) {
			/* an empty remote name is no news; empty image or category lists are (they were removed) */
			if (m->o.own_text[t] != EM_OWN_REMOTE || (t == 0 && r->text_len[t] == 0)) continue;
			if (r->text_len[t] != l->text_len[t] || memcmp(r->text[t], l->text[t], r->text_len[t]) != 0) {
				c.field = EM_F_NAME + t; c.value = 0; c.delta = 0;
				c.text = r->text[t]; c.text_len = r->text_len[t];
				c.old = EM_NONE; c.old_text = l->text[t]; c.old_len = l->text_len[t];
				VEC_PUSH(m->changes, c);
			}
		}
	}
}

static void collect_dups(em_matcher *m, int side, table *t, int key)
{
	size_t i;
	for (i = 0; t->mask && i <= t->mask; i++) {
		if (t->s[i].k && t->s[i].count > 1) {
			em_dup d;
			d.side = side; d.key = key; d.value = t->s[i].k; d.len = t->s[i].len; d.count = t->s[i].count; d.first = t->s[i].idx;
			VEC_PUSH(m->dups, d);
		}
	}
}

static int dup_cmp(const void *a, const void *b)
{
	const em_dup *x = a, *y = b;
	int c;
	if (x->side != y->side) return x->side - y->side;
	if (x->key != y->key) return x->key - y->key;
	c = memcmp(x->value, y->value, x->len < y->len ? x->len : y->len);
	if (c) return c;
	return (int) x->len - (int) y->len;
}

void em_run(em_matcher *m)
{
	size_t i;
	int k;
	if (m->ran) return;
	m->ran = true;
	for (k = 0; k < EM_KEYS; k++) {
		collect_dups(m, 0, &m->lt[k], k);
		collect_dups(m, 1, &m->rt[k], k);
	}
	if (m->dups.n > 1) qsort(m->dups.v, m->dups.n, sizeof(em_dup), dup_cmp);
	for (i = 0; i < m->local.n; i++) {
		local_item *l = &m->local.v[i];
		int c;
		bool done = false;
		for (c = 0; c < m->o.chain_len && !done; c++) {
			int key = m->o.chain[c];
			const slot *ls, *rs;
			if (!l->key[key].k) continue;
			ls = table_get(&m->lt[key], l->key[key].k, l->key[key].len);
			if (!ls || ls->count > 1) continue;             /* the shop holds this key twice: never guess */
			rs = table_get(&m->rt[key], l->key[key].k, l->key[key].len);
			if (!rs || rs->count > 1) continue;             /* absent, or ambiguous at the back-office */
			if (m->remote.v[rs->idx].matched) continue;     /* already taken by another product */
			m->remote.v[rs->idx].matched = true;
			{
				em_pair p;
				p.local_id = l->id; p.remote = rs->idx; p.key = key;
				VEC_PUSH(m->pairs, p);
			}
			diff(m, l, &m->remote.v[rs->idx], rs->idx);
			done = true;
		}
		if (!done) VEC_PUSH(m->unmatched_local, l->id);
	}
	for (i = 0; i < m->remote.n; i++) {
		if (!m->remote.v[i].matched) VEC_PUSH(m->unmatched_remote, (uint32_t) i);
	}
}

size_t em_count_remote(const em_matcher *m) { return m->remote.n; }
size_t em_count_local(const em_matcher *m) { return m->local.n; }
size_t em_pairs(const em_matcher *m, const em_pair **out) { *out = m->pairs.v; return m->pairs.n; }
size_t em_changes(const em_matcher *m, const em_change **out) { *out = m->changes.v; return m->changes.n; }
size_t em_dups(const em_matcher *m, const em_dup **out) { *out = m->dups.v; return m->dups.n; }
size_t em_invalids(const em_matcher *m, const em_invalid **out) { *out = m->invalid.v; return m->invalid.n; }
size_t em_unmatched_local(const em_matcher *m, const int64_t **out) { *out = m->unmatched_local.v; return m->unmatched_local.n; }
size_t em_unmatched_remote(const em_matcher *m, const uint32_t **out) { *out = m->unmatched_remote.v; return m->unmatched_remote.n; }
size_t em_skipped_unchanged(const em_matcher *m) { return m->skipped; }

const char *em_remote_id(const em_matcher *m, uint32_t r, size_t *len)
{
	*len = m->remote.v[r].id_len;
	return m->remote.v[r].id;
}

const char *em_remote_raw(const em_matcher *m, uint32_t r, int field, size_t *len)
{
	const remote_item *x = &m->remote.v[r];
	int i = field == EM_IN_SKU ? 0 : field == EM_IN_EAN ? 1 : field == EM_IN_PRICE ? 2 : field == EM_IN_EXTRA ? 3 : -1;
	if (field == EM_IN_ID) { *len = x->id_len; return x->id; }
	if (field >= EM_IN_TEXT && field < EM_IN_TEXT + EM_TEXTS) { *len = x->text_len[field - EM_IN_TEXT]; return x->text[field - EM_IN_TEXT]; }
	if (i < 0 || !x->raw[i]) { *len = 0; return NULL; }
	*len = x->raw_len[i];
	return x->raw[i];
}

void em_remote_hash_hex(const em_matcher *m, uint32_t r, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long) m->remote.v[r].hash);
}
