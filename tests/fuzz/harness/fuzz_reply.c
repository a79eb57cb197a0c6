/* Reply unwrapping and error text (erpsync_http_parse_json_reply, erpsync_conn_unwrap, erpsync_conn_error_text,
 * the HTTP error excerpt): whatever a back-office answers, every message is valid UTF-8 (never cut inside a
 * character) and the excerpt holds no secret of the client. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "connectors/erpsync_conn_common.h"
#include "http/erpsync_http_internal.h"
#include "json/erpsync_json_engine.h"

static void utf8_or_die(const char *s)
{
	if (!erpsync_utf8_valid(s, strlen(s), NULL)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char sec[] = "K3Y-SECRET-77";
	static char *secrets[] = { sec };
	erpsync_http_client c;
	erpsync_error err, e2;
	json_object *o, *p;
	char *red;
	memset(&c, 0, sizeof(c));
	c.secrets = secrets;
	c.secret_count = 1;
	erpsync_error_clear(&err);
	o = erpsync_http_parse_json_reply((const char *) data, size, "page 1", &err);
	if (erpsync_error_isset(&err)) {
		utf8_or_die(err.message);
		utf8_or_die(err.json_path);
	} else if (o) {
		const char *t = erpsync_conn_error_text(o);
		if (!t) abort();
		utf8_or_die(t);
		erpsync_error_clear(&e2);
		p = erpsync_conn_unwrap(o, NULL, "VASCO", &e2);
		if (erpsync_error_isset(&e2)) {
			if (p) abort();
			utf8_or_die(e2.message);
		}
		erpsync_error_clear(&e2);
		(void) erpsync_conn_unwrap(o, "items", "Sitoo", &e2);
		if (erpsync_error_isset(&e2)) utf8_or_die(e2.message);
	}
	json_object_put(o);
	/* the excerpt of an HTTP error, as http_error makes it */
	red = erpsync_http_redact_text(&c, (const char *) data, size > 4096 ? 4096 : size, NULL);
	if (!red) abort();
	erpsync_error_clear(&e2);
	erpsync_error_set(&e2, ERPSYNC_E_HTTP, "GET /x answered HTTP 500: %s", red);
	erpsync_error_set_excerpt(&e2, red, strlen(red));
	if (strstr(e2.excerpt, sec) || strstr(e2.message, sec)) abort();
	if (erpsync_utf8_valid((const char *) data, size, NULL)) {
		utf8_or_die(e2.message); /* valid text in, valid text out, however it is cut */
		utf8_or_die(e2.excerpt);
	}
	free(red);
	return 0;
}
