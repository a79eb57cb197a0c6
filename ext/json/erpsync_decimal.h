/*
 * Exact decimal arithmetic on numbers written as text: money, quantities, VAT, net/gross.
 * Plain C (no zval, no allocation): an erpsync_decimal is a value type on the stack.
 *
 * A value is sign * coefficient * 10^-scale, the coefficient held as decimal digits (at most
 * ERPSYNC_DEC_MAX_DIGITS). No binary floating point is involved anywhere, so "0.125" rounds to
 * "0.13" and "2.675" to "2.68". Rounding is always half away from zero (commercial rounding):
 * 0.125 -> 0.13, -0.125 -> -0.13.
 *
 * Every function returns an erpsync_dec_status: ERPSYNC_DEC_OK (0) or an error; on error the
 * output is left zero. Inputs and outputs may alias (erpsync_dec_add(&a, &a, &b) is fine).
 *
 *   erpsync_decimal a, b, r;
 *   char buf[ERPSYNC_DEC_BUF_LEN];
 *   if (erpsync_dec_parse("19.99", 5, &a) || erpsync_dec_parse("3", 1, &b)) ... bad input
 *   erpsync_dec_mul(&a, &b, &r);                      r = 59.97
 *   erpsync_dec_div(&r, &b, 2, &r);                   r = 19.99 (rounded to 2 places)
 *   erpsync_dec_format(&r, 2, buf, sizeof(buf));      "19.99"
 *   erpsync_dec_format_text("0.125", 5, 2, buf, sizeof(buf))  -> "0.13"  (one call: parse+round+format)
 */
#ifndef ERPSYNC_DECIMAL_H
#define ERPSYNC_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ERPSYNC_DEC_MAX_DIGITS 120   /* significant digits of a coefficient (before and after the point), and the
                                        most decimals (scale) any value may have: parse and every operation */
#define ERPSYNC_DEC_MAX_PLACES 30    /* most decimals a format/round/div call may ask for */
#define ERPSYNC_DEC_BUF_LEN    (ERPSYNC_DEC_MAX_DIGITS + ERPSYNC_DEC_MAX_PLACES + 8) /* fits any formatted value */

typedef enum {
	ERPSYNC_DEC_OK = 0,
	ERPSYNC_DEC_EINVAL,      /* text is not a number */
	ERPSYNC_DEC_ERANGE,      /* too many digits (ERPSYNC_DEC_MAX_DIGITS), or places out of 0..MAX_PLACES */
	ERPSYNC_DEC_EDIVZERO,    /* division by zero */
	ERPSYNC_DEC_EBUF         /* output buffer too small */
} erpsync_dec_status;

typedef struct {
	bool neg;                                /* never set for zero */
	int ndigits;                             /* digits used in d[], 0 for zero */
	int scale;                               /* digits after the decimal point */
	uint8_t d[ERPSYNC_DEC_MAX_DIGITS];       /* coefficient, least significant digit first */
} erpsync_decimal;

/* Short English text for a status ("not a number", ...). */
const char *erpsync_dec_strerror(erpsync_dec_status st);

/* Zero / small integers. */
void erpsync_dec_zero(erpsync_decimal *out);
erpsync_dec_status erpsync_dec_from_int(int64_t v, erpsync_decimal *out);

/*
 * Parse text: optional surrounding ASCII whitespace, optional sign, digits with an optional '.'
 * (".5" and "5." accepted), optional exponent (e/E, sign, digits: "1.5e3", as PHP prints floats).
 * Rejects empty text, "1,5", "12abc", "0x1A", "NaN", "INF". The scale is kept: "12.30" has scale 2.
 */
erpsync_dec_status erpsync_dec_parse(const char *text, size_t len, erpsync_decimal *out);

/* A double by its shortest round-trip text (0.1 -> "0.1", 2.675 -> "2.675"); EINVAL for NaN/INF. */
erpsync_dec_status erpsync_dec_from_double(double v, erpsync_decimal *out);

/* Round to `places` decimals, half away from zero. The result has exactly scale = places. */
erpsync_dec_status erpsync_dec_round(const erpsync_decimal *a, int places, erpsync_decimal *out);

/* Exact sum, difference, product (scale = max / max / sum of the scales). */
erpsync_dec_status erpsync_dec_add(const erpsync_decimal *a, const erpsync_decimal *b, erpsync_decimal *out);
erpsync_dec_status erpsync_dec_sub(const erpsync_decimal *a, const erpsync_decimal *b, erpsync_decimal *out);
erpsync_dec_status erpsync_dec_mul(const erpsync_decimal *a, const erpsync_decimal *b, erpsync_decimal *out);

/* a / b rounded half away from zero to `places` decimals; EDIVZERO when b is zero. */
erpsync_dec_status erpsync_dec_div(const erpsync_decimal *a, const erpsync_decimal *b, int places, erpsync_decimal *out);

/* -1, 0, 1 as a <, ==, > b (by value: "1.50" == "1.5"). */
int erpsync_dec_cmp(const erpsync_decimal *a, const erpsync_decimal *b);
bool erpsync_dec_is_zero(const erpsync_decimal *a);
void erpsync_dec_negate(erpsync_decimal *a);

/*
 * Write `a` rounded to `places` decimals as plain text: "-12.50", "0.000", "1234" (places 0);
 * no exponent, no thousands separator, never "-0.00". *len_out (if not NULL) gets the length.
 * places < 0 writes the value with its own scale, unrounded.
 */
erpsync_dec_status erpsync_dec_format(const erpsync_decimal *a, int places, char *buf, size_t size, size_t *len_out);

/* parse + format in one call: ("2.675", 2) -> "2.68". */
erpsync_dec_status erpsync_dec_format_text(const char *text, size_t len, int places, char *buf, size_t size,
	size_t *len_out);

#endif
