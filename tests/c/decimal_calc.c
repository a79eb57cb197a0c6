/*
 * Line calculator over ext/json/erpsync_decimal.c, for tests (tests/phpt/json/010_decimal_c.phpt).
 * Reads "op a [b] [places]" lines from stdin, writes one result line each (or "ERR <reason>"):
 *   add a b | sub a b | mul a b | div a b places | round a places | cmp a b | fmt a places
 *   jdec <json value without spaces> places   (erpsync_json_get_decimal + erpsync_json_new_decimal_string)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "erpsync_decimal.h"
#include "erpsync_json_decimal.h"

static int parse(const char *s, erpsync_decimal *d)
{
	erpsync_dec_status st = erpsync_dec_parse(s, strlen(s), d);
	if (st != ERPSYNC_DEC_OK) {
		printf("ERR %s\n", erpsync_dec_strerror(st));
		return 0;
	}
	return 1;
}

int main(void)
{
	char line[1024];
	while (fgets(line, sizeof(line), stdin)) {
		char op[16], a[512], b[512];
		int n, places = -1;
		erpsync_decimal x, y, r;
		erpsync_dec_status st = ERPSYNC_DEC_OK;
		char out[ERPSYNC_DEC_BUF_LEN];
		a[0] = b[0] = '\0';
		n = sscanf(line, "%15s %511s %511s", op, a, b);
		if (n < 2) {
			continue;
		}
		if (!strcmp(op, "jdec")) {
			json_object *j = json_tokener_parse(a), *s;
			st = erpsync_json_get_decimal(j, &x);
			json_object_put(j);
			if (st != ERPSYNC_DEC_OK) {
				printf("ERR %s\n", erpsync_dec_strerror(st));
				continue;
			}
			s = erpsync_json_new_decimal_string(&x, atoi(b), &st);
			if (!s) {
				printf("ERR %s\n", erpsync_dec_strerror(st));
				continue;
			}
			printf("%s\n", json_object_to_json_string_ext(s, JSON_C_TO_STRING_PLAIN));
			json_object_put(s);
			continue;
		}
		if (!parse(a, &x)) {
			continue;
		}
		if (!strcmp(op, "round") || !strcmp(op, "fmt")) {
			places = atoi(b);
			st = !strcmp(op, "round") ? erpsync_dec_round(&x, places, &r) : erpsync_dec_format(&x, places, out, sizeof(out), NULL);
			if (st == ERPSYNC_DEC_OK && !strcmp(op, "round")) {
				st = erpsync_dec_format(&r, -1, out, sizeof(out), NULL);
			}
		} else {
			if (!parse(b, &y)) {
				continue;
			}
			if (!strcmp(op, "cmp")) {
				printf("%d\n", erpsync_dec_cmp(&x, &y));
				continue;
			}
			if (!strcmp(op, "add")) {
				st = erpsync_dec_add(&x, &y, &r);
			} else if (!strcmp(op, "sub")) {
				st = erpsync_dec_sub(&x, &y, &r);
			} else if (!strcmp(op, "mul")) {
				st = erpsync_dec_mul(&x, &y, &r);
			} else if (!strcmp(op, "div")) {
				char *p = strrchr(line, ' ');
				st = erpsync_dec_div(&x, &y, p ? atoi(p + 1) : 2, &r);
			} else {
				printf("ERR unknown op\n");
				continue;
			}
			if (st == ERPSYNC_DEC_OK) {
				st = erpsync_dec_format(&r, -1, out, sizeof(out), NULL);
			}
		}
		if (st != ERPSYNC_DEC_OK) {
			printf("ERR %s\n", erpsync_dec_strerror(st));
		} else {
			printf("%s\n", out);
		}
	}
	return 0;
}
