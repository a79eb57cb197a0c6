/* The growable byte buffer (erpsync_http_buf.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "erpsync_http_buf.h"

bool erpsync_buf_append(erpsync_buf *b, const char *s, size_t n)
{
	if (n > SIZE_MAX - b->len - 1) {
		return false;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;
		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 2) {
				cap = b->len + n + 1;
				break;
			}
			cap *= 2;
		}
		p = realloc(b->p, cap);
		if (!p) {
			return false;
		}
		b->p = p;
		b->cap = cap;
	}
	if (n) {
		memcpy(b->p + b->len, s, n);
	}
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

void erpsync_buf_free(erpsync_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
