/*
 * What the matcher engine's files share (not part of the engine's contract in erpsync_matcher.h):
 *   erpsync_matcher.c        the arena, the key tables, key normalisation, building (options, remote and local items)
 *   erpsync_matcher_scan.c   the single-pass scanner of reply bodies (em_add_remote_json / em_add_remote_feed)
 *   erpsync_matcher_match.c  matching, the per-field diff under ownership, and the results
 *   erpsync_matcher_packed.c local products packed in one string
 */
#ifndef ERPSYNC_MATCHER_INTERNAL_H
#define ERPSYNC_MATCHER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "erpsync_matcher.h"

/* ------------------------------------------------------------------------------ arena */

#ifndef EM_ARENA_BLOCK
/* bytes per arena block; the fuzz build makes it small (under ASan a 1 MiB block per matcher costs ~300x) */
# define EM_ARENA_BLOCK ((size_t) 1 << 20)
#endif

typedef struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
} arena_block;

typedef struct {
	arena_block *head;
} arena;

/* A NUL-terminated copy of s[0, len) in the arena (never NULL: aborts when out of memory). */
char *em_arena_dup(arena *a, const char *s, size_t len);

/* ------------------------------------------------------------------------------ vectors */

#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_PUSH(vec, item) do { \
	if ((vec).n == (vec).cap) { \
		(vec).cap = (vec).cap ? (vec).cap * 2 : 1024; \
		(vec).v = realloc((vec).v, (vec).cap * sizeof(*(vec).v)); \
		if (!(vec).v) abort(); \
	} \
	(vec).v[(vec).n++] = (item); \
} while (0)

/* ------------------------------------------------------------------------------ records */

typedef struct {
	const char *k;        /* normalised key (arena), NULL when empty or invalid */
	uint32_t len;
} em_key;

typedef struct {
	const char *id; uint32_t id_len;
	const char *text[EM_TEXTS]; uint32_t text_len[EM_TEXTS];
	int64_t stock, reserved, price;
	uint64_t hash;
	em_key key[EM_KEYS];
	const char *raw[4]; uint32_t raw_len[4];  /* sku, ean, price as they came; extra (never compared) */
	bool matched;
} remote_item;

typedef struct {
	int64_t id, parent_id;
	em_key key[EM_KEYS];
	int64_t stock, open_orders, price;
	const char *text[EM_TEXTS]; uint32_t text_len[EM_TEXTS];
	uint64_t last_hash;
	bool has_last_hash;
} local_item;

/* open addressing: key -> index, with a count for duplicates */
typedef struct {
	uint64_t h;
	const char *k;
	uint32_t len;
	uint32_t idx;
	uint32_t count;
} slot;

typedef struct {
	slot *s;
	size_t mask, used;
} table;

struct em_matcher {
	em_options o;
	em_feed feed;          /* the options' field map (addRemoteJson) */
	arena ar;
	VEC(remote_item) remote;
	VEC(local_item) local;
	table rt[EM_KEYS], lt[EM_KEYS];
	VEC(em_pair) pairs;
	VEC(em_change) changes;
	VEC(em_dup) dups;
	VEC(em_invalid) invalid;
	VEC(int64_t) unmatched_local;
	VEC(uint32_t) unmatched_remote;
	size_t skipped;
	bool ran;
};

static inline uint64_t em_fnv1a(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}
#define FNV_OFFSET 14695981039346656037ULL

/* The slot of key k, or NULL. */
static inline const slot *em_table_get(const table *t, const char *k, uint32_t len)
{
	uint64_t h;
	size_t j;
	if (!t->mask) return NULL;
	h = em_fnv1a(k, len, FNV_OFFSET);
	j = h & t->mask;
	while (t->s[j].k) {
		if (t->s[j].h == h && t->s[j].len == len && memcmp(t->s[j].k, k, len) == 0) return &t->s[j];
		j = (j + 1) & t->mask;
	}
	return NULL;
}

/* Parses a decimal number (JSON number or numeric string) scaled by 10^places; EM_NONE if not a number. */
int64_t em_parse_scaled(const char *s, size_t len, int places);

#endif
