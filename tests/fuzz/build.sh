#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz/harness into .work/fuzz/bin (clang from Debian,
# -fsanitize=fuzzer,address,undefined). Usage: tests/fuzz/build.sh [harness ...]   (default: all)
# Engine files compile without PHP; the connector files include php.h for the binding's prototypes only, so
# they get PHP's include path and tests/fuzz/harness/php_shim.c stands in for the two PHP functions they call.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
CC=${FUZZ_CC:-}
if [ -z "$CC" ]; then
	for c in clang-14 clang clang-16 clang-19; do command -v "$c" >/dev/null 2>&1 && { CC=$c; break; }; done
fi
[ -n "$CC" ] || { echo "no clang: scripts/setup.sh installs clang-14 and libclang-rt-14-dev" >&2; exit 1; }
out=.work/fuzz
mkdir -p "$out/obj" "$out/bin"
flags=(-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
       -Wall -Wextra -Werror -D_GNU_SOURCE -Iext $(pkg-config --cflags json-c libcurl zlib))
php_inc=$(php-config --includes)
libs=($(pkg-config --libs json-c libcurl zlib) -lm)

core=(ext/erpsync_error.c ext/json/erpsync_json_engine.c ext/json/erpsync_json_pairs.c ext/json/erpsync_json_lex.c ext/json/erpsync_decimal.c ext/json/erpsync_json_decimal.c)
# every engine file of ext/http (erpsync_http_php.c is PHP's binding): a new one is linked without a change here
http=($(ls ext/http/*.c | grep -v '_php\.c$'))
http_but() { # the http list without the files a harness includes to reach their statics
	local s x keep
	for s in "${http[@]}"; do
		keep=1
		for x in "$@"; do [ "$s" = "ext/http/$x" ] && keep=0; done
		[ $keep = 1 ] && echo "$s"
	done
}
# every engine file of the matcher (erpsync_matcher_php.c is PHP's binding): a new one is linked without a change here
matcher=($(ls ext/matcher/*.c | grep -v '_php\.c$'))
# every engine file of the connectors (the *_php.c bindings are PHP's): a new one is linked without a change here
conn=($(ls ext/connectors/*.c | grep -v '_php\.c$') ${matcher[*]} tests/fuzz/harness/php_shim.c)

# sources each harness links besides itself (a harness that includes an ext/http file to reach its statics links
# the others: http_but)
declare -A deps=(
	[fuzz_json]="${core[*]}"
	[fuzz_json_lex]="${core[*]}"
	[fuzz_decimal]="${core[*]}"
	[fuzz_matcher]="${core[*]} ${matcher[*]}"
	[fuzz_feed]="${core[*]} ${http[*]} ${conn[*]}"
	[fuzz_http_headers]="${core[*]} $(http_but erpsync_http_reply.c erpsync_http_login.c)"
	[fuzz_login_token]="${core[*]} $(http_but erpsync_http_login.c)"
	[fuzz_url]="${core[*]} ${http[*]}"
	[fuzz_redact]="${core[*]} ${http[*]}"
	[fuzz_reply]="${core[*]} ${http[*]} ${conn[*]}"
	[fuzz_builders]="${core[*]} ${http[*]} ${conn[*]}"
	[fuzz_h1]="ext/http/erpsync_http_h1.c ext/http/erpsync_http_buf.c"
)
obj() { # source -> object (rebuilt when the source or any header is newer)
	local src=$1 o="$out/obj/$(echo "$1" | tr '/' '_').o" extra=()
	case "$src" in
		ext/connectors/*) extra=($php_inc -Wno-unused-parameter) ;;
		ext/matcher/*) extra=(-DEM_ARENA_BLOCK=4096) ;; # a 1 MiB arena block per run costs ~300x under ASan
	esac
	if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find ext -name '*.h' -newer "$o" -print -quit)" ]; then
		$CC "${flags[@]}" "${extra[@]}" -c "$src" -o "$o"
	fi
	echo "$o"
}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(fuzz_json fuzz_decimal fuzz_matcher fuzz_feed fuzz_http_headers fuzz_login_token fuzz_url fuzz_redact fuzz_reply fuzz_builders fuzz_h1)
for n in "${names[@]}"; do
	objs=()
	for s in ${deps[$n]}; do objs+=("$(obj "$s")"); done
	h=tests/fuzz/harness/$n.c
	if [ ! -f "$out/bin/$n" ] || [ "$h" -nt "$out/bin/$n" ] || [ -n "$(find "${objs[@]}" ext/http -newer "$out/bin/$n" -print -quit)" ]; then
		$CC "${flags[@]}" -fsanitize=fuzzer "$h" "${objs[@]}" "${libs[@]}" -o "$out/bin/$n"
	fi
	echo "built $out/bin/$n"
done
