/* Exact decimal arithmetic on text numbers (see erpsync_decimal.h). Plain C, no allocation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "erpsync_decimal.h"

const char *erpsync_dec_strerror(erpsync_dec_status st)
{
	switch (st) {
		case ERPSYNC_DEC_OK:       return "ok";
		case ERPSYNC_DEC_EINVAL:   return "not a number";
		case ERPSYNC_DEC_ERANGE:   return "too many digits";
		case ERPSYNC_DEC_EDIVZERO: return "division by zero";
		case ERPSYNC_DEC_EBUF:     return "output buffer too small";
	}
	return "error";
}

void erpsync_dec_zero(erpsync_decimal *out)
{
	out->neg = false;
	out->ndigits = 0;
	out->scale = 0;
}

/* Drop leading (most significant) zero digits; zero is never negative. */
static void dec_trim(erpsync_decimal *a)
{
	while (a->ndigits > 0 && a->d[a->ndigits - 1] == 0) {
		a->ndigits--;
	}
	if (a->ndigits == 0) {
		a->neg = false;
	}
}

bool erpsync_dec_is_zero(const erpsync_decimal *a)
{
	int i;
	for (i = 0; i < a->ndigits; i++) {
		if (a->d[i]) {
			return false;
		}
	}
	return true;
}

void erpsync_dec_negate(erpsync_decimal *a)
{
	if (!erpsync_dec_is_zero(a)) {
		a->neg = !a->neg;
	}
}

erpsync_dec_status erpsync_dec_from_int(int64_t v, erpsync_decimal *out)
{
	uint64_t u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
	erpsync_dec_zero(out);
	while (u) {
		out->d[out->ndigits++] = (uint8_t) (u % 10);
		u /= 10;
	}
	out->neg = v < 0;
	return ERPSYNC_DEC_OK;
}

/* Multiply the coefficient by 10^k (scale grows by k: the value is unchanged). */
static erpsync_dec_status dec_upscale(erpsync_decimal *a, int k)
{
	if (k <= 0) {
		return ERPSYNC_DEC_OK;
	}
	if (a->ndigits == 0) {
		a->scale += k;
		return ERPSYNC_DEC_OK;
	}
	if (a->ndigits + k > ERPSYNC_DEC_MAX_DIGITS) {
		return ERPSYNC_DEC_ERANGE;
	}
	memmove(a->d + k, a->d, (size_t) a->ndigits);
	memset(a->d, 0, (size_t) k);
	a->ndigits += k;
	a->scale += k;
	return ERPSYNC_DEC_OK;
}

/* The digits of "ddd[.ddd]" from text[*i, end) into digits[] (most significant first, *n of them): leading zeros
 * dropped (after the point they only grow *frac, the digits after the point). Stops at the first other character.
 * EINVAL when there is no digit, ERANGE beyond ERPSYNC_DEC_MAX_DIGITS. */
static erpsync_dec_status dec_parse_digits(const char *text, size_t *i, size_t end, uint8_t *digits, int *n, int *frac)
{
	bool any = false, dot = false;
	for (; *i < end; (*i)++) {
		char c = text[*i];
		if (c >= '0' && c <= '9') {
			any = true;
			if (*n == 0 && c == '0') {
				if (dot) {
					(*frac)++; /* leading zero after the point: only the scale grows */
				}
				continue;
			}
			if (*n >= ERPSYNC_DEC_MAX_DIGITS) {
				return ERPSYNC_DEC_ERANGE;
			}
			digits[(*n)++] = (uint8_t) (c - '0');
			if (dot) {
				(*frac)++;
			}
		} else if (c == '.' && !dot) {
			dot = true;
		} else {
			break;
		}
	}
	return any ? ERPSYNC_DEC_OK : ERPSYNC_DEC_EINVAL;
}

/* An exponent "e[sign]digits" at text[*i], if there is one (its magnitude stops growing past 100000);
 * EINVAL for an "e" without digits. */
static erpsync_dec_status dec_parse_exponent(const char *text, size_t *i, size_t end, long *exp)
{
	bool eneg = false, edig = false;
	if (!(*i < end && (text[*i] == 'e' || text[*i] == 'E'))) {
		return ERPSYNC_DEC_OK;
	}
	(*i)++;
	if (*i < end && (text[*i] == '-' || text[*i] == '+')) {
		eneg = text[*i] == '-';
		(*i)++;
	}
	for (; *i < end && text[*i] >= '0' && text[*i] <= '9'; (*i)++) {
		edig = true;
		if (*exp < 100000) {
			*exp = *exp * 10 + (text[*i] - '0');
		}
	}
	if (!edig) {
		return ERPSYNC_DEC_EINVAL;
	}
	if (eneg) {
		*exp = -*exp;
	}
	return ERPSYNC_DEC_OK;
}

/* value = coef * 10^(exp - frac): the scale, or for a negative one the coefficient scaled up (scale 0).
 * ERANGE when either leaves ERPSYNC_DEC_MAX_DIGITS (zero excepted: 0e-999 is just zero). */
static erpsync_dec_status dec_parse_scale(erpsync_decimal *r, int n, int frac, long exp)
{
	long s = (long) frac - exp;
	if (s >= 0) {
		if (s > ERPSYNC_DEC_MAX_DIGITS) {
			if (n == 0) {
				s = 0; /* 0e-999 is just zero */
			} else {
				return ERPSYNC_DEC_ERANGE;
			}
		}
		r->scale = (int) s;
	} else {
		if (-s > ERPSYNC_DEC_MAX_DIGITS) {
			if (n != 0) {
				return ERPSYNC_DEC_ERANGE;
			}
		} else if (dec_upscale(r, (int) -s) != ERPSYNC_DEC_OK) {
			return ERPSYNC_DEC_ERANGE;
		} else {
			r->scale = 0;
		}
	}
	return ERPSYNC_DEC_OK;
}

erpsync_dec_status erpsync_dec_parse(const char *text, size_t len, erpsync_decimal *out)
{
	size_t i = 0, end = len, j;
	bool neg = false;
	int frac = 0, n = 0;
	long exp = 0;
	uint8_t digits[ERPSYNC_DEC_MAX_DIGITS];
	erpsync_decimal r;
	erpsync_dec_status st;

	erpsync_dec_zero(out);
	while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
		i++;
	}
	while (end > i && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n' || text[end - 1] == '\r')) {
		end--;
	}
	if (i < end && (text[i] == '-' || text[i] == '+')) {
		neg = text[i] == '-';
		i++;
	}
	if ((st = dec_parse_digits(text, &i, end, digits, &n, &frac)) != ERPSYNC_DEC_OK
		|| (st = dec_parse_exponent(text, &i, end, &exp)) != ERPSYNC_DEC_OK) {
		return st;
	}
	if (i != end) {
		return ERPSYNC_DEC_EINVAL;
	}
	erpsync_dec_zero(&r);
	r.neg = neg;
	r.ndigits = n;
	for (j = 0; j < (size_t) n; j++) {
		r.d[j] = digits[n - 1 - j];
	}
	if ((st = dec_parse_scale(&r, n, frac, exp)) != ERPSYNC_DEC_OK) {
		return st;
	}
	dec_trim(&r);
	*out = r;
	return ERPSYNC_DEC_OK;
}

erpsync_dec_status erpsync_dec_from_double(double v, erpsync_decimal *out)
{
	char buf[40];
	int p;
	erpsync_dec_zero(out);
	if (!isfinite(v)) {
		return ERPSYNC_DEC_EINVAL;
	}
	for (p = 1; p <= 17; p++) {
		snprintf(buf, sizeof(buf), "%.*g", p, v);
		if (strtod(buf, NULL) == v) {
			break;
		}
	}
	return erpsync_dec_parse(buf, strlen(buf), out);
}

/* |a| vs |b| after aligning scales. */
static int dec_cmp_mag(const erpsync_decimal *a, const erpsync_decimal *b)
{
	/* compare digit by digit from the most significant position, positions measured by 10^(i - scale) */
	int ahigh = a->ndigits - a->scale, bhigh = b->ndigits - b->scale; /* exponent of the digit above the top */
	int low = a->scale > b->scale ? -a->scale : -b->scale;
	int top = ahigh > bhigh ? ahigh : bhigh;
	int e;
	if (a->ndigits == 0 || b->ndigits == 0) {
		return (a->ndigits > 0) - (b->ndigits > 0);
	}
	for (e = top - 1; e >= low; e--) {
		int ia = e + a->scale, ib = e + b->scale;
		int da = (ia >= 0 && ia < a->ndigits) ? a->d[ia] : 0;
		int db = (ib >= 0 && ib < b->ndigits) ? b->d[ib] : 0;
		if (da != db) {
			return da > db ? 1 : -1;
		}
	}
	return 0;
}

int erpsync_dec_cmp(const erpsync_decimal *a, const erpsync_decimal *b)
{
	bool az = erpsync_dec_is_zero(a), bz = erpsync_dec_is_zero(b);
	bool an = a->neg && !az, bn = b->neg && !bz;
	int m;
	if (an != bn) {
		return an ? -1 : 1;
	}
	m = dec_cmp_mag(a, b);
	return an ? -m : m;
}

/* Both to the same scale (copies). */
static erpsync_dec_status dec_align(const erpsync_decimal *a, const erpsync_decimal *b, erpsync_decimal *x,
	erpsync_decimal *y)
{
	*x = *a;
	*y = *b;
	if (x->scale < y->scale) {
		return dec_upscale(x, y->scale - x->scale);
	}
	return dec_upscale(y, x->scale - y->scale);
}

/* |x| + |y| (same scale) */
static erpsync_dec_status dec_add_mag(const erpsync_decimal *x, const erpsync_decimal *y, erpsync_decimal *r)
{
	int n = x->ndigits > y->ndigits ? x->ndigits : y->ndigits, i, carry = 0;
	erpsync_decimal t;
	erpsync_dec_zero(&t);
	t.scale = x->scale;
	for (i = 0; i < n; i++) {
		int s = (i < x->ndigits ? x->d[i] : 0) + (i < y->ndigits ? y->d[i] : 0) + carry;
		t.d[i] = (uint8_t) (s % 10);
		carry = s / 10;
	}
	t.ndigits = n;
	if (carry) {
		if (n >= ERPSYNC_DEC_MAX_DIGITS) {
			return ERPSYNC_DEC_ERANGE;
		}
		t.d[t.ndigits++] = (uint8_t) carry;
	}
	*r = t;
	return ERPSYNC_DEC_OK;
}

/* |x| - |y| with |x| >= |y| (same scale) */
static void dec_sub_mag(const erpsync_decimal *x, const erpsync_decimal *y, erpsync_decimal *r)
{
	int i, borrow = 0;
	erpsync_decimal t;
	erpsync_dec_zero(&t);
	t.scale = x->scale;
	for (i = 0; i < x->ndigits; i++) {
		int s = x->d[i] - (i < y->ndigits ? y->d[i] : 0) - borrow;
		borrow = s < 0;
		t.d[i] = (uint8_t) (s < 0 ? s + 10 : s);
	}
	t.ndigits = x->ndigits;
	dec_trim(&t);
	*r = t;
}

static erpsync_dec_status dec_addsub(const erpsync_decimal *a, const erpsync_decimal *b, bool subtract,
	erpsync_decimal *out)
{
	erpsync_decimal x, y, r;
	bool xn, yn;
	erpsync_dec_status st = dec_align(a, b, &x, &y);
	if (st != ERPSYNC_DEC_OK) {
		erpsync_dec_zero(out);
		return st;
	}
	xn = x.neg;
	yn = subtract ? !y.neg : y.neg;
	if (xn == yn) {
		st = dec_add_mag(&x, &y, &r);
		if (st != ERPSYNC_DEC_OK) {
			erpsync_dec_zero(out);
			return st;
		}
		r.neg = xn;
	} else if (dec_cmp_mag(&x, &y) >= 0) {
		dec_sub_mag(&x, &y, &r);
		r.neg = xn;
	} else {
		dec_sub_mag(&y, &x, &r);
		r.neg = yn;
	}
	dec_trim(&r);
	*out = r;
	return ERPSYNC_DEC_OK;
}

erpsync_dec_status erpsync_dec_add(const erpsync_decimal *a, const erpsync_decimal *b, erpsync_decimal *out)
{
	return dec_addsub(a, b, false, out);
}

erpsync_dec_status erpsync_dec_sub(const erpsync_decimal *a, const erpsync_decimal *b, erpsync_decimal *out)
{
	return dec_addsub(a, b, true, out);
}

erpsync_dec_status erpsync_dec_mul(const erpsync_decimal *a, const erpsync_decimal *b, erpsync_decimal *out)
{
	int acc[2 * ERPSYNC_DEC_MAX_DIGITS + 1];
	int i, j, n = a->ndigits + b->ndigits;
	erpsync_decimal r;
	erpsync_dec_zero(&r);
	if (a->scale > ERPSYNC_DEC_MAX_DIGITS || b->scale > ERPSYNC_DEC_MAX_DIGITS) {
		erpsync_dec_zero(out);
		return ERPSYNC_DEC_ERANGE;
	}
	memset(acc, 0, sizeof(acc));
	for (i = 0; i < a->ndigits; i++) {
		for (j = 0; j < b->ndigits; j++) {
			acc[i + j] += a->d[i] * b->d[j]; /* at most MAX_DIGITS * 81: fits an int */
		}
	}
	for (j = 0; j < n; j++) {
		acc[j + 1] += acc[j] / 10;
		acc[j] %= 10;
	}
	while (n > 0 && acc[n - 1] == 0) {
		n--;
	}
	r.scale = a->scale + b->scale;
	/* drop trailing fractional zeros the caller cannot see, to stay within MAX_DIGITS */
	i = 0;
	while ((n - i > ERPSYNC_DEC_MAX_DIGITS || r.scale > ERPSYNC_DEC_MAX_DIGITS) && r.scale > 0 && i < n && acc[i] == 0) {
		i++;
		r.scale--;
	}
	/* one limit for every value: at most ERPSYNC_DEC_MAX_DIGITS digits and decimals, as parse makes them, so
	 * any result formats into ERPSYNC_DEC_BUF_LEN */
	if (n == 0 && r.scale > ERPSYNC_DEC_MAX_DIGITS) {
		r.scale = 0; /* zero */
	}
	if (n - i > ERPSYNC_DEC_MAX_DIGITS || r.scale > ERPSYNC_DEC_MAX_DIGITS) {
		erpsync_dec_zero(out);
		return ERPSYNC_DEC_ERANGE;
	}
	for (j = i; j < n; j++) {
		r.d[j - i] = (uint8_t) acc[j];
	}
	r.ndigits = n - i;
	r.neg = a->neg != b->neg;
	dec_trim(&r);
	*out = r;
	return ERPSYNC_DEC_OK;
}

erpsync_dec_status erpsync_dec_round(const erpsync_decimal *a, int places, erpsync_decimal *out)
{
	erpsync_decimal r = *a;
	int k, i;
	if (places < 0 || places > ERPSYNC_DEC_MAX_PLACES) {
		erpsync_dec_zero(out);
		return ERPSYNC_DEC_ERANGE;
	}
	if (r.scale <= places) {
		if (dec_upscale(&r, places - r.scale) != ERPSYNC_DEC_OK) {
			erpsync_dec_zero(out);
			return ERPSYNC_DEC_ERANGE;
		}
		*out = r;
		return ERPSYNC_DEC_OK;
	}
	k = r.scale - places; /* digits to drop */
	{
		bool up = (k - 1 < r.ndigits) && r.d[k - 1] >= 5;
		if (k >= r.ndigits) {
			r.ndigits = 0;
		} else {
			memmove(r.d, r.d + k, (size_t) (r.ndigits - k));
			r.ndigits -= k;
		}
		r.scale = places;
		if (up) {
			for (i = 0; i < r.ndigits; i++) {
				if (r.d[i] == 9) {
					r.d[i] = 0;
				} else {
					r.d[i]++;
					break;
				}
			}
			if (i == r.ndigits) {
				if (r.ndigits >= ERPSYNC_DEC_MAX_DIGITS) {
					erpsync_dec_zero(out);
					return ERPSYNC_DEC_ERANGE;
				}
				r.d[r.ndigits++] = 1;
			}
		}
	}
	dec_trim(&r);
	*out = r;
	return ERPSYNC_DEC_OK;
}

/* Work space of a long division: q = num / den, the remainder left in rem. Digits little-endian. */
#define DEC_DIV_NUM_LEN (3 * ERPSYNC_DEC_MAX_DIGITS + ERPSYNC_DEC_MAX_PLACES + 2)
#define DEC_DIV_DEN_LEN (2 * ERPSYNC_DEC_MAX_DIGITS + ERPSYNC_DEC_MAX_PLACES + 2)
typedef struct {
	uint8_t num[DEC_DIV_NUM_LEN];
	uint8_t den[DEC_DIV_DEN_LEN];
	uint8_t q[DEC_DIV_NUM_LEN];
	uint8_t rem[DEC_DIV_NUM_LEN + 1];
	int nn, dn, rn, qn;
} dec_div_work;

/* -1, 0, 1 as x <, ==, > y (digit arrays without leading zeros). */
static int dec_digits_cmp(const uint8_t *x, int xn, const uint8_t *y, int yn)
{
	int j;
	if (xn != yn) {
		return xn > yn ? 1 : -1;
	}
	for (j = xn - 1; j >= 0; j--) {
		if (x[j] != y[j]) {
			return x[j] > y[j] ? 1 : -1;
		}
	}
	return 0;
}

/* The integers to divide: a/b * 10^places = A * 10^(sb - sa + places) / B, the power of ten put on A or on B.
 * ERANGE when it does not fit the work space. */
static erpsync_dec_status dec_div_operands(const erpsync_decimal *a, const erpsync_decimal *b, int places,
	dec_div_work *w)
{
	int e = b->scale - a->scale + places;
	memset(w->num, 0, sizeof(w->num));
	memset(w->den, 0, sizeof(w->den));
	if (e >= 0) {
		if (a->ndigits + e > (int) sizeof(w->num)) {
			return ERPSYNC_DEC_ERANGE;
		}
		memcpy(w->num + e, a->d, (size_t) a->ndigits);
		w->nn = a->ndigits + e;
		memcpy(w->den, b->d, (size_t) b->ndigits);
		w->dn = b->ndigits;
	} else {
		if (b->ndigits - e > (int) sizeof(w->den)) {
			return ERPSYNC_DEC_ERANGE;
		}
		memcpy(w->num, a->d, (size_t) a->ndigits);
		w->nn = a->ndigits;
		memcpy(w->den + (-e), b->d, (size_t) b->ndigits);
		w->dn = b->ndigits - e;
	}
	while (w->dn > 0 && w->den[w->dn - 1] == 0) {
		w->dn--;
	}
	return ERPSYNC_DEC_OK;
}

/* One quotient digit: rem -= den as long as rem >= den. */
static int dec_div_digit(dec_div_work *w)
{
	int digit = 0, j;
	while (dec_digits_cmp(w->rem, w->rn, w->den, w->dn) >= 0) {
		int borrow = 0;
		for (j = 0; j < w->rn; j++) {
			int s = w->rem[j] - (j < w->dn ? w->den[j] : 0) - borrow;
			borrow = s < 0;
			w->rem[j] = (uint8_t) (s < 0 ? s + 10 : s);
		}
		while (w->rn > 0 && w->rem[w->rn - 1] == 0) {
			w->rn--;
		}
		digit++;
	}
	return digit;
}

/* Schoolbook: bring down the digits of num from the most significant end. */
static void dec_div_long(dec_div_work *w)
{
	int i;
	memset(w->q, 0, sizeof(w->q));
	memset(w->rem, 0, sizeof(w->rem));
	w->rn = 0;
	for (i = w->nn - 1; i >= 0; i--) {
		/* rem = rem * 10 + num[i] */
		memmove(w->rem + 1, w->rem, (size_t) w->rn);
		w->rem[0] = w->num[i];
		w->rn++;
		while (w->rn > 0 && w->rem[w->rn - 1] == 0) {
			w->rn--;
		}
		w->q[i] = (uint8_t) dec_div_digit(w);
	}
	w->qn = w->nn;
	while (w->qn > 0 && w->q[w->qn - 1] == 0) {
		w->qn--;
	}
}

/* Round the quotient half away from zero: up when 2 * rem >= den. */
static void dec_div_round(dec_div_work *w)
{
	uint8_t twice[sizeof(w->rem) + 1];
	int tn = w->rn, carry = 0, j;
	for (j = 0; j < w->rn; j++) {
		int s = w->rem[j] * 2 + carry;
		twice[j] = (uint8_t) (s % 10);
		carry = s / 10;
	}
	if (carry) {
		twice[tn++] = (uint8_t) carry;
	}
	if (dec_digits_cmp(twice, tn, w->den, w->dn) >= 0 && w->rn > 0) {
		for (j = 0; j < w->qn; j++) {
			if (w->q[j] == 9) {
				w->q[j] = 0;
			} else {
				w->q[j]++;
				break;
			}
		}
		if (j == w->qn) {
			w->q[w->qn++] = 1;
		}
	}
}

/* Big-integer long division on digit arrays (dec_div_work), rounded, then checked against ERPSYNC_DEC_MAX_DIGITS. */
erpsync_dec_status erpsync_dec_div(const erpsync_decimal *a, const erpsync_decimal *b, int places, erpsync_decimal *out)
{
	dec_div_work w;
	erpsync_decimal r;
	erpsync_dec_status st;

	erpsync_dec_zero(out);
	if (places < 0 || places > ERPSYNC_DEC_MAX_PLACES) {
		return ERPSYNC_DEC_ERANGE;
	}
	if (erpsync_dec_is_zero(b)) {
		return ERPSYNC_DEC_EDIVZERO;
	}
	if ((st = dec_div_operands(a, b, places, &w)) != ERPSYNC_DEC_OK) {
		return st;
	}
	dec_div_long(&w);
	dec_div_round(&w);
	if (w.qn < 0 || w.qn > ERPSYNC_DEC_MAX_DIGITS) {
		return ERPSYNC_DEC_ERANGE;
	}
	erpsync_dec_zero(&r);
	memcpy(r.d, w.q, (size_t) w.qn);
	r.ndigits = w.qn;
	r.scale = places;
	r.neg = a->neg != b->neg;
	dec_trim(&r);
	*out = r;
	return ERPSYNC_DEC_OK;
}

erpsync_dec_status erpsync_dec_format(const erpsync_decimal *a, int places, char *buf, size_t size, size_t *len_out)
{
	erpsync_decimal r;
	size_t pos = 0, need;
	int i, intdigits;
	if (places >= 0) {
		erpsync_dec_status st = erpsync_dec_round(a, places, &r);
		if (st != ERPSYNC_DEC_OK) {
			return st;
		}
	} else {
		r = *a;
	}
	dec_trim(&r);
	intdigits = r.ndigits - r.scale;
	need = (r.neg ? 1 : 0) + (size_t) (intdigits > 0 ? intdigits : 1) + (r.scale > 0 ? 1 + (size_t) r.scale : 0) + 1;
	if (need > size) {
		if (size) {
			buf[0] = '\0';
		}
		return ERPSYNC_DEC_EBUF;
	}
	if (r.neg) {
		buf[pos++] = '-';
	}
	if (intdigits <= 0) {
		buf[pos++] = '0';
	} else {
		for (i = r.ndigits - 1; i >= r.scale; i--) {
			buf[pos++] = (char) ('0' + r.d[i]);
		}
	}
	if (r.scale > 0) {
		buf[pos++] = '.';
		for (i = r.scale - 1; i >= 0; i--) {
			buf[pos++] = (char) ('0' + (i < r.ndigits ? r.d[i] : 0));
		}
	}
	buf[pos] = '\0';
	if (len_out) {
		*len_out = pos;
	}
	return ERPSYNC_DEC_OK;
}

erpsync_dec_status erpsync_dec_format_text(const char *text, size_t len, int places, char *buf, size_t size,
	size_t *len_out)
{
	erpsync_decimal a;
	erpsync_dec_status st = erpsync_dec_parse(text, len, &a);
	if (st != ERPSYNC_DEC_OK) {
		if (size) {
			buf[0] = '\0';
		}
		return st;
	}
	return erpsync_dec_format(&a, places, buf, size, len_out);
}
