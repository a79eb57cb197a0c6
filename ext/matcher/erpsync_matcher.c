/* Bulk matcher and diff engine (zval-free), building: the arena, the key tables, key normalisation, options and
 * items. See erpsync_matcher.h; the scanner is erpsync_matcher_scan.c, the matching erpsync_matcher_match.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpsync_matcher_internal.h"

/* ------------------------------------------------------------------------------ arena */

char *em_arena_dup(arena *a, const char *s, size_t len)
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

/* ------------------------------------------------------------------------------ tables */

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
	h = em_fnv1a(k, len, FNV_OFFSET);
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
int64_t em_parse_scaled(const char *s, size_t len, int places)
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
		iv.value = em_arena_dup(&m->ar, s, len); iv.len = len; iv.reason = reason;
		VEC_PUSH(m->invalid, iv);
		return k;
	}
	if (n == 0) return k;
	k.k = em_arena_dup(&m->ar, buf, (size_t) n);
	k.len = (uint32_t) n;
	return k;
}

static uint64_t remote_hash(const em_matcher *m, const remote_item *r)
{
	uint64_t h = FNV_OFFSET;
	if (m->o.own_stock == EM_OWN_REMOTE) { h = em_fnv1a(&r->stock, sizeof(r->stock), h); h = em_fnv1a(&r->reserved, sizeof(r->reserved), h); }
	if (m->o.own_price == EM_OWN_REMOTE) h = em_fnv1a(&r->price, sizeof(r->price), h);
	{
		int t;
		for (t = 0; t < EM_TEXTS; t++) {
			if (m->o.own_text[t] == EM_OWN_REMOTE) h = em_fnv1a(r->text[t], r->text_len[t], h);
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
	return s ? em_arena_dup(&m->ar, s, len) : NULL;
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
	r.id = em_arena_dup(&m->ar, id ? id : "", id ? id_len : 0);
	r.id_len = (uint32_t) (id ? id_len : 0);
	for (k = 0; k < EM_TEXTS; k++) {
		r.text[k] = em_arena_dup(&m->ar, text[k] ? text[k] : "", text[k] ? text_len[k] : 0);
		r.text_len[k] = (uint32_t) (text[k] ? text_len[k] : 0);
	}
	r.stock = stock ? em_parse_scaled(stock, stock_len, 3) : EM_NONE;
	r.reserved = reserved ? em_parse_scaled(reserved, reserved_len, 3) : EM_NONE;
	r.price = price ? em_parse_scaled(price, price_len, 4) : EM_NONE;
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
	x.stock = l->stock ? em_parse_scaled(l->stock, l->stock_len, 3) : EM_NONE;
	x.open_orders = l->open_orders ? em_parse_scaled(l->open_orders, l->open_orders_len, 3) : 0;
	x.price = l->price && l->price_len ? em_parse_scaled(l->price, l->price_len, 4) : EM_NONE;
	if ((l->stock && l->stock_len && x.stock == EM_NONE) || (l->price && l->price_len && x.price == EM_NONE) || x.open_orders == EM_NONE) {
		erpsync_error_validation(err, "", "", "product %lld: stock, open_orders and price must be decimal numbers", (long long) l->id);
		snprintf(err->subject, sizeof(err->subject), "product %lld", (long long) l->id);
		snprintf(err->field, sizeof(err->field), "%s", (x.stock == EM_NONE && l->stock_len) ? "stock" : (x.open_orders == EM_NONE ? "open_orders" : "price"));
		return false;
	}
	for (k = 0; k < EM_TEXTS; k++) {
		x.text[k] = em_arena_dup(&m->ar, l->text[k] ? l->text[k] : "", l->text[k] ? l->text_len[k] : 0);
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
