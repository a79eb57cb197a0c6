/* URL and path building (ext/http/erpsync_http_url.c erpsync_http_build_url): whatever path and query an admin or a caller gives,
 * the URL either is refused or stays on the configured origin (scheme, host, port), checked by curl's parser
 * (the one the transfer uses) and by plain prefix. Input: path, then NUL, then query name/value pairs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "http/erpsync_http_internal.h"

static erpsync_http_client *client;
#define BASE "http://h.example:8080/base/"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	erpsync_http_config cfg;
	erpsync_error err;
	(void) argc; (void) argv;
	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = BASE;
	cfg.auth.type = ERPSYNC_HTTP_AUTH_BASIC;
	cfg.auth.username = "shop";
	cfg.auth.password = "S3cret-pw";
	erpsync_error_clear(&err);
	client = erpsync_http_client_new(&cfg, &err);
	return client ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 2), *url;
	const char *q;
	erpsync_http_kv kv[2];
	size_t nq = 0;
	erpsync_error err;
	if (!in) return 0;
	memcpy(in, data, size);
	in[size] = in[size + 1] = '\0';
	q = in + strlen(in) + 1;
	if (q < in + size) {
		kv[0].name = q;
		kv[0].value = q + strlen(q) < in + size ? q + strlen(q) + 1 : "";
		nq = 1;
	}
	erpsync_error_clear(&err);
	url = erpsync_http_build_url(client, in, kv, nq, "path", &err);
	if (url) {
		char want[512], got[512];
		bool bu = false, gu = false;
		if (erpsync_error_isset(&err)) abort();
		if (!erpsync_http_url_origin(BASE, want, sizeof(want), &bu) || !erpsync_http_url_origin(url, got, sizeof(got), &gu)) abort();
		if (strcmp(want, got) != 0 || gu) abort();
		/* a relative path is appended to the base URL as it is (an absolute one on the same origin may spell the
		 * port differently, e.g. ":08080": curl's parser above is the judge for those) */
		if (strncasecmp(in, "http://", 7) != 0 && strncasecmp(in, "https://", 8) != 0 && strncmp(url, BASE, strlen(BASE) - 1) != 0) abort();
		free(url);
	} else if (!erpsync_error_isset(&err) || err.code != ERPSYNC_E_VALIDATION) {
		abort();
	} else if (strstr(err.message, "S3cret-pw")) {
		abort(); /* no secret in the message */
	}
	free(in);
	return 0;
}
