/* Exact decimals (ext/json/erpsync_decimal.c) with arithmetic invariants. Input: "a b places". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json/erpsync_decimal.h"

static void fmt_ok(const erpsync_decimal *d)
{
	char buf[ERPSYNC_DEC_BUF_LEN];
	erpsync_decimal back;
	size_t n = 0;
	/* one limit for every value: any value an operation returns formats into ERPSYNC_DEC_BUF_LEN, exactly */
	if (erpsync_dec_format(d, -1, buf, sizeof(buf), &n) != ERPSYNC_DEC_OK) abort();
	if (erpsync_dec_parse(buf, n, &back) != ERPSYNC_DEC_OK || erpsync_dec_cmp(&back, d) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[600], *sa, *sb, *sp, *save = NULL;
	erpsync_decimal a, b, r, t, one;
	int places;
	if (size >= sizeof(in)) return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	sa = strtok_r(in, " \n", &save);
	sb = sa ? strtok_r(NULL, " \n", &save) : NULL;
	sp = sb ? strtok_r(NULL, " \n", &save) : NULL;
	if (!sa || erpsync_dec_parse(sa, strlen(sa), &a) != ERPSYNC_DEC_OK) return 0;
	fmt_ok(&a);
	places = sp ? atoi(sp) % 40 : 2;
	if (erpsync_dec_round(&a, places, &r) == ERPSYNC_DEC_OK) {
		fmt_ok(&r);
		if (erpsync_dec_round(&r, places, &t) != ERPSYNC_DEC_OK || erpsync_dec_cmp(&r, &t) != 0) abort(); /* idempotent */
	}
	erpsync_dec_from_int(1, &one);
	if (erpsync_dec_mul(&a, &one, &r) != ERPSYNC_DEC_OK || erpsync_dec_cmp(&r, &a) != 0) abort();
	if (!sb || erpsync_dec_parse(sb, strlen(sb), &b) != ERPSYNC_DEC_OK) return 0;
	fmt_ok(&b);
	if (erpsync_dec_cmp(&a, &b) != -erpsync_dec_cmp(&b, &a)) abort();
	if (erpsync_dec_add(&a, &b, &r) == ERPSYNC_DEC_OK) {
		fmt_ok(&r);
		if (erpsync_dec_sub(&r, &b, &t) == ERPSYNC_DEC_OK && erpsync_dec_cmp(&t, &a) != 0) abort(); /* (a + b) - b == a */
	}
	if (erpsync_dec_mul(&a, &b, &r) == ERPSYNC_DEC_OK) {
		fmt_ok(&r);
		if (erpsync_dec_mul(&b, &a, &t) != ERPSYNC_DEC_OK || erpsync_dec_cmp(&r, &t) != 0) abort(); /* commutes */
	}
	if (places >= 0 && places <= ERPSYNC_DEC_MAX_PLACES) {
		erpsync_dec_status st = erpsync_dec_div(&a, &b, places, &r);
		if (erpsync_dec_is_zero(&b) != (st == ERPSYNC_DEC_EDIVZERO)) abort();
		if (st == ERPSYNC_DEC_OK) {
			fmt_ok(&r);
		}
		/* a / 1 == round(a) */
		if (erpsync_dec_div(&a, &one, places, &r) == ERPSYNC_DEC_OK && erpsync_dec_round(&a, places, &t) == ERPSYNC_DEC_OK
		    && erpsync_dec_cmp(&r, &t) != 0) abort();
	}
	return 0;
}
