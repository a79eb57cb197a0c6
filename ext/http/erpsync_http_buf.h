/* The growable byte buffer of the HTTP engine and of its HTTP/1.1 reader (curl- and zval-free). */
#ifndef ERPSYNC_HTTP_BUF_H
#define ERPSYNC_HTTP_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *p;      /* always NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
} erpsync_buf;

/* Appends n bytes (n = 0: only makes p a NUL-terminated string); false when memory or size_t runs out. */
bool erpsync_buf_append(erpsync_buf *b, const char *s, size_t n);
void erpsync_buf_free(erpsync_buf *b);

#endif
