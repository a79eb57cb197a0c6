/* Redaction (ext/http/erpsync_http_redact.c): no configured secret survives in a redacted text or URL, and the
 * URL redaction never reads past its input (the "?u=http://x" bug). Input: up to three secrets (lines starting
 * with '#', upper-case letters and digits only, so they cannot be made from "[redacted]"), then the text. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "http/erpsync_http_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	erpsync_http_client c;
	char *secrets[3];
	size_t ns = 0, i, off = 0, outlen = 0;
	char *text, *r1, *r2;
	memset(&c, 0, sizeof(c));
	while (ns < 3 && off < size && data[off] == '#') {
		size_t e = off + 1;
		while (e < size && data[e] != '\n') e++;
		if (e - off - 1 >= 4) {
			bool ok = true;
			for (i = off + 1; i < e; i++) ok = ok && ((data[i] >= 'A' && data[i] <= 'Z') || (data[i] >= '0' && data[i] <= '9'));
			if (ok) {
				secrets[ns] = strndup((const char *) data + off + 1, e - off - 1);
				if (!secrets[ns]) abort();
				ns++;
			}
		}
		off = e < size ? e + 1 : e;
	}
	c.secrets = secrets;
	c.secret_count = ns;
	text = malloc(size - off + 1);
	if (!text) abort();
	memcpy(text, data + off, size - off);
	text[size - off] = '\0';
	r1 = erpsync_http_redact_text(&c, text, size - off, &outlen);
	r2 = erpsync_http_redact_url_str(&c, text); /* up to the first NUL, as a C string */
	if (!r1 || !r2 || strlen(r1) > outlen) abort();
	for (i = 0; i < ns; i++) {
		if (memmem(r1, outlen, secrets[i], strlen(secrets[i])) || strstr(r2, secrets[i])) abort();
	}
	free(r1);
	free(r2);
	free(text);
	for (i = 0; i < ns; i++) free(secrets[i]);
	return 0;
}
