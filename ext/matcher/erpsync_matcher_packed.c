/* Local products packed in one string (zval-free): see em_add_local_packed in erpsync_matcher.h.
 *
 * The shop's SQL read builds each row with CONCAT(LENGTH(x), ':', x) per column (IFNULL → "-") and a chunk of rows
 * with GROUP_CONCAT(... SEPARATOR ''), so PHP receives one string per chunk and never an array per product. A
 * length prefix needs no escaping: any byte (a separator, a newline, NUL) may appear in a name or a SKU. */
#include <stdio.h>
#include <string.h>

#include "erpsync_matcher.h"

/* Reads one field at *p; false when malformed. NULL field: *v = NULL. */
static bool field(const char **p, const char *e, const char **v, size_t *len)
{
	size_t n = 0;
	const char *q = *p;
	if (q < e && *q == '-') {
		*v = NULL; *len = 0; *p = q + 1;
		return true;
	}
	if (q >= e || *q < '0' || *q > '9') return false;
	while (q < e && *q >= '0' && *q <= '9') {
		if (n > (SIZE_MAX - 9) / 10) return false;
		n = n * 10 + (size_t) (*q - '0');
		q++;
	}
	if (q >= e || *q != ':' || (size_t) (e - q - 1) < n) return false;
	*v = q + 1; *len = n; *p = q + 1 + n;
	return true;
}

/* A positive decimal id of at most 18 digits; 0 when not one. */
static int64_t parse_id(const char *s, size_t len)
{
	int64_t v = 0;
	size_t i;
	if (!s || len == 0 || len > 18) return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

long em_add_local_packed(em_matcher *m, const char *buf, size_t len, const int *cols, size_t ncols, erpsync_error *err)
{
	const char *p = buf, *e = buf + len;
	long rows = 0;
	size_t i;
	if (ncols == 0 || ncols > 32) {
		erpsync_error_validation(err, "local products", "columns", "packed local products: 1 to 32 columns");
		return -1;
	}
	for (i = 0; i < ncols; i++) {
		if (cols[i] < 0 || cols[i] >= EM_COLS) {
			erpsync_error_validation(err, "local products", "columns", "packed local products: unknown column %zu", i);
			return -1;
		}
	}
	while (p < e) {
		const char *v[EM_COLS] = { 0 };
		size_t l[EM_COLS] = { 0 };
		const char *row = p;
		em_local x;
		int k;
		for (i = 0; i < ncols; i++) {
			const char *fv; size_t fl;
			if (!field(&p, e, &fv, &fl)) {
				erpsync_error_validation(err, "local products", "packed",
					"packed local products: row %ld, column %zu is not \"<length>:<bytes>\" or \"-\" (byte offset %ld)",
					rows, i, (long) (p - buf));
				return -1;
			}
			v[cols[i]] = fv; l[cols[i]] = fl;
		}
		memset(&x, 0, sizeof(x));
		x.id = parse_id(v[EM_COL_ID], l[EM_COL_ID]);
		if (x.id <= 0) {
			erpsync_error_validation(err, "local products", "id",
				"packed local products: row %ld has no positive integer id (byte offset %ld)", rows, (long) (row - buf));
			return -1;
		}
		x.parent_id = parse_id(v[EM_COL_PARENT], l[EM_COL_PARENT]);
		x.link = v[EM_COL_LINK]; x.link_len = l[EM_COL_LINK];
		x.sku = v[EM_COL_SKU]; x.sku_len = l[EM_COL_SKU];
		x.ean = v[EM_COL_EAN]; x.ean_len = l[EM_COL_EAN];
		x.stock = v[EM_COL_STOCK]; x.stock_len = l[EM_COL_STOCK];
		x.open_orders = v[EM_COL_OPEN]; x.open_orders_len = l[EM_COL_OPEN];
		x.price = v[EM_COL_PRICE]; x.price_len = l[EM_COL_PRICE];
		for (k = 0; k < EM_TEXTS; k++) { x.text[k] = v[EM_COL_NAME + k]; x.text_len[k] = l[EM_COL_NAME + k]; }
		x.last_hash = v[EM_COL_HASH]; x.last_hash_len = l[EM_COL_HASH];
		if (!em_add_local(m, &x, err)) return -1;
		rows++;
	}
	return rows;
}
