/* Binding for the exception classes: getters and construction from engine errors. */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"

static zend_class_entry *ce_for(erpsync_error_code code)
{
	switch (code) {
		case ERPSYNC_E_TRANSPORT:    return erpsync_ce_transport_exception;
		case ERPSYNC_E_HTTP:         return erpsync_ce_http_exception;
		case ERPSYNC_E_RATE_LIMITED: return erpsync_ce_rate_limited_exception;
		case ERPSYNC_E_PROTOCOL:     return erpsync_ce_protocol_exception;
		case ERPSYNC_E_VALIDATION:   return erpsync_ce_validation_exception;
		default:                     return erpsync_ce_exception;
	}
}

void erpsync_error_to_zval(const erpsync_error *err, zval *rv)
{
	zend_class_entry *ce = ce_for(err->code);
	zend_object *obj;

	object_init_ex(rv, ce);
	obj = Z_OBJ_P(rv);
	zend_update_property_string(zend_ce_exception, obj, "message", sizeof("message") - 1, err->message);
	switch (err->code) {
		case ERPSYNC_E_TRANSPORT:
			zend_update_property_string(ce, obj, "kind", sizeof("kind") - 1, err->kind[0] ? err->kind : "other");
			break;
		case ERPSYNC_E_RATE_LIMITED:
			zend_update_property_double(ce, obj, "retryAfter", sizeof("retryAfter") - 1, err->retry_after);
			ZEND_FALLTHROUGH;
		case ERPSYNC_E_HTTP:
			zend_update_property_long(ce, obj, "status", sizeof("status") - 1, err->status);
			zend_update_property_string(ce, obj, "bodyExcerpt", sizeof("bodyExcerpt") - 1, err->excerpt);
			zend_update_property_bool(ce, obj, "retryable", sizeof("retryable") - 1, err->retryable);
			zend_update_property_long(zend_ce_exception, obj, "code", sizeof("code") - 1, err->status);
			break;
		case ERPSYNC_E_PROTOCOL:
			zend_update_property_string(ce, obj, "jsonPath", sizeof("jsonPath") - 1, err->json_path[0] ? err->json_path : "$");
			break;
		case ERPSYNC_E_VALIDATION:
			zend_update_property_string(ce, obj, "field", sizeof("field") - 1, err->field);
			zend_update_property_string(ce, obj, "subject", sizeof("subject") - 1, err->subject);
			break;
		default:
			break;
	}
}

zend_object *erpsync_throw_error(const erpsync_error *err)
{
	zval ex;
	if (!erpsync_error_isset(err)) {
		return NULL;
	}
	erpsync_error_to_zval(err, &ex);
	zend_throw_exception_object(&ex);
	return Z_OBJ(ex);
}

void erpsync_throw_validation(const char *subject, const char *field, const char *fmt, ...)
{
	erpsync_error err;
	va_list ap;
	erpsync_error_clear(&err);
	va_start(ap, fmt);
	erpsync_error_vset(&err, ERPSYNC_E_VALIDATION, fmt, ap);
	va_end(ap);
	snprintf(err.subject, sizeof(err.subject), "%s", subject ? subject : "");
	snprintf(err.field, sizeof(err.field), "%s", field ? field : "");
	erpsync_throw_error(&err);
}

#define ERPSYNC_PROP_GETTER(cls, method, prop, kind) \
	ZEND_METHOD(cls, method) \
	{ \
		zval *v, rv; \
		ZEND_PARSE_PARAMETERS_NONE(); \
		v = zend_read_property(Z_OBJCE_P(ZEND_THIS), Z_OBJ_P(ZEND_THIS), prop, sizeof(prop) - 1, 1, &rv); \
		RETURN_COPY_DEREF(v); \
	}

ERPSYNC_PROP_GETTER(ErpSync_TransportException, getKind, "kind", string)
ERPSYNC_PROP_GETTER(ErpSync_HttpException, getStatus, "status", long)
ERPSYNC_PROP_GETTER(ErpSync_HttpException, getBodyExcerpt, "bodyExcerpt", string)
ERPSYNC_PROP_GETTER(ErpSync_HttpException, isRetryable, "retryable", bool)
ERPSYNC_PROP_GETTER(ErpSync_RateLimitedException, getRetryAfter, "retryAfter", double)
ERPSYNC_PROP_GETTER(ErpSync_ProtocolException, getJsonPath, "jsonPath", string)
ERPSYNC_PROP_GETTER(ErpSync_ValidationException, getField, "field", string)
ERPSYNC_PROP_GETTER(ErpSync_ValidationException, getSubject, "subject", string)

PHP_MINIT_FUNCTION(erpsync_exceptions)
{
	(void) type;
	(void) module_number;
	return SUCCESS;
}
