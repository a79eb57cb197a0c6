/*
 * Money that adds up (zval-free): what an order document must total, and how to build lines whose
 * back-office arithmetic lands on WooCommerce's totals to the cent.
 *
 * WooCommerce keeps line amounts unrounded (4-decimal prices, prices entered with tax, several tax
 * rates) and rounds the order's totals once; a back-office rounds every line. Sending each line's
 * own rounded amounts therefore drifts by cents. This layer:
 *
 *  Targets   erpsync_money_read(): the order's lines as exact decimals and WooCommerce's totals
 *            (total, tax, shipping, discount, in cents) from a snapshot (docs/snapshots.md).
 *  Allocate  erpsync_money_alloc(): integer cents per line that add up to a target, each within
 *            a cent of its exact amount where the target allows (largest remainder, stable order).
 *  Net model (VASCO, SORS): a line is quantity, unit price before discount, discount %, VAT rate;
 *            the back-office computes net = round2(q * p * (1 - d/100)), gross = round2(q * p),
 *            discount = gross - net, VAT per line round2(net * r/100) or per rate on the document
 *            round2(sum(net) * r/100). erpsync_money_net_plan() picks p and d so each line lands on
 *            its allocated cents and adds rounding lines (one for net, a +a/-a pair at two VAT rates
 *            for tax) when the back-office's VAT differs from WooCommerce's;
 *            erpsync_money_net_totals() is the back-office's arithmetic, used to reconcile.
 *  Row model (Sitoo): a row is a row price after discount (gross or net) and a row discount; VAT
 *            per row from the row price. erpsync_money_row_plan() / erpsync_money_row_totals().
 *  Check     erpsync_money_check(): document totals against WooCommerce's; a ValidationException
 *            naming every difference when they differ (the document is then not sent).
 */
#ifndef ERPSYNC_CONN_MONEY_H
#define ERPSYNC_CONN_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "erpsync_error.h"
#include "json/erpsync_decimal.h"

enum { ERPSYNC_MONEY_ITEM = 0, ERPSYNC_MONEY_SHIPPING = 1, ERPSYNC_MONEY_FEE = 2, ERPSYNC_MONEY_ROUNDING = 3 };

/* Totals of a document, in cents. */
typedef struct {
	int64_t total;      /* grand total, tax included */
	int64_t tax;        /* all tax */
	int64_t shipping;   /* shipping (tax excluded, or included where the model says so) */
	int64_t discount;   /* discount (tax excluded, or included where the model says so) */
} erpsync_money_totals;

/* One snapshot line (item, shipping or fee) as exact decimals. */
typedef struct {
	int kind;
	size_t index;                 /* position in its snapshot list */
	json_object *src;             /* borrowed snapshot line */
	erpsync_decimal qty, rate;    /* quantity (1 for shipping/fees), VAT % */
	erpsync_decimal subtotal, subtotal_tax, total, total_tax;
} erpsync_money_src;

/* An order's lines and WooCommerce's totals. */
typedef struct {
	erpsync_money_src *lines;
	size_t n;
	erpsync_money_totals want;    /* shipping and discount tax excluded */
	int64_t shipping_tax;         /* cents */
	int64_t discount_tax;         /* cents */
} erpsync_money_doc;

/* A decimal rounded to cents (half away from zero); false when it does not fit (|v| >= 10^15). */
bool erpsync_money_cents(const erpsync_decimal *d, int64_t *out);
/* Cents as an exact decimal with scale 2. */
void erpsync_money_from_cents(int64_t cents, erpsync_decimal *out);
/* "12.34" / "-0.05" into buf (>= 24 bytes). */
void erpsync_money_format(int64_t cents, char *buf, size_t size);

/* Reads the order's lines (items always, shipping and fee lines unless zero) and totals. Shipping and
 * fees must have a total; items are checked by erpsync_conn_line_amounts' rules. false + err. */
bool erpsync_money_read(json_object *order, const char *subject, erpsync_money_doc *doc, erpsync_error *err);
void erpsync_money_doc_free(erpsync_money_doc *doc);

/* Integer cents out[i] for exact[i] adding up to target: each rounded, the remainder given a cent at a
 * time to the lines whose rounding lost (or gained) most, in index order on ties. */
bool erpsync_money_alloc(const erpsync_decimal *exact, size_t n, int64_t target, int64_t *out);

/* ----------------------------------------------------------------------------- net model */

typedef struct {
	int kind;
	size_t index;                          /* snapshot line (ROUNDING: 0, 1 ...) */
	erpsync_decimal qty, price, disc, rate; /* as sent: price before discount, discount % */
} erpsync_money_netline;

typedef struct {
	int price_places;      /* decimals of the unit price the back-office takes */
	int disc_places;       /* decimals of the discount % (-1: no discount field; net unit prices) */
	bool doc_rounding;     /* VAT rounded per rate on the document instead of per line */
	/* May a line carry this VAT rate (rate table of the back-office)? NULL: any rate. */
	bool (*rate_ok)(void *ud, const erpsync_decimal *rate);
	void *ud;
} erpsync_money_net_rules;

/* Plans the lines of doc; *out is malloc'ed (caller frees), *n lines, the rounding lines last.
 * false + err only on an internal failure (amounts out of range). */
bool erpsync_money_net_plan(const erpsync_money_doc *doc, const erpsync_money_net_rules *rules,
                            erpsync_money_netline **out, size_t *n, erpsync_error *err);
/* The back-office's totals of these lines. false when an amount is out of range. */
bool erpsync_money_net_totals(const erpsync_money_netline *l, size_t n, bool doc_rounding, erpsync_money_totals *t);

/* ----------------------------------------------------------------------------- row model */

typedef struct {
	int kind;
	size_t index;
	erpsync_decimal qty, rate;
	int64_t price;         /* row price after discount, cents (gross or net per the model) */
	int64_t discount;      /* row discount, cents */
} erpsync_money_row;

bool erpsync_money_row_plan(const erpsync_money_doc *doc, bool gross, erpsync_money_row **out, size_t *n,
                            erpsync_error *err);
/* Sitoo's arithmetic: VAT per row round2(price * v / (100 + v)) (gross) or round2(price * v / 100) (net);
 * shipping and discount in the rows' own terms (gross rows: tax included). */
bool erpsync_money_row_totals(const erpsync_money_row *r, size_t n, bool gross, erpsync_money_totals *t);

/* -------------------------------------------------------------------------------- check */

/* A connector's reconciliation after it parsed a built document's lines: the back-office's totals of `lines`
 * (*got) against the order's (*want), by the net or the row model. Frees `lines` on every path. false + err
 * (ValidationException naming each difference, or an amount out of range). */
bool erpsync_money_net_reconcile(const char *connector, const char *subject, json_object *order,
                                 erpsync_money_netline *lines, size_t n, bool doc_rounding,
                                 erpsync_money_totals *got, erpsync_money_totals *want, erpsync_error *err);
/* How a net-model document spells its lines, for erpsync_money_net_reconcile_doc(). */
typedef struct {
	const char *code, *qty, *price, *discount, *vat; /* field names in a line; discount "" = not sent (0) */
	json_object *settings;                            /* the connector's settings */
	const char *const *kind_setting;                  /* [kind] = setting holding that kind's code (1..3) */
	/* The rate of a line's VAT field (a code table); NULL: the field is the percentage itself. */
	bool (*rate_of)(void *ud, json_object *vat, erpsync_decimal *rate);
	void *ud;
} erpsync_money_net_fields;
/* Parses the lines of a built net-model document (lines: its array) and reconciles them as above. */
bool erpsync_money_net_reconcile_doc(const char *connector, json_object *order, json_object *lines,
                                     const erpsync_money_net_fields *f, bool doc_rounding,
                                     erpsync_money_totals *got, erpsync_money_totals *want, erpsync_error *err);
bool erpsync_money_row_reconcile(const char *connector, const char *subject, json_object *order,
                                 erpsync_money_row *rows, size_t n, bool gross,
                                 erpsync_money_totals *got, erpsync_money_totals *want, erpsync_error *err);

/* What doc's back-office arithmetic must give: want, with shipping/discount tax included when gross. */
void erpsync_money_expected(const erpsync_money_doc *doc, bool gross_terms, erpsync_money_totals *out);
/* true when got == want; else false + ValidationException (field "total") naming each difference. */
bool erpsync_money_check(const char *connector, const char *subject, const erpsync_money_totals *got,
                         const erpsync_money_totals *want, erpsync_error *err);
/* {"total": "12.34", "tax": ..., "shipping": ..., "discount": ...} */
json_object *erpsync_money_totals_json(const erpsync_money_totals *t);

#endif
