/*
 * Credential redaction for logs and error excerpts (zval-free). Fields named like a secret in
 * JSON, form bodies and query strings get their value replaced by "[redacted]", and the literal
 * secrets a client knows (tokens, keys, passwords) are replaced wherever they appear.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "erpsync_http_internal.h"

#define REDACTED "[redacted]"

bool erpsync_http_name_is_secret(const char *name, size_t len)
{
	static const char *const exact[] = {
		"pass", "pwd", "key", "authorization", "proxy-authorization", "cookie", "set-cookie",
		"consumer_key", "consumerkey", "auth", "sig", "signature", NULL
	};
	static const char *const contains[] = {
		"password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "x-api", "credential",
		"consumer_key", "authorization", NULL
	};
	char low[128];
	size_t i;

	if (len == 0 || len >= sizeof(low)) {
		return false;
	}
	for (i = 0; i < len; i++) {
		low[i] = (char) tolower((unsigned char) name[i]);
	}
	low[len] = '\0';
	for (i = 0; exact[i]; i++) {
		if (strcmp(low, exact[i]) == 0) {
			return true;
		}
	}
	for (i = 0; contains[i]; i++) {
		if (strstr(low, contains[i])) {
			return true;
		}
	}
	return false;
}

static void buf_add(erpsync_buf *b, const char *s, size_t n)
{
	erpsync_buf_append(b, s, n);
}

/* JSON: "name" <ws> : <value>, value replaced when name is secret. Tolerates truncated text. */
static void redact_json_like(const char *s, size_t len, erpsync_buf *out)
{
	size_t i = 0;
	while (i < len) {
		if (s[i] == '"') {
			size_t start = i, j = i + 1;
			while (j < len && s[j] != '"') {
				if (s[j] == '\\' && j + 1 < len) {
					j++;
				}
				j++;
			}
			if (j >= len) {
				buf_add(out, s + start, len - start);
				return;
			}
			/* s[start+1 .. j) is the string's content */
			{
				size_t k = j + 1;
				while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r')) {
					k++;
				}
				if (k < len && s[k] == ':' && erpsync_http_name_is_secret(s + start + 1, j - start - 1)) {
					size_t v;
					buf_add(out, s + start, k + 1 - start);
					v = k + 1;
					while (v < len && (s[v] == ' ' || s[v] == '\t' || s[v] == '\n' || s[v] == '\r')) {
						v++;
					}
					if (v < len && s[v] == '"') {
						size_t e = v + 1;
						while (e < len && s[e] != '"') {
							if (s[e] == '\\' && e + 1 < len) {
								e++;
							}
							e++;
						}
						buf_add(out, "\"" REDACTED "\"", sizeof(REDACTED) + 1);
						i = e < len ? e + 1 : len;
					} else if (v < len && (s[v] == '{' || s[v] == '[')) {
						/* nested value under a secret name: keep scanning inside it */
						i = v;
					} else {
						size_t e = v;
						while (e < len && s[e] != ',' && s[e] != '}' && s[e] != ']' && s[e] != '\n') {
							e++;
						}
						buf_add(out, "\"" REDACTED "\"", sizeof(REDACTED) + 1);
						i = e;
					}
					continue;
				}
			}
			buf_add(out, s + start, j + 1 - start);
			i = j + 1;
			continue;
		}
		buf_add(out, s + i, 1);
		i++;
	}
}

/* name=value pairs separated by & (also after ? and at the start), value redacted when name is secret. */
static void redact_form_like(const char *s, size_t len, erpsync_buf *out)
{
	size_t i = 0;
	while (i < len) {
		/* a pair starts at 0 or after '&' / '?' */
		size_t ps = i, eq, pe;
		pe = ps;
		while (pe < len && s[pe] != '&' && s[pe] != '?' && s[pe] != '\n' && s[pe] != ' ') {
			pe++;
		}
		eq = ps;
		while (eq < pe && s[eq] != '=') {
			eq++;
		}
		if (eq < pe) {
			/* name may be percent-encoded: decode a copy for the check */
			char name[128];
			size_t nl = 0, k;
			for (k = ps; k < eq && nl < sizeof(name) - 1; k++) {
				if (s[k] == '%' && k + 2 < eq) {
					char hex[3] = { s[k + 1], s[k + 2], 0 };
					name[nl++] = (char) strtol(hex, NULL, 16);
					k += 2;
				} else {
					name[nl++] = s[k];
				}
			}
			bool secret;
			name[nl] = '\0';
			secret = erpsync_http_name_is_secret(name, nl);
			/* auth[token]=... counts as token */
			if (!secret) {
				char *br = strchr(name, '[');
				if (br) {
					char *end = strchr(br, ']');
					secret = erpsync_http_name_is_secret(br + 1, end ? (size_t) (end - br - 1) : strlen(br + 1));
				}
			}
			if (secret) {
				buf_add(out, s + ps, eq + 1 - ps);
				buf_add(out, REDACTED, sizeof(REDACTED) - 1);
			} else {
				buf_add(out, s + ps, pe - ps);
			}
		} else {
			buf_add(out, s + ps, pe - ps);
		}
		if (pe < len) {
			buf_add(out, s + pe, 1);
			pe++;
		}
		i = pe;
	}
}

static void replace_literals(erpsync_buf *b, const erpsync_http_client *client)
{
	size_t si;
	if (!client) {
		return;
	}
	for (si = 0; si < client->secret_count; si++) {
		const char *sec = client->secrets[si];
		size_t sl = sec ? strlen(sec) : 0;
		erpsync_buf out = {0};
		size_t i = 0;
		bool changed = false;
		if (sl < 4 || b->len < sl) {
			continue; /* very short literals would redact ordinary words */
		}
		while (i < b->len) {
			if (i + sl <= b->len && memcmp(b->p + i, sec, sl) == 0) {
				buf_add(&out, REDACTED, sizeof(REDACTED) - 1);
				i += sl;
				changed = true;
			} else {
				buf_add(&out, b->p + i, 1);
				i++;
			}
		}
		if (changed) {
			erpsync_buf_free(b);
			*b = out;
		} else {
			erpsync_buf_free(&out);
		}
	}
}

char *erpsync_http_redact_text(const erpsync_http_client *client, const char *text, size_t len, size_t *out_len)
{
	erpsync_buf a = {0}, b = {0};
	if (!text) {
		text = "";
		len = 0;
	}
	redact_json_like(text, len, &a);
	if (!memchr(text, '{', len)) {
		redact_form_like(a.p ? a.p : "", a.len, &b);
		erpsync_buf_free(&a);
		a = b;
	}
	erpsync_buf_append(&a, "", 0);
	replace_literals(&a, client);
	erpsync_buf_append(&a, "", 0);
	if (out_len) {
		*out_len = a.len;
	}
	return a.p;
}

char *erpsync_http_redact_url_str(const erpsync_http_client *client, const char *url)
{
	erpsync_buf out = {0};
	const char *q = strchr(url, '?');
	const char *scheme = strstr(url, "://");
	const char *at = NULL;
	size_t head_len = q ? (size_t) (q - url) : strlen(url);

	/* drop user:password@ (only a "://" before the query counts: "?u=http://x" is a query value) */
	if (scheme && scheme + 3 <= url + head_len) {
		const char *host = scheme + 3;
		const char *slash = memchr(host, '/', (size_t) (url + head_len - host));
		at = memchr(host, '@', (size_t) ((slash ? slash : url + head_len) - host));
		if (at && at < url + head_len) {
			buf_add(&out, url, (size_t) (host - url));
			buf_add(&out, REDACTED "@", sizeof(REDACTED));
			buf_add(&out, at + 1, (size_t) (url + head_len - at - 1));
		} else {
			buf_add(&out, url, head_len);
		}
	} else {
		buf_add(&out, url, head_len);
	}
	if (q) {
		buf_add(&out, "?", 1);
		redact_form_like(q + 1, strlen(q + 1), &out);
	}
	erpsync_buf_append(&out, "", 0);
	replace_literals(&out, client);
	erpsync_buf_append(&out, "", 0);
	return out.p;
}
