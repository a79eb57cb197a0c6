/* Login-token extraction (ext/http/erpsync_http_login.c, statics reached by including the file): a login reply
 * parsed as login_take_token parses it, the token found under the default fields (or data/result), the CR/LF
 * check and the JWT exp of what was found. A token that would be used never holds a byte that ends a header line. */
#include "http/erpsync_http_login.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char f1[] = "apiKey", f2[] = "ApiKey", f3[] = "apikey", f4[] = "token";
	static char *fields[] = { f1, f2, f3, f4 };
	erpsync_http_client c;
	char *body = malloc(size + 1);
	json_object *o;
	const char *tok;
	if (!body) return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	memset(&c, 0, sizeof(c));
	c.token_fields = fields;
	c.token_field_count = 4;
	o = json_tokener_parse(body);
	tok = o ? find_token(&c, o) : NULL;
	if (tok && !erpsync_http_has_ctl(tok)) {
		const char *p;
		for (p = tok; *p; p++) {
			if (*p == '\r' || *p == '\n') abort();
		}
		(void) jwt_exp(tok);
	}
	json_object_put(o);
	free(body);
	return 0;
}
