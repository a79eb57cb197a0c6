/* JSON reader and writer (ext/json/erpsync_json_engine.c): whatever the parser accepts is valid UTF-8, and
 * serialize -> parse -> serialize gives the same text (round trip). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "json/erpsync_json_engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	erpsync_error err;
	json_object *o, *o2;
	char *s1, *s2;
	size_t n1 = 0, n2 = 0;
	erpsync_error_clear(&err);
	o = erpsync_json_parse((const char *) data, size, 64, 1 << 20, &err);
	if (erpsync_error_isset(&err)) {
		if (o) abort(); /* an error never comes with a value */
		return 0;
	}
	if (!erpsync_utf8_valid((const char *) data, size, NULL)) abort(); /* strict UTF-8 */
	if (!o) return 0; /* null */
	s1 = erpsync_json_serialize(o, 0, &n1);
	if (!s1) abort();
	o2 = erpsync_json_parse(s1, n1, 64, 0, &err);
	if (erpsync_error_isset(&err)) abort(); /* what we write, we read */
	s2 = erpsync_json_serialize(o2, 0, &n2);
	if (!s2 || n1 != n2 || memcmp(s1, s2, n1) != 0) abort();
	free(s1);
	free(s2);
	json_object_put(o);
	json_object_put(o2);
	return 0;
}
