/* HTTP header parsing of the transport: header_value and erpsync_http_server_wait (Retry-After, X-Rate-Limit-*) of
 * ext/http/erpsync_http_reply.c, jwt_exp of ext/http/erpsync_http_login.c (statics reached by including the files). Input: a raw header block; its last line
 * doubles as a JWT. Waits are -1 (none) or within [0, MAX_SERVER_WAIT_S]: no reply can hold the client longer. */
#include "http/erpsync_http_reply.c"
#include "http/erpsync_http_login.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = malloc(size + 1), v[64];
	const char *last;
	double w, e;
	if (!h) return 0;
	memcpy(h, data, size);
	h[size] = '\0';
	w = erpsync_http_server_wait(h, size, false);
	if (!(w == -1 || (w >= 0 && w <= MAX_SERVER_WAIT_S))) abort();
	w = erpsync_http_server_wait(h, size, true);
	if (!(w == -1 || (w >= 0 && w <= MAX_SERVER_WAIT_S))) abort();
	if (header_value(h, size, "Retry-After", v, sizeof(v)) && strlen(v) >= sizeof(v)) abort();
	header_value(h, size, "X", v, 1);
	last = strrchr(h, '\n');
	e = jwt_exp(last ? last + 1 : h);
	(void) e;
	free(h);
	return 0;
}
