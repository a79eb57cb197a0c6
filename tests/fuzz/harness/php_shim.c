/*
 * What stands in for PHP in the fuzz builds of the connector engine files. erpsync_conn_common.c and the four
 * connectors include json/erpsync_json.h, which includes php.h for the binding's prototypes (zval); the engine
 * code itself uses no zval, but php.h maps snprintf/vsnprintf to PHP's ap_php_* versions. These two are the
 * only PHP symbols the engine objects reference (nm -u): plain libc stands in for them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>

int ap_php_vsnprintf(char *buf, size_t len, const char *format, va_list ap);
int ap_php_snprintf(char *buf, size_t len, const char *format, ...);

int ap_php_vsnprintf(char *buf, size_t len, const char *format, va_list ap)
{
	return vsnprintf(buf, len, format, ap);
}

int ap_php_snprintf(char *buf, size_t len, const char *format, ...)
{
	va_list ap;
	int n;
	va_start(ap, format);
	n = vsnprintf(buf, len, format, ap);
	va_end(ap);
	return n;
}
