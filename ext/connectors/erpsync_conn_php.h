/*
 * Binding base shared by the connector classes (ErpSync\Connector\*): one object layout, the
 * settings as json-c, the HTTP client (given, or built from the settings), and conversions.
 */
#ifndef ERPSYNC_CONN_PHP_H
#define ERPSYNC_CONN_PHP_H

#include "php.h"
#include <json-c/json.h>
#include "erpsync_error.h"
#include "http/erpsync_http.h"

typedef struct _erpsync_conn_obj erpsync_conn_obj;

/* What a connector class tells the base constructor. */
typedef struct {
	const char *name;                              /* "VASCO" */
	/* Fills auth (an array for ErpSync\Http\Client's "auth" option) and *base_url from the
	 * settings; returns false with err set when a required setting is missing. */
	bool (*client_options)(json_object *settings, zval *auth, const char **base_url, erpsync_error *err);
	/* Validates the settings beyond the client part (may be NULL). */
	bool (*validate)(erpsync_conn_obj *o, erpsync_error *err);
	/* Frees connector state (may be NULL). */
	void (*state_free)(void *state);
} erpsync_conn_profile;

struct _erpsync_conn_obj {
	json_object *settings;               /* everything but "log", as json-c */
	zval client;                         /* ErpSync\Http\Client (UNDEF until constructed) */
	erpsync_http_client *http;           /* engine client of `client` */
	const erpsync_conn_profile *profile;
	void *state;                         /* connector-specific cache (partner index, token...) */
	zend_object std;
};

static inline erpsync_conn_obj *erpsync_conn_from_obj(zend_object *obj)
{
	return (erpsync_conn_obj *) ((char *) obj - XtOffsetOf(erpsync_conn_obj, std));
}
#define Z_ERPSYNC_CONN_P(zv) erpsync_conn_from_obj(Z_OBJ_P(zv))

/* Sets create_object and the handlers on a connector class entry (call in MINIT). */
void erpsync_conn_class_init(zend_class_entry *ce);
/* The constructor body: settings array, optional client. Throws and returns false on error. */
bool erpsync_conn_construct(erpsync_conn_obj *o, const erpsync_conn_profile *p, HashTable *settings, zval *client);
/* The connector of $this, or NULL (Error thrown) when the constructor did not run. */
erpsync_conn_obj *erpsync_conn_this(zval *this_zv);
/* A snapshot array as json-c; NULL + exception (ValidationException naming the field, subject
 * "<kind> <id>") on bad input. The caller json_object_put()s it. */
json_object *erpsync_conn_snapshot(zval *arr, const char *kind);
/* json-c -> PHP return value (decimals stay exact strings where they were strings). */
void erpsync_conn_return_json(json_object *o, zval *rv);
/* Throws err (when set) and returns true if it did. */
bool erpsync_conn_throw(const erpsync_error *err);

#endif
