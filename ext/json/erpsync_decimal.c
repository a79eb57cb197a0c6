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

erpsync_dec_status erpsync_dec_parse(const char *text, size_t len, erpsync_decimal *out)
{
	size_t i = 0, end = len, j;
	bool neg = false, any = false, dot = false;
	int frac = 0, n = 0;
	long exp = 0;
	uint8_t digits[ERPSYNC_DEC_MAX_DIGITS];
	erpsync_decimal r;

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
	for (; i < end; i++) {
		char c = text[i];
		if (c >= '0' && c <= '9') {
			any = true;
			if (n == 0 && c == '0') {
				if (dot) {
					frac++; /* leading zero after the point: only the scale grows */
				}
				continue;
			}
			if (n >= ERPSYNC_DEC_MAX_DIGITS) {
				return ERPSYNC_DEC_ERANGE;
			}
			digits[n++] = (uint8_t) (c - '0');
			if (dot) {
				frac++;
			}
		} else if (c == '.' && !dot) {
			dot = true;
		} else {
			break;
		}
	}
	if (!any) {
		return ERPSYNC_DEC_EINVAL;
	}
	if (i < end && (text[i] == 'e' || text[i] == 'E')) {
		bool eneg = false, edig = false;
		i++;
		if (i < end && (text[i] == '-' || text[i] == '+')) {
			eneg = text[i] == '-';
			i++;
		}
		for (; i < end && text[i] >= '0' && text[i] <= '9'; i++) {
			edig = true;
			if (exp < 100000) {
				exp = exp * 10 + (text[i] - '0');
			}
		}
		if (!edig) {
			return ERPSYNC_DEC_EINVAL;
		}
		if (eneg) {
			exp = -exp;
		}
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
	/* value = coef * 10^(exp - frac) */
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
			r.scale = (int) s;
		} else {
			if (-s > ERPSYNC_DEC_MAX_DIGITS) {
				if (n != 0) {
					return ERPSYNC_DEC_ERANGE;
				}
			} else if (dec_upscale(&r, (int) -s) != ERPSYNC_DEC_OK) {
				return ERPSYNC_DEC_ERANGE;
			} else {
				r.scale = 0;
			}
		}
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

/* Big-integer long division on digit arrays: q = n / d, rem in n. Digits little-endian. */
erpsync_dec_status erpsync_dec_div(const erpsync_decimal *a, const erpsync_decimal *b, int places, erpsync_decimal *out)
{
	/* a/b * 10^places = A * 10^(sb - sa + places) / B */
	uint8_t num[3 * ERPSYNC_DEC_MAX_DIGITS + ERPSYNC_DEC_MAX_PLACES + 2];
	uint8_t den[2 * ERPSYNC_DEC_MAX_DIGITS + ERPSYNC_DEC_MAX_PLACES + 2];
	uint8_t q[sizeof(num)];
	uint8_t rem[sizeof(num) + 1];
	int nn, dn, rn, e, i, j, qn;
	erpsync_decimal r;

	erpsync_dec_zero(out);
	if (places < 0 || places > ERPSYNC_DEC_MAX_PLACES) {
		return ERPSYNC_DEC_ERANGE;
	}
	if (erpsync_dec_is_zero(b)) {
		return ERPSYNC_DEC_EDIVZERO;
	}
	e = b->scale - a->scale + places;
	memset(num, 0, sizeof(num));
	memset(den, 0, sizeof(den));
	if (e >= 0) {
		if (a->ndigits + e > (int) sizeof(num)) {
			return ERPSYNC_DEC_ERANGE;
		}
		memcpy(num + e, a->d, (size_t) a->ndigits);
		nn = a->ndigits + e;
		memcpy(den, b->d, (size_t) b->ndigits);
		dn = b->ndigits;
	} else {
		if (b->ndigits - e > (int) sizeof(den)) {
			return ERPSYNC_DEC_ERANGE;
		}
		memcpy(num, a->d, (size_t) a->ndigits);
		nn = a->ndigits;
		memcpy(den + (-e), b->d, (size_t) b->ndigits);
		dn = b->ndigits - e;
	}
	while (dn > 0 && den[dn - 1] == 0) {
		dn--;
	}
	/* schoolbook: bring down digits from the most significant end */
	memset(q, 0, sizeof(q));
	memset(rem, 0, sizeof(rem));
	rn = 0;
	for (i = nn - 1; i >= 0; i--) {
		int digit = 0;
		/* rem = rem * 10 + num[i] */
		memmove(rem + 1, rem, (size_t) rn);
		rem[0] = num[i];
		rn++;
		while (rn > 0 && rem[rn - 1] == 0) {
			rn--;
		}
		/* while rem >= den: rem -= den */
		for (;;) {
			int c = 0;
			if (rn != dn) {
				c = rn > dn ? 1 : -1;
			} else {
				for (j = rn - 1; j >= 0; j--) {
					if (rem[j] != den[j]) {
						c = rem[j] > den[j] ? 1 : -1;
						break;
					}
				}
			}
			if (c < 0) {
				break;
			}
			{
				int borrow = 0;
				for (j = 0; j < rn; j++) {
					int s = rem[j] - (j < dn ? den[j] : 0) - borrow;
					borrow = s < 0;
					rem[j] = (uint8_t) (s < 0 ? s + 10 : s);
				}
				while (rn > 0 && rem[rn - 1] == 0) {
					rn--;
				}
			}
			digit++;
		}
		q[i] = (uint8_t) digit;
	}
	qn = nn;
	while (qn > 0 && q[qn - 1] == 0) {
		qn--;
	}
	/* round half away from zero: 2 * rem >= den */
	{
		uint8_t twice[sizeof(rem) + 1];
		int tn = rn, carry = 0, c = 0;
		for (j = 0; j < rn; j++) {
			int s = rem[j] * 2 + carry;
			twice[j] = (uint8_t) (s % 10);
			carry = s / 10;
		}
		if (carry) {
			twice[tn++] = (uint8_t) carry;
		}
		if (tn != dn) {
			c = tn > dn ? 1 : -1;
		} else {
			for (j = tn - 1; j >= 0; j--) {
				if (twice[j] != den[j]) {
					c = twice[j] > den[j] ? 1 : -1;
					break;
				}
			}
		}
		if (c >= 0 && rn > 0) {
			for (j = 0; j < qn; j++) {
				if (q[j] == 9) {
					q[j] = 0;
				} else {
					q[j]++;
					break;
				}
			}
			if (j == qn) {
				q[qn++] = 1;
			}
		}
	}
	if (qn < 0 || qn > ERPSYNC_DEC_MAX_DIGITS) {
		return ERPSYNC_DEC_ERANGE;
	}
	erpsync_dec_zero(&r);
	memcpy(r.d, q, (size_t) qn);
	r.ndigits = qn;
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
