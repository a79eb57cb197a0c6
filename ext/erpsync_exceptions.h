/* Binding: turn an engine erpsync_error into the matching PHP exception. */
#ifndef ERPSYNC_EXCEPTIONS_H
#define ERPSYNC_EXCEPTIONS_H

#include "php.h"
#include "erpsync_error.h"

/* Throws the exception described by err (no-op when err is not set). Returns the object. */
zend_object *erpsync_throw_error(const erpsync_error *err);
/* Builds (without throwing) the exception described by err into rv, for results of batch calls. */
void erpsync_error_to_zval(const erpsync_error *err, zval *rv);
/* Shortcut: throw a ValidationException. */
void erpsync_throw_validation(const char *subject, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
