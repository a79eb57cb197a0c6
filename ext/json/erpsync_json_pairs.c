/*
 * json-c 0.16 turns some correct UTF-16 surrogate pairs into U+FFFD: after joining "\uD836\uDE00" into U+1DA00 it
 * tests the joined code point for a surrogate with a 16-bit mask ((cp & 0xFC00) == 0xD800 or 0xDC00), so every
 * character whose low 16 bits fall in D800-DFFF (U+1D800-U+1DFFF, U+2D800-U+2DFFF ... : SignWriting, CJK Ext. F,
 * ...) written as an escaped pair is lost. Found by tests/fuzz/harness/fuzz_json_lex.c against the fast path.
 *
 * erpsync_json_pairs_rewrite() gives a copy of the text with exactly those pairs written as their 4 UTF-8 bytes,
 * which json-c reads correctly, or NULL when the text has none (almost always: one pass over its backslashes).
 */
#include <stdlib.h>
#include <string.h>
#include "erpsync_json_pairs.h"
#include "erpsync_json_lex.h"

/* p at a backslash with at least 12 bytes left: the code point of a pair json-c mistakes, or 0. */
static unsigned int ejp_mistaken_pair(const char *p)
{
	int hi, lo;
	unsigned int cp;
	if (p[1] != 'u' || p[6] != '\\' || p[7] != 'u') {
		return 0;
	}
	hi = erpsync_json_lex_hex4(p + 2, p + 6);
	lo = erpsync_json_lex_hex4(p + 8, p + 12);
	if (hi < 0xD800 || hi > 0xDBFF || lo < 0xDC00 || lo > 0xDFFF) {
		return 0;
	}
	cp = 0x10000u + (((unsigned int) hi - 0xD800u) << 10) + ((unsigned int) lo - 0xDC00u);
	return (cp & 0xF800u) == 0xD800u ? cp : 0;
}

char *erpsync_json_pairs_rewrite(const char *text, size_t len, size_t *out_len)
{
	const char *p = text, *end = text + len, *copied = text;
	char *out = NULL, *o = NULL;

	while (p < end && (p = memchr(p, '\\', (size_t) (end - p))) != NULL) {
		unsigned int cp = end - p >= 12 ? ejp_mistaken_pair(p) : 0;
		if (!cp) {
			p += end - p >= 2 ? 2 : 1; /* every backslash of valid JSON starts an escape: skip its letter too */
			continue;
		}
		if (!out) {
			out = malloc(len + 1); /* the copy is shorter: 12 bytes become 4 */
			if (!out) {
				return NULL; /* json-c then reads the text as it is */
			}
			o = out;
		}
		memcpy(o, copied, (size_t) (p - copied));
		o += p - copied;
		*o++ = (char) (0xF0 | (cp >> 18));
		*o++ = (char) (0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char) (0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char) (0x80 | (cp & 0x3F));
		p += 12;
		copied = p;
	}
	if (!out) {
		return NULL;
	}
	memcpy(o, copied, (size_t) (end - copied));
	o += end - copied;
	*o = '\0';
	*out_len = (size_t) (o - out);
	return out;
}
