/* Bulk matcher (zval-free): matching by the key chain, the per-field diff under ownership, and the results.
 * See erpsync_matcher.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpsync_matcher_internal.h"

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
	iv.value = em_arena_dup(&m->ar, v, n > 0 ? (size_t) n : 0); iv.len = n > 0 ? (size_t) n : 0;
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
			ls = em_table_get(&m->lt[key], l->key[key].k, l->key[key].len);
			if (!ls || ls->count > 1) continue;             /* the shop holds this key twice: never guess */
			rs = em_table_get(&m->rt[key], l->key[key].k, l->key[key].len);
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
