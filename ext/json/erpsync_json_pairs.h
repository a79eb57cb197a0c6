/* json-c 0.16's surrogate-pair bug worked around (erpsync_json_pairs.c): zval-free. */
#ifndef ERPSYNC_JSON_PAIRS_H
#define ERPSYNC_JSON_PAIRS_H

#include <stddef.h>

/* A malloc'ed copy of text with the escaped pairs json-c would lose written as UTF-8 (caller free()s it; *out_len
 * set), or NULL when there is none (or no memory: then json-c reads the text as it is). */
char *erpsync_json_pairs_rewrite(const char *text, size_t len, size_t *out_len);

#endif
