/* Money that adds up (zval-free). See erpsync_conn_money.h and the "Rounding rule" of docs/connectors/.  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erpsync_conn_money.h"
#include "erpsync_conn_common.h"

#define CENTS_MAX 1000000000000000LL   /* 10^13 currency units: far beyond any order, far below int64 */

/* ------------------------------------------------------------------------------ cents */

bool erpsync_money_cents(const erpsync_decimal *d, int64_t *out)
{
	char buf[ERPSYNC_DEC_BUF_LEN], digits[32];
	size_t len = 0, i, j = 0;
	long long v;
	*out = 0;
	if (erpsync_dec_format(d, 2, buf, sizeof(buf), &len) != ERPSYNC_DEC_OK) return false;
	for (i = 0; i < len; i++) {
		if (buf[i] == '.') continue;
		if (j + 1 >= sizeof(digits)) return false;
		digits[j++] = buf[i];
	}
	digits[j] = '\0';
	if (j > 18) return false;
	v = strtoll(digits, NULL, 10);
	if (v >= CENTS_MAX || v <= -CENTS_MAX) return false;
	*out = (int64_t) v;
	return true;
}

void erpsync_money_from_cents(int64_t cents, erpsync_decimal *out)
{
	erpsync_decimal c, hundred;
	erpsync_dec_from_int(cents, &c);
	erpsync_dec_from_int(100, &hundred);
	if (erpsync_dec_div(&c, &hundred, 2, out) != ERPSYNC_DEC_OK) erpsync_dec_zero(out);
}

void erpsync_money_format(int64_t cents, char *buf, size_t size)
{
	uint64_t a = cents < 0 ? (uint64_t) 0 - (uint64_t) cents : (uint64_t) cents;
	snprintf(buf, size, "%s%llu.%02llu", cents < 0 ? "-" : "", (unsigned long long) (a / 100), (unsigned long long) (a % 100));
}

/* ------------------------------------------------------------------------------ reading */

static bool dec_or_zero(json_object *o, const char *key, erpsync_decimal *d)
{
	json_object *v = erpsync_conn_get(o, key);
	if (!v || (json_object_is_type(v, json_type_string) && json_object_get_string_len(v) == 0)) {
		erpsync_dec_zero(d);
		return true;
	}
	return erpsync_conn_get_dec(o, key, d) == ERPSYNC_DEC_OK;
}

static bool cents_of(json_object *o, const char *key, int64_t *out, bool *present)
{
	erpsync_decimal d;
	json_object *v = erpsync_conn_get(o, key);
	*present = v && !(json_object_is_type(v, json_type_string) && json_object_get_string_len(v) == 0);
	if (!*present) { *out = 0; return true; }
	return erpsync_conn_get_dec(o, key, &d) == ERPSYNC_DEC_OK && erpsync_money_cents(&d, out);
}

static bool bad(erpsync_error *err, const char *subject, const char *field, const char *what)
{
	erpsync_conn_invalid(err, subject, field, "%s: %s %s", subject, field, what);
	return false;
}

static bool read_list(json_object *order, const char *list, int kind, const char *subject, erpsync_money_doc *doc,
                      size_t cap, erpsync_error *err)
{
	json_object *arr = erpsync_conn_get(order, list);
	size_t i, m = arr && json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
	char field[96];
	for (i = 0; i < m && doc->n < cap; i++) {
		json_object *li = json_object_array_get_idx(arr, i);
		erpsync_money_src *s = &doc->lines[doc->n];
		memset(s, 0, sizeof(*s));
		s->kind = kind;
		s->index = i;
		s->src = li;
		snprintf(field, sizeof(field), "%s[%zu]", list, i);
		if (kind == ERPSYNC_MONEY_ITEM) {
			if (erpsync_conn_get_dec(li, "quantity", &s->qty) != ERPSYNC_DEC_OK) return bad(err, subject, field, "has no quantity");
			if (erpsync_conn_get_dec(li, "subtotal", &s->subtotal) != ERPSYNC_DEC_OK) return bad(err, subject, field, "has no subtotal");
		} else {
			erpsync_dec_from_int(1, &s->qty);
		}
		if (erpsync_conn_get_dec(li, "total", &s->total) != ERPSYNC_DEC_OK) return bad(err, subject, field, "has no total");
		if (!dec_or_zero(li, "total_tax", &s->total_tax) || !dec_or_zero(li, "tax_rate_percent", &s->rate)
		 || (kind == ERPSYNC_MONEY_ITEM && !dec_or_zero(li, "subtotal_tax", &s->subtotal_tax))) {
			return bad(err, subject, field, "has an amount that is not a number");
		}
		if (kind != ERPSYNC_MONEY_ITEM) {
			if (erpsync_dec_is_zero(&s->total) && erpsync_dec_is_zero(&s->total_tax)) continue; /* free: no line */
			s->subtotal = s->total;
			s->subtotal_tax = s->total_tax;
		}
		doc->n++;
	}
	return true;
}

static size_t list_len(json_object *order, const char *list)
{
	json_object *arr = erpsync_conn_get(order, list);
	return arr && json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
}

bool erpsync_money_read(json_object *order, const char *subject, erpsync_money_doc *doc, erpsync_error *err)
{
	size_t cap = list_len(order, "line_items") + list_len(order, "shipping_lines") + list_len(order, "fee_lines"), i;
	bool present;
	erpsync_decimal sum_disc, sum_dtax, sum_stax, sum_ship, t;
	memset(doc, 0, sizeof(*doc));
	doc->lines = calloc(cap ? cap : 1, sizeof(*doc->lines));
	if (!doc->lines) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "%s: out of memory", subject);
		return false;
	}
	if (!read_list(order, "line_items", ERPSYNC_MONEY_ITEM, subject, doc, cap, err)
	 || !read_list(order, "shipping_lines", ERPSYNC_MONEY_SHIPPING, subject, doc, cap, err)
	 || !read_list(order, "fee_lines", ERPSYNC_MONEY_FEE, subject, doc, cap, err)) {
		goto fail;
	}
	erpsync_dec_zero(&sum_disc); erpsync_dec_zero(&sum_dtax); erpsync_dec_zero(&sum_stax); erpsync_dec_zero(&sum_ship);
	for (i = 0; i < doc->n; i++) {
		const erpsync_money_src *s = &doc->lines[i];
		if (s->kind == ERPSYNC_MONEY_ITEM) {
			erpsync_dec_sub(&s->subtotal, &s->total, &t); erpsync_dec_add(&sum_disc, &t, &sum_disc);
			erpsync_dec_sub(&s->subtotal_tax, &s->total_tax, &t); erpsync_dec_add(&sum_dtax, &t, &sum_dtax);
		} else if (s->kind == ERPSYNC_MONEY_SHIPPING) {
			erpsync_dec_add(&sum_ship, &s->total, &sum_ship);
			erpsync_dec_add(&sum_stax, &s->total_tax, &sum_stax);
		}
	}
	if (!cents_of(order, "total", &doc->want.total, &present) || !present) { bad(err, subject, "total", "is missing or not an amount"); goto fail; }
	if (!cents_of(order, "total_tax", &doc->want.tax, &present)) { bad(err, subject, "total_tax", "is not an amount"); goto fail; }
	if (!cents_of(order, "shipping_total", &doc->want.shipping, &present)) { bad(err, subject, "shipping_total", "is not an amount"); goto fail; }
	if (!present && !erpsync_money_cents(&sum_ship, &doc->want.shipping)) { bad(err, subject, "shipping_lines", "add up to an amount out of range"); goto fail; }
	if (!cents_of(order, "discount_total", &doc->want.discount, &present)) { bad(err, subject, "discount_total", "is not an amount"); goto fail; }
	if (!present && !erpsync_money_cents(&sum_disc, &doc->want.discount)) { bad(err, subject, "line_items", "add up to an amount out of range"); goto fail; }
	if (!cents_of(order, "discount_tax", &doc->discount_tax, &present)) { bad(err, subject, "discount_tax", "is not an amount"); goto fail; }
	if (!present && !erpsync_money_cents(&sum_dtax, &doc->discount_tax)) { bad(err, subject, "line_items", "add up to an amount out of range"); goto fail; }
	if (!erpsync_money_cents(&sum_stax, &doc->shipping_tax)) { bad(err, subject, "shipping_lines", "add up to an amount out of range"); goto fail; }
	return true;
fail:
	erpsync_money_doc_free(doc);
	return false;
}

void erpsync_money_doc_free(erpsync_money_doc *doc)
{
	free(doc->lines);
	doc->lines = NULL;
	doc->n = 0;
}

/* ------------------------------------------------------------------------------ allocation */

bool erpsync_money_alloc(const erpsync_decimal *exact, size_t n, int64_t target, int64_t *out)
{
	erpsync_decimal *rem, hundred, x, c;
	int64_t sum = 0, r;
	size_t i;
	if (n == 0) return target == 0;
	rem = malloc(n * sizeof(*rem));
	if (!rem) return false;
	erpsync_dec_from_int(100, &hundred);
	for (i = 0; i < n; i++) {
		if (!erpsync_money_cents(&exact[i], &out[i])) { free(rem); return false; }
		/* what rounding lost, in cents: exact*100 - out */
		erpsync_dec_mul(&exact[i], &hundred, &x);
		erpsync_dec_from_int(out[i], &c);
		erpsync_dec_sub(&x, &c, &rem[i]);
		sum += out[i];
	}
	r = target - sum;
	if (r > CENTS_MAX || r < -CENTS_MAX) { free(rem); return false; }
	if (r / (int64_t) n != 0) { /* far off (not a rounding remainder): spread evenly first */
		int64_t each = r / (int64_t) n;
		for (i = 0; i < n; i++) out[i] += each;
		r -= each * (int64_t) n;
		for (i = 0; i < n; i++) { erpsync_dec_from_int(each, &c); erpsync_dec_sub(&rem[i], &c, &rem[i]); }
	}
	while (r != 0) {
		size_t best = 0;
		int step = r > 0 ? 1 : -1;
		for (i = 1; i < n; i++) {
			int cmp = erpsync_dec_cmp(&rem[i], &rem[best]);
			if ((step > 0 && cmp > 0) || (step < 0 && cmp < 0)) best = i;
		}
		out[best] += step;
		erpsync_dec_from_int(step, &c);
		erpsync_dec_sub(&rem[best], &c, &rem[best]);
		r -= step;
	}
	free(rem);
	return true;
}

/* ------------------------------------------------------------------------------ net model */

/* round2(q * p * (100 - d) / 100) in cents; false when out of range */
static bool net_cents(const erpsync_decimal *q, const erpsync_decimal *p, const erpsync_decimal *d, int64_t *out)
{
	erpsync_decimal x, f, hundred, y;
	erpsync_dec_from_int(100, &hundred);
	if (erpsync_dec_mul(q, p, &x) != ERPSYNC_DEC_OK) return false;
	if (d && !erpsync_dec_is_zero(d)) {
		if (erpsync_dec_sub(&hundred, d, &f) != ERPSYNC_DEC_OK || erpsync_dec_mul(&x, &f, &y) != ERPSYNC_DEC_OK
		 || erpsync_dec_div(&y, &hundred, 2, &x) != ERPSYNC_DEC_OK) {
			return false;
		}
	}
	return erpsync_money_cents(&x, out);
}

/* round2(a * r / div) in cents for a in cents, div 100 (net) or 100 + r (gross) */
static bool tax_cents(int64_t a, const erpsync_decimal *r, bool gross, int64_t *out)
{
	erpsync_decimal x, y, div, hundred;
	erpsync_money_from_cents(a, &x);
	erpsync_dec_from_int(100, &hundred);
	if (gross) erpsync_dec_add(&hundred, r, &div); else div = hundred;
	if (erpsync_dec_mul(&x, r, &y) != ERPSYNC_DEC_OK || erpsync_dec_div(&y, &div, 2, &x) != ERPSYNC_DEC_OK) return false;
	return erpsync_money_cents(&x, out);
}

bool erpsync_money_net_totals(const erpsync_money_netline *l, size_t n, bool doc_rounding, erpsync_money_totals *t)
{
	size_t i, j;
	int64_t *net = malloc((n ? n : 1) * sizeof(int64_t)), sum = 0;
	bool ok = true;
	memset(t, 0, sizeof(*t));
	if (!net) return false;
	for (i = 0; i < n && ok; i++) {
		int64_t gross;
		ok = net_cents(&l[i].qty, &l[i].price, NULL, &gross) && net_cents(&l[i].qty, &l[i].price, &l[i].disc, &net[i]);
		if (!ok) break;
		sum += net[i];
		if (l[i].kind == ERPSYNC_MONEY_ITEM) t->discount += gross - net[i];
		if (l[i].kind == ERPSYNC_MONEY_SHIPPING) t->shipping += net[i];
		if (!doc_rounding) {
			int64_t tx;
			ok = tax_cents(net[i], &l[i].rate, false, &tx);
			t->tax += tx;
		}
	}
	if (ok && doc_rounding) {
		/* one VAT amount per rate, on the sum of that rate's nets */
		for (i = 0; i < n && ok; i++) {
			int64_t base = 0, tx;
			bool first = true;
			for (j = 0; j < n; j++) {
				if (erpsync_dec_cmp(&l[j].rate, &l[i].rate) != 0) continue;
				if (j < i) { first = false; break; }
				base += net[j];
			}
			if (!first) continue;
			ok = tax_cents(base, &l[i].rate, false, &tx);
			t->tax += tx;
		}
	}
	t->total = sum + t->tax;
	free(net);
	return ok;
}

/* The unit price at `places` decimals nearest to cents/q for which round2(q * p) == cents (within 3 units). */
static void pick_price(const erpsync_decimal *q, int64_t cents, int places, erpsync_decimal *p)
{
	erpsync_decimal target, p0, unit, cand, k;
	int64_t got;
	int i;
	erpsync_money_from_cents(cents, &target);
	erpsync_dec_div(&target, q, places, &p0);
	*p = p0;
	if (net_cents(q, &p0, NULL, &got) && got == cents) return;
	erpsync_dec_from_int(1, &unit);
	erpsync_dec_from_int(1, &k);
	{ erpsync_decimal ten; erpsync_dec_from_int(10, &ten); for (i = 0; i < places; i++) erpsync_dec_div(&unit, &ten, places, &unit); }
	for (i = 1; i <= 3; i++) {
		int s;
		erpsync_dec_from_int(i, &k);
		for (s = 0; s < 2; s++) {
			erpsync_decimal step;
			erpsync_dec_mul(&unit, &k, &step);
			if (s) erpsync_dec_negate(&step);
			erpsync_dec_add(&p0, &step, &cand);
			erpsync_dec_round(&cand, places, &cand);
			if (net_cents(q, &cand, NULL, &got) && got == cents) { *p = cand; return; }
		}
	}
}

/* Drops trailing zero decimals ("10.00000000" -> "10"): the value is unchanged. */
static void trim_zeros(erpsync_decimal *d)
{
	while (d->scale > 0 && d->ndigits > 1 && d->d[0] == 0) {
		memmove(d->d, d->d + 1, (size_t) (d->ndigits - 1));
		d->ndigits--;
		d->scale--;
	}
}

/* The discount % at `places` decimals for which round2(q * p * (1 - d/100)) == cents, 0 when none is needed. */
static void pick_discount(const erpsync_decimal *q, const erpsync_decimal *p, int64_t cents, int places, erpsync_decimal *d)
{
	erpsync_decimal gross, target, diff, x, hundred, d0, unit, ten, k, cand;
	int64_t got;
	int i, s;
	erpsync_dec_zero(d);
	if (net_cents(q, p, NULL, &got) && got == cents) return;
	erpsync_dec_mul(q, p, &gross);
	if (erpsync_dec_is_zero(&gross)) return;
	erpsync_money_from_cents(cents, &target);
	erpsync_dec_from_int(100, &hundred);
	erpsync_dec_sub(&gross, &target, &diff);
	erpsync_dec_mul(&diff, &hundred, &x);
	if (erpsync_dec_div(&x, &gross, places, &d0) != ERPSYNC_DEC_OK) return;
	*d = d0;
	if (net_cents(q, p, &d0, &got) && got == cents) return;
	erpsync_dec_from_int(1, &unit);
	erpsync_dec_from_int(10, &ten);
	for (i = 0; i < places; i++) erpsync_dec_div(&unit, &ten, places, &unit);
	for (i = 1; i <= 3; i++) {
		erpsync_dec_from_int(i, &k);
		for (s = 0; s < 2; s++) {
			erpsync_decimal step;
			erpsync_dec_mul(&unit, &k, &step);
			if (s) erpsync_dec_negate(&step);
			erpsync_dec_add(&d0, &step, &cand);
			erpsync_dec_round(&cand, places, &cand);
			if (net_cents(q, p, &cand, &got) && got == cents) { *d = cand; return; }
		}
	}
}

/* Distinct VAT rates a correction may use: those of the lines (and 0 when allowed): lowest and highest. */
static bool correction_rates(const erpsync_money_doc *doc, bool (*ok)(void *, const erpsync_decimal *), void *ud,
                             erpsync_decimal *lo, erpsync_decimal *hi)
{
	size_t i;
	bool any = false;
	erpsync_decimal zero;
	erpsync_dec_zero(&zero);
	if (!ok || ok(ud, &zero)) { *lo = zero; *hi = zero; any = true; }
	for (i = 0; i < doc->n; i++) {
		const erpsync_decimal *r = &doc->lines[i].rate;
		if (ok && !ok(ud, r)) continue;
		if (!any) { *lo = *r; *hi = *r; any = true; continue; }
		if (erpsync_dec_cmp(r, lo) < 0) *lo = *r;
		if (erpsync_dec_cmp(r, hi) > 0) *hi = *r;
	}
	return any;
}

/* Searches a (cents) such that the totals with the pair (+a at hi, -a at lo) give want_tax; fills the
 * pair's amounts through set(a) and totals through eval(). Returns true when found. */
typedef bool (*pair_eval)(void *ctx, int64_t a, int64_t *tax);
static bool search_pair(int64_t delta, const erpsync_decimal *lo, const erpsync_decimal *hi, bool gross,
                        pair_eval eval, void *ctx, int64_t want_tax, int64_t *found)
{
	erpsync_decimal spread, hundred, x, y, div;
	int64_t a0 = 0, k, tax;
	int s;
	/* a0 ~ delta * div / (hi - lo) */
	erpsync_dec_sub(hi, lo, &spread);
	if (erpsync_dec_is_zero(&spread)) return false;
	erpsync_dec_from_int(100, &hundred);
	if (gross) erpsync_dec_add(&hundred, hi, &div); else div = hundred;
	erpsync_dec_from_int(delta, &x);
	erpsync_dec_mul(&x, &div, &y);
	if (erpsync_dec_div(&y, &spread, 0, &x) != ERPSYNC_DEC_OK || !erpsync_money_cents(&x, &a0)) return false;
	a0 /= 100; /* x was in cents already: money_cents scaled it by 100 */
	for (k = 0; k <= 400; k++) {
		for (s = 0; s < 2; s++) {
			int64_t a = s ? a0 - k : a0 + k;
			if (a == 0 || (k == 0 && s)) continue;
			if (eval(ctx, a, &tax) && tax == want_tax) { *found = a; return true; }
		}
	}
	return false;
}

typedef struct {
	erpsync_money_netline *lines;
	size_t n;                 /* lines before the pair */
	bool doc_rounding;
} net_pair_ctx;

static bool net_pair_eval(void *vctx, int64_t a, int64_t *tax)
{
	net_pair_ctx *c = vctx;
	erpsync_money_totals t;
	erpsync_money_from_cents(a, &c->lines[c->n].price);
	erpsync_money_from_cents(-a, &c->lines[c->n + 1].price);
	if (!erpsync_money_net_totals(c->lines, c->n + 2, c->doc_rounding, &t)) return false;
	*tax = t.tax;
	return true;
}

static void rounding_line(erpsync_money_netline *l, size_t index, const erpsync_decimal *rate, int64_t cents)
{
	memset(l, 0, sizeof(*l));
	l->kind = ERPSYNC_MONEY_ROUNDING;
	l->index = index;
	erpsync_dec_from_int(1, &l->qty);
	erpsync_money_from_cents(cents, &l->price);
	erpsync_dec_zero(&l->disc);
	l->rate = *rate;
}

/* Cents per line of the amounts chosen by `pick` for lines of `kinds` (bit mask), adding up to target. */
typedef void (*amount_of)(const erpsync_money_src *s, erpsync_decimal *out);
static bool alloc_kinds(const erpsync_money_doc *doc, unsigned kinds, amount_of pick, int64_t target, int64_t *cents)
{
	erpsync_decimal *ex = calloc(doc->n ? doc->n : 1, sizeof(*ex));
	int64_t *tmp = malloc((doc->n ? doc->n : 1) * sizeof(*tmp));
	size_t *map = malloc((doc->n ? doc->n : 1) * sizeof(*map));
	size_t i, m = 0;
	bool ok;
	if (!ex || !tmp || !map) { free(ex); free(tmp); free(map); return false; }
	for (i = 0; i < doc->n; i++) {
		if (!(kinds & (1u << doc->lines[i].kind))) continue;
		pick(&doc->lines[i], &ex[m]);
		map[m++] = i;
	}
	ok = erpsync_money_alloc(ex, m, target, tmp);
	for (i = 0; ok && i < m; i++) cents[map[i]] = tmp[i];
	free(ex); free(tmp); free(map);
	return ok;
}

static void amt_total(const erpsync_money_src *s, erpsync_decimal *o) { *o = s->total; }
static void amt_gross(const erpsync_money_src *s, erpsync_decimal *o) { erpsync_dec_add(&s->total, &s->total_tax, o); }
static void amt_disc(const erpsync_money_src *s, erpsync_decimal *o) { erpsync_dec_sub(&s->subtotal, &s->total, o); }
static void amt_disc_gross(const erpsync_money_src *s, erpsync_decimal *o)
{
	erpsync_decimal a, b;
	erpsync_dec_add(&s->subtotal, &s->subtotal_tax, &a);
	erpsync_dec_add(&s->total, &s->total_tax, &b);
	erpsync_dec_sub(&a, &b, o);
}

#define K(x) (1u << (x))

bool erpsync_money_net_plan(const erpsync_money_doc *doc, const erpsync_money_net_rules *rules,
                            erpsync_money_netline **out, size_t *n, erpsync_error *err)
{
	size_t cap = doc->n + 3, i, m = doc->n;
	erpsync_money_netline *l = calloc(cap, sizeof(*l));
	int64_t *net = calloc(doc->n ? doc->n : 1, sizeof(int64_t)), *disc = calloc(doc->n ? doc->n : 1, sizeof(int64_t));
	int64_t want_net = doc->want.total - doc->want.tax;
	erpsync_money_totals t;
	erpsync_decimal lo, hi;

	*out = NULL;
	*n = 0;
	if (!l || !net || !disc) goto oom;
	if (!alloc_kinds(doc, K(ERPSYNC_MONEY_SHIPPING), amt_total, doc->want.shipping, net)
	 || !alloc_kinds(doc, K(ERPSYNC_MONEY_ITEM) | K(ERPSYNC_MONEY_FEE), amt_total, want_net - doc->want.shipping, net)
	 || !alloc_kinds(doc, K(ERPSYNC_MONEY_ITEM), amt_disc, doc->want.discount, disc)) {
		goto range;
	}
	for (i = 0; i < doc->n; i++) {
		const erpsync_money_src *s = &doc->lines[i];
		l[i].kind = s->kind;
		l[i].index = s->index;
		l[i].qty = s->qty;
		l[i].rate = s->rate;
		pick_price(&s->qty, net[i] + disc[i], rules->price_places, &l[i].price);
		pick_discount(&s->qty, &l[i].price, net[i], rules->disc_places, &l[i].disc);
		trim_zeros(&l[i].disc);
	}
	if (!erpsync_money_net_totals(l, m, rules->doc_rounding, &t)) goto range;
	if (!correction_rates(doc, rules->rate_ok, rules->ud, &lo, &hi)) goto done;
	if (t.total - t.tax != want_net) {
		rounding_line(&l[m], 0, &lo, want_net - (t.total - t.tax));
		m++;
		if (!erpsync_money_net_totals(l, m, rules->doc_rounding, &t)) goto range;
	}
	if (t.tax != doc->want.tax) {
		net_pair_ctx pc = { l, m, rules->doc_rounding };
		int64_t a;
		rounding_line(&l[m], 1, &hi, 0);
		rounding_line(&l[m + 1], 2, &lo, 0);
		if (search_pair(doc->want.tax - t.tax, &lo, &hi, false, net_pair_eval, &pc, doc->want.tax, &a)) {
			net_pair_eval(&pc, a, &t.tax);
			m += 2;
		}
	}
done:
	free(net); free(disc);
	*out = l;
	*n = m;
	return true;
oom:
	free(l); free(net); free(disc);
	erpsync_error_set(err, ERPSYNC_E_GENERIC, "out of memory");
	return false;
range:
	free(l); free(net); free(disc);
	erpsync_error_set(err, ERPSYNC_E_VALIDATION, "an amount of the order is out of range");
	return false;
}

/* ------------------------------------------------------------------------------ row model */

bool erpsync_money_row_totals(const erpsync_money_row *r, size_t n, bool gross, erpsync_money_totals *t)
{
	size_t i;
	int64_t sum = 0;
	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		int64_t tx;
		if (!tax_cents(r[i].price, &r[i].rate, gross, &tx)) return false;
		t->tax += tx;
		sum += r[i].price;
		t->discount += r[i].discount;
		if (r[i].kind == ERPSYNC_MONEY_SHIPPING) t->shipping += r[i].price;
	}
	t->total = gross ? sum : sum + t->tax;
	return true;
}

typedef struct {
	erpsync_money_row *rows;
	size_t n;
	bool gross;
} row_pair_ctx;

static bool row_pair_eval(void *vctx, int64_t a, int64_t *tax)
{
	row_pair_ctx *c = vctx;
	erpsync_money_totals t;
	c->rows[c->n].price = a;
	c->rows[c->n + 1].price = -a;
	if (!erpsync_money_row_totals(c->rows, c->n + 2, c->gross, &t)) return false;
	*tax = t.tax;
	return true;
}

bool erpsync_money_row_plan(const erpsync_money_doc *doc, bool gross, erpsync_money_row **out, size_t *n,
                            erpsync_error *err)
{
	size_t cap = doc->n + 2, i, m = doc->n;
	erpsync_money_row *r = calloc(cap, sizeof(*r));
	int64_t *price = calloc(doc->n ? doc->n : 1, sizeof(int64_t)), *disc = calloc(doc->n ? doc->n : 1, sizeof(int64_t));
	int64_t ship = gross ? doc->want.shipping + doc->shipping_tax : doc->want.shipping;
	int64_t rest = gross ? doc->want.total - ship : doc->want.total - doc->want.tax - ship;
	int64_t want_disc = gross ? doc->want.discount + doc->discount_tax : doc->want.discount;
	erpsync_money_totals t;
	erpsync_decimal lo, hi;

	*out = NULL;
	*n = 0;
	if (!r || !price || !disc) {
		free(r); free(price); free(disc);
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "out of memory");
		return false;
	}
	if (!alloc_kinds(doc, K(ERPSYNC_MONEY_SHIPPING), gross ? amt_gross : amt_total, ship, price)
	 || !alloc_kinds(doc, K(ERPSYNC_MONEY_ITEM) | K(ERPSYNC_MONEY_FEE), gross ? amt_gross : amt_total, rest, price)
	 || !alloc_kinds(doc, K(ERPSYNC_MONEY_ITEM), gross ? amt_disc_gross : amt_disc, want_disc, disc)) {
		free(r); free(price); free(disc);
		erpsync_error_set(err, ERPSYNC_E_VALIDATION, "an amount of the order is out of range");
		return false;
	}
	for (i = 0; i < doc->n; i++) {
		r[i].kind = doc->lines[i].kind;
		r[i].index = doc->lines[i].index;
		r[i].qty = doc->lines[i].qty;
		r[i].rate = doc->lines[i].rate;
		r[i].price = price[i];
		r[i].discount = disc[i];
	}
	free(price); free(disc);
	if (erpsync_money_row_totals(r, m, gross, &t) && t.tax != doc->want.tax && correction_rates(doc, NULL, NULL, &lo, &hi)) {
		row_pair_ctx pc = { r, m, gross };
		int64_t a;
		memset(&r[m], 0, 2 * sizeof(*r));
		r[m].kind = r[m + 1].kind = ERPSYNC_MONEY_ROUNDING;
		r[m].index = 1; r[m + 1].index = 2;
		erpsync_dec_from_int(1, &r[m].qty); erpsync_dec_from_int(1, &r[m + 1].qty);
		r[m].rate = hi; r[m + 1].rate = lo;
		if (search_pair(doc->want.tax - t.tax, &lo, &hi, gross, row_pair_eval, &pc, doc->want.tax, &a)) {
			row_pair_eval(&pc, a, &t.tax);
			m += 2;
		}
	}
	*out = r;
	*n = m;
	return true;
}

/* -------------------------------------------------------------------------------- check */

void erpsync_money_expected(const erpsync_money_doc *doc, bool gross_terms, erpsync_money_totals *out)
{
	*out = doc->want;
	if (gross_terms) {
		out->shipping += doc->shipping_tax;
		out->discount += doc->discount_tax;
	}
}

bool erpsync_money_check(const char *connector, const char *subject, const erpsync_money_totals *got,
                         const erpsync_money_totals *want, erpsync_error *err)
{
	static const char *const names[] = {"total", "tax", "shipping", "discount"};
	const int64_t g[] = {got->total, got->tax, got->shipping, got->discount};
	const int64_t w[] = {want->total, want->tax, want->shipping, want->discount};
	char msg[600], a[32], b[32], d[32];
	size_t len = 0, i;
	for (i = 0; i < 4; i++) {
		if (g[i] == w[i]) continue;
		erpsync_money_format(g[i], a, sizeof(a));
		erpsync_money_format(w[i], b, sizeof(b));
		erpsync_money_format(g[i] - w[i], d, sizeof(d));
		len += (size_t) snprintf(msg + len, sizeof(msg) - len, "%s%s %s instead of %s (%s%s)", len ? ", " : "",
			names[i], a, b, g[i] > w[i] ? "+" : "", d);
		if (len >= sizeof(msg)) { len = sizeof(msg) - 1; break; }
	}
	if (len == 0) return true;
	erpsync_conn_invalid(err, subject, "total",
		"%s: the %s document does not add up to the WooCommerce order by %s's arithmetic: %s; it was not sent",
		subject, connector, connector, msg);
	return false;
}

/* Reads the order's totals, computes the document's by the model (net: lines, row: rows), compares. */
static bool reconcile(const char *connector, const char *subject, json_object *order, const void *items, size_t n,
                      bool net_model, bool flag, erpsync_money_totals *got, erpsync_money_totals *want, erpsync_error *err)
{
	erpsync_money_doc doc;
	bool ok;
	if (!erpsync_money_read(order, subject, &doc, err)) return false;
	ok = net_model ? erpsync_money_net_totals(items, n, flag, got) : erpsync_money_row_totals(items, n, flag, got);
	erpsync_money_expected(&doc, !net_model && flag, want);
	erpsync_money_doc_free(&doc);
	if (!ok) {
		erpsync_conn_invalid(err, subject, "total", "%s: an amount of the %s document is out of range", subject, connector);
		return false;
	}
	return erpsync_money_check(connector, subject, got, want, err);
}

bool erpsync_money_net_reconcile(const char *connector, const char *subject, json_object *order,
                                 erpsync_money_netline *lines, size_t n, bool doc_rounding,
                                 erpsync_money_totals *got, erpsync_money_totals *want, erpsync_error *err)
{
	bool ok = reconcile(connector, subject, order, lines, n, true, doc_rounding, got, want, err);
	free(lines);
	return ok;
}

bool erpsync_money_row_reconcile(const char *connector, const char *subject, json_object *order,
                                 erpsync_money_row *rows, size_t n, bool gross,
                                 erpsync_money_totals *got, erpsync_money_totals *want, erpsync_error *err)
{
	bool ok = reconcile(connector, subject, order, rows, n, false, gross, got, want, err);
	free(rows);
	return ok;
}

bool erpsync_money_net_reconcile_doc(const char *connector, json_object *order, json_object *lines,
                                     const erpsync_money_net_fields *f, bool doc_rounding,
                                     erpsync_money_totals *got, erpsync_money_totals *want, erpsync_error *err)
{
	char subject[ERPSYNC_ERR_SHORT_LEN];
	size_t i, n = lines && json_object_is_type(lines, json_type_array) ? json_object_array_length(lines) : 0;
	erpsync_money_netline *ml = calloc(n ? n : 1, sizeof(*ml));
	erpsync_conn_subject(order, "order", subject, sizeof(subject));
	if (!ml) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "%s: out of memory", subject);
		return false;
	}
	for (i = 0; i < n; i++) {
		json_object *l = json_object_array_get_idx(lines, i), *vat = erpsync_conn_get(l, f->vat);
		const char *code = erpsync_conn_get_str(l, f->code, "");
		int k;
		ml[i].kind = ERPSYNC_MONEY_ITEM;
		for (k = ERPSYNC_MONEY_SHIPPING; k <= ERPSYNC_MONEY_ROUNDING; k++) {
			const char *s = erpsync_conn_get_str(f->settings, f->kind_setting[k], NULL);
			if (s && strcmp(s, code) == 0) { ml[i].kind = k; break; }
		}
		if (!*f->discount) erpsync_dec_zero(&ml[i].disc);
		if (erpsync_conn_get_dec(l, f->qty, &ml[i].qty) != ERPSYNC_DEC_OK
		 || erpsync_conn_get_dec(l, f->price, &ml[i].price) != ERPSYNC_DEC_OK
		 || (*f->discount && erpsync_conn_get_dec(l, f->discount, &ml[i].disc) != ERPSYNC_DEC_OK)
		 || !vat || (f->rate_of ? !f->rate_of(f->ud, vat, &ml[i].rate) : erpsync_conn_get_dec(l, f->vat, &ml[i].rate) != ERPSYNC_DEC_OK)) {
			erpsync_conn_invalid(err, subject, "total", "%s: %s line %zu lacks a quantity, price, discount or known VAT", subject, connector, i + 1);
			free(ml);
			return false;
		}
	}
	return erpsync_money_net_reconcile(connector, subject, order, ml, n, doc_rounding, got, want, err);
}

json_object *erpsync_money_totals_json(const erpsync_money_totals *t)
{
	json_object *o = json_object_new_object();
	char buf[32];
	erpsync_money_format(t->total, buf, sizeof(buf)); json_object_object_add(o, "total", json_object_new_string(buf));
	erpsync_money_format(t->tax, buf, sizeof(buf)); json_object_object_add(o, "tax", json_object_new_string(buf));
	erpsync_money_format(t->shipping, buf, sizeof(buf)); json_object_object_add(o, "shipping", json_object_new_string(buf));
	erpsync_money_format(t->discount, buf, sizeof(buf)); json_object_object_add(o, "discount", json_object_new_string(buf));
	return o;
}
