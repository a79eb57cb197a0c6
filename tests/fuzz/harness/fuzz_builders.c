/* The four payload builders (VASCO order, SORS document, Sitoo order, Logistos order), called through their
 * public functions only, on generated snapshots: the input is an order snapshot as JSON (docs/snapshots.md;
 * seeds from tests/phpt/connectors/fixtures.inc). A builder returns a payload or a ValidationException, never
 * both, never a crash; a payload serializes to JSON that parses back under the project's rules. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "json/erpsync_json_engine.h"
#include "connectors/vasco.h"
#include "connectors/sors.h"
#include "connectors/sitoo.h"
#include "connectors/logistos.h"

static json_object *s_vasco, *s_sors, *s_sitoo, *s_logistos;

static json_object *must(const char *text)
{
	erpsync_error err;
	json_object *o;
	erpsync_error_clear(&err);
	o = erpsync_json_parse(text, strlen(text), 64, 0, &err);
	if (!o) abort();
	return o;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc; (void) argv;
	s_vasco = must("{\"base_url\":\"http://v.example/vasco\",\"username\":\"u\",\"password\":\"p\",\"tax_number\":\"12345678\","
		"\"payment_methods\":{\"bacs\":3,\"cod\":4},\"shipping_article\":\"DOSTAVA\",\"fee_article\":\"PROVIZIJA\"}");
	s_sors = must("{\"base_url\":\"http://s.example/sors\",\"api_key\":\"k\",\"database\":\"Shop2026\",\"business_unit\":\"1\","
		"\"document_type\":\"invoice\",\"shipping_sku\":\"DOSTAVA\"}");
	s_sitoo = must("{\"base_url\":\"http://t.example/sitoo\",\"api_id\":\"1\",\"password\":\"p\",\"siteid\":1,\"warehouse_id\":1,"
		"\"shipping_sku\":\"SHIPPING\"}");
	s_logistos = must("{\"orders_url\":\"http://l.example/logistos/integration/woo_commerce_orders\"}");
	return 0;
}

static void check(json_object *payload, erpsync_error *err)
{
	char *s;
	size_t n = 0;
	erpsync_error e2;
	json_object *back;
	if (erpsync_error_isset(err)) {
		if (payload) abort();
		if (!erpsync_utf8_valid(err->message, strlen(err->message), NULL)) abort();
		return;
	}
	if (!payload) abort();
	s = erpsync_json_serialize(payload, 0, &n);
	if (!s) abort();
	erpsync_error_clear(&e2);
	back = erpsync_json_parse(s, n, 0, 0, &e2);
	if (erpsync_error_isset(&e2)) abort();
	json_object_put(back);
	free(s);
	json_object_put(payload);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	erpsync_error err;
	json_object *order;
	vasco_ctx v;
	sors_ctx so;
	sitoo_ctx si;
	logistos_ctx lo;
	erpsync_error_clear(&err);
	order = erpsync_json_parse((const char *) data, size, 32, 1 << 16, &err);
	if (!order || !json_object_is_type(order, json_type_object)) {
		json_object_put(order);
		return 0;
	}
	vasco_ctx_init(&v, s_vasco, NULL);
	erpsync_error_clear(&err);
	check(vasco_build_order(&v, order, NULL, &err), &err);
	vasco_ctx_dtor(&v);
	sors_ctx_init(&so, s_sors, NULL);
	erpsync_error_clear(&err);
	check(sors_build_document(&so, order, NULL, &err), &err);
	sitoo_ctx_init(&si, s_sitoo, NULL);
	erpsync_error_clear(&err);
	check(sitoo_build_order(&si, order, NULL, &err), &err);
	logistos_ctx_init(&lo, s_logistos, NULL);
	erpsync_error_clear(&err);
	check(logistos_build_order(&lo, order, &err), &err);
	json_object_put(order);
	return 0;
}
