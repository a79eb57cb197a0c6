/* Exact amounts between json-c values and erpsync_decimal (see erpsync_json_decimal.h). */
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include "erpsync_json_decimal.h"

erpsync_dec_status erpsync_json_get_decimal(json_object *o, erpsync_decimal *out)
{
	erpsync_dec_zero(out);
	switch (json_object_get_type(o)) {
		case json_type_int: {
			int64_t v = json_object_get_int64(o);
			if (v == INT64_MAX) {
				uint64_t u = json_object_get_uint64(o);
				if (u > (uint64_t) INT64_MAX) {
					char buf[24];
					int n = snprintf(buf, sizeof(buf), "%" PRIu64, u);
					return erpsync_dec_parse(buf, (size_t) n, out);
				}
			}
			return erpsync_dec_from_int(v, out);
		}
		case json_type_double: {
			/* json-c keeps the literal of parsed numbers as the userdata of its serializer */
			const char *text = (const char *) json_object_get_userdata(o);
			if (text) {
				return erpsync_dec_parse(text, strlen(text), out);
			}
			return erpsync_dec_from_double(json_object_get_double(o), out);
		}
		case json_type_string:
			return erpsync_dec_parse(json_object_get_string(o), (size_t) json_object_get_string_len(o), out);
		default:
			return ERPSYNC_DEC_EINVAL;
	}
}

json_object *erpsync_json_new_decimal_string(const erpsync_decimal *d, int places, erpsync_dec_status *st)
{
	char buf[ERPSYNC_DEC_BUF_LEN];
	size_t len = 0;
	erpsync_dec_status s = erpsync_dec_format(d, places, buf, sizeof(buf), &len);
	if (st) {
		*st = s;
	}
	if (s != ERPSYNC_DEC_OK) {
		return NULL;
	}
	return json_object_new_string_len(buf, (int) len);
}
