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
#include "erpsync_conn_money.h"

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


/* The constructor every connector class has: (array $settings, ?ErpSync\Http\Client $client = null). */
#define ERPSYNC_CONN_CONSTRUCTOR(cls, profile) \
	ZEND_METHOD(cls, __construct) \
	{ \
		HashTable *settings; \
		zval *client = NULL; \
		ZEND_PARSE_PARAMETERS_START(1, 2) \
			Z_PARAM_ARRAY_HT(settings) \
			Z_PARAM_OPTIONAL \
			Z_PARAM_OBJECT_OF_CLASS_OR_NULL(client, erpsync_ce_http_client) \
		ZEND_PARSE_PARAMETERS_END(); \
		(void) return_value; \
		erpsync_conn_construct(Z_ERPSYNC_CONN_P(ZEND_THIS), (profile), settings, client); \
	}

#endif

/* ---- shared method bodies (every connector class uses these) ---- */
typedef int (*erpsync_conn_op)(void *state, json_object *snapshot, json_object **out, erpsync_error *err);
typedef int (*erpsync_conn_op_ctx)(void *state, json_object *snapshot, json_object *ctx, json_object **out, erpsync_error *err);
typedef json_object *(*erpsync_conn_builder)(void *state, json_object *snapshot, json_object *ctx, erpsync_error *err);

/* Converts out (or throws err) into return_value; puts out. */
void erpsync_conn_finish(int rc, json_object *out, erpsync_error *err, zval *rv, bool null_when_empty);
/* method(array $snapshot): ?array */
void erpsync_conn_method_op(INTERNAL_FUNCTION_PARAMETERS, const char *kind, erpsync_conn_op fn, bool null_when_empty);
/* method(array $snapshot, array $context = []): array, or ?array (null when fn gives nothing) with null_when_empty */
void erpsync_conn_method_op_ctx(INTERNAL_FUNCTION_PARAMETERS, const char *kind, erpsync_conn_op_ctx fn, bool null_when_empty);
/* Recomputes a built document's totals by the back-office's arithmetic against the order's. */
typedef bool (*erpsync_conn_reconciler)(void *state, json_object *order, json_object *payload, erpsync_money_totals *got,
                                        erpsync_money_totals *want, erpsync_error *err);
/* reconcileOrder(array $order, array $context = []): array {ok, message, document{total, tax, shipping, discount},
 * woocommerce{...}, payload}: the payload built without the check, and what its arithmetic gives. */
void erpsync_conn_method_reconcile(INTERNAL_FUNCTION_PARAMETERS, erpsync_conn_builder build, erpsync_conn_reconciler rec);
/* method(array $snapshot[, array $context]): string (the deterministic JSON of the payload) */
void erpsync_conn_method_build(INTERNAL_FUNCTION_PARAMETERS, const char *kind, erpsync_conn_builder fn, bool with_ctx);

/* A PHP callable receiving (array $items, int $page) for each page; return false to stop. */
typedef struct {
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
} erpsync_conn_page_cb;
int erpsync_conn_on_page(void *ud, json_object *items, long page, erpsync_error *err);
/* A list of snapshots (packed array of arrays) as a json-c array; NULL + exception otherwise. */
json_object *erpsync_conn_snapshot_list(zval *arr, const char *kind);
