/*
 * LD_PRELOAD shim for the ASan/UBSan run of the .phpt suite (scripts/test-phpt-asan.sh).
 *
 * PHP (not built with ASan) loads extensions with dlopen(..., RTLD_DEEPBIND). The sanitizer runtime refuses
 * that flag ("You are trying to dlopen a <lib> shared library with RTLD_DEEPBIND flag which is incompatible
 * with sanitizer runtime"): a library bound deeply would call libc's malloc/free directly and bypass ASan's
 * interceptors. This shim is preloaded before the ASan runtime (ASAN_OPTIONS=verify_asan_link_order=0) and
 * drops RTLD_DEEPBIND before handing the call on, so the extension binds to the interceptors like any library.
 * Nothing else changes: erpsync exports only get_module and its symbols do not clash with PHP's.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

void *dlopen(const char *file, int mode)
{
	static void *(*next)(const char *, int);
	if (!next) {
		next = (void *(*)(const char *, int)) dlsym(RTLD_NEXT, "dlopen");
	}
	return next ? next(file, mode & ~RTLD_DEEPBIND) : NULL;
}
