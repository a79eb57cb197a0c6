#!/usr/bin/env bash
# tests/bench/run drain [--orders N] [--connector vasco] [--partners P] [--workers 1,2,4] [--rounds R] [--latency MS]
# Real WordPress 6.5.5 + WooCommerce (scripts/wc-dir.sh) + MariaDB (tests/wp/), site prefix bn_, and the simulator.
# Set-up (not timed): N paid orders queued once, then a database snapshot (.work/bench/) restored before every round;
# the simulator is reset and seeded with P partners (and, with --latency, answers every VASCO request MS later, as a
# back-office across the internet would). Timed: W `wp erpsync queue run` processes started together,
# until all have ended. Checked after each round: every order done, each order POSTed to VASCO exactly once.
# One line per worker count: drain workers=W orders=N seconds=… orders_per_s=… queries_per_order=… http_per_order=… duplicates=…
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
orders=1000; connector=vasco; partners=0; workers=1; rounds=1; latency=0
while [ $# -gt 0 ]; do
	case "$1" in
		--orders) orders=$2; shift 2 ;;
		--connector) connector=$2; shift 2 ;;
		--partners) partners=$2; shift 2 ;;
		--workers) workers=$2; shift 2 ;;
		--rounds) rounds=$2; shift 2 ;;
		--latency) latency=$2; shift 2 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
[ "$connector" = vasco ] || { echo "only --connector vasco is built into the benchmark" >&2; exit 2; }
WC_DIR=$("$root/scripts/wc-dir.sh"); export WC_DIR
[ -n "$WC_DIR" ] || { echo "no WooCommerce (docs/testing.md)" >&2; exit 1; }
export ERPSYNC_WP_PREFIX=bn_
wp="${ERPSYNC_WP_DIR:-$root/.work/wordpress}"   # ERPSYNC_WP_DIR: a copy of the tree with another plugin version (before/after)
php_wp() { php -d memory_limit=1G -d "extension=$root/modules/erpsync.so" "$@"; }
"$root/tests/wp/install.sh" >/dev/null
sock=$("$root/tests/wp/mariadb.sh" start)
db() { mariadb --no-defaults --socket="$sock" -uroot erpsync_wp "$@"; }
# Counts every query of every process of the site when ERPSYNC_BENCH_QUERIES names a file.
mkdir -p "$wp/wp-content/mu-plugins"
cat > "$wp/wp-content/mu-plugins/erpsync-bench-queries.php" <<'PHP'
<?php
if ( getenv( 'ERPSYNC_BENCH_QUERIES' ) ) {
	add_action( 'shutdown', static function () {
		global $wpdb;
		file_put_contents( (string) getenv( 'ERPSYNC_BENCH_QUERIES' ), (int) $wpdb->num_queries . "\n", FILE_APPEND | LOCK_EX );
	}, PHP_INT_MAX );
}
PHP
tmp=$(mktemp -d /tmp/erpsync-bench-drain.XXXXXX)
sim_pid=""
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
php "$root/tests/sim/server.php" > "$tmp/sim.out" 2>"$tmp/sim.err" &
sim_pid=$!
for _ in $(seq 100); do grep -q listening "$tmp/sim.out" 2>/dev/null && break; sleep 0.1; done
sim=$(sed -n 's/^listening //p' "$tmp/sim.out")
sim_call() { curl -s -X "$1" "$sim/_sim/$2" ${3:+-H 'Content-Type: application/json' -d "$3"}; }
mkdir -p "$root/.work/bench"
snap="$root/.work/bench/drain-$orders.sql"
base=200   # above this many orders, the set-up copies the orders of the 200-order snapshot with SQL (drain_site.php clone)
if [ ! -s "$snap" ] && [ "$orders" -gt "$base" ]; then
	t0=$(date +%s)
	[ -s "$root/.work/bench/drain-$base.sql" ] || "$0" --orders "$base" --partners "$partners" --rounds 0 >&2
	db < "$root/.work/bench/drain-$base.sql"
	php_wp "$root/tests/bench/drain_site.php" "$wp" clone "$orders" >&2
	tables=$(db -N -e "SELECT table_name FROM information_schema.tables WHERE table_schema='erpsync_wp' AND table_name LIKE 'bn\\_%'")
	# shellcheck disable=SC2086
	mariadb-dump --no-defaults --socket="$sock" -uroot --single-transaction erpsync_wp $tables > "$snap.tmp" && mv "$snap.tmp" "$snap"
	echo "set-up: $orders orders (copies of $base) and a snapshot in $(( $(date +%s) - t0 )) s" >&2
fi
if [ ! -s "$snap" ]; then
	t0=$(date +%s)
	db -e "SELECT CONCAT('DROP TABLE IF EXISTS \`', table_name, '\`;') FROM information_schema.tables WHERE table_schema='erpsync_wp' AND table_name LIKE 'bn\\_%'" -N | db
	"$root/tests/wp/install.sh" >/dev/null
	php_wp "$root/tests/bench/drain_site.php" "$wp" setup "$orders" "$partners" "$sim/vasco" >&2
	tables=$(db -N -e "SELECT table_name FROM information_schema.tables WHERE table_schema='erpsync_wp' AND table_name LIKE 'bn\\_%'")
	# shellcheck disable=SC2086
	mariadb-dump --no-defaults --socket="$sock" -uroot --single-transaction erpsync_wp $tables > "$snap.tmp" && mv "$snap.tmp" "$snap"
	echo "set-up: $orders orders and a snapshot in $(( $(date +%s) - t0 )) s" >&2
fi
[ "$rounds" -gt 0 ] || exit 0   # --rounds 0: only the set-up (the snapshot)
IFS=, read -r -a wlist <<< "$workers"
for w in "${wlist[@]}"; do
	secs=(); qpo=(); hpo=(); dups=(); bad=0
	for r in $(seq "$rounds"); do
		db < "$snap"
		sim_call POST reset >/dev/null
		sim_call POST record "{\"max\":$(( orders * 5 + 20000 ))}" >/dev/null   # every request of the round is counted
		[ "$partners" -gt 0 ] && sim_call POST seed "{\"api\":\"vasco\",\"partners\":$partners}" >/dev/null
		[ "$latency" -gt 0 ] && sim_call POST fault "{\"api\":\"vasco\",\"kind\":\"latency\",\"ms\":$latency,\"count\":100000000}" >/dev/null
		php_wp "$root/tests/bench/drain_site.php" "$wp" config "$sim/vasco"
		: > "$tmp/queries"
		t0=$(date +%s.%N)
		pids=()
		for i in $(seq "$w"); do
			ERPSYNC_BENCH_QUERIES="$tmp/queries" "$root/tests/wp/wp-cli.sh" erpsync queue run --batch-size=25 --force > "$tmp/worker$i.out" 2>&1 &
			pids+=($!)
		done
		for p in "${pids[@]}"; do wait "$p" || { echo "worker failed:" >&2; cat "$tmp"/worker*.out >&2; bad=1; }; done
		t1=$(date +%s.%N)
		php_wp "$root/tests/bench/drain_site.php" "$wp" report > "$tmp/report.json"
		sim_call GET "requests?api=vasco" > "$tmp/requests.json"
		line=$(php -r '
			[$n, $t0, $t1, $qf, $rep, $reqs] = array_slice($argv, 1);
			$rep = json_decode(file_get_contents($rep), true); $reqs = json_decode(file_get_contents($reqs), true)["requests"];
			$q = array_sum(array_map("intval", file($qf)));
			$posts = []; foreach ($reqs as $x) { if ($x["method"] === "POST" && str_ends_with($x["path"], "FA/narociloKupca")) { $b = json_decode($x["body"], true); $k = ($b["stevilka"] ?? "?") . "." . ($b["leto"] ?? "?"); $posts[$k] = ($posts[$k] ?? 0) + 1; } }
			$dup = array_sum($posts) - count($posts);
			$done = $rep["states"]["done"] ?? 0;
			printf("%.3f %.2f %.1f %d %d %d %s", $t1 - $t0, $q / $n, count($reqs) / $n, $dup, $done, count($posts), json_encode($rep));
		' "$orders" "$t0" "$t1" "$tmp/queries" "$tmp/report.json" "$tmp/requests.json")
		read -r s q h d done posted rest <<< "$line"
		echo "round $r workers=$w seconds=$s done=$done posted=$posted duplicates=$d queries_per_order=$q http_per_order=$h $rest" >&2
		if [ "$done" != "$orders" ] || [ "$posted" != "$orders" ]; then
			bad=1
			# Keep what explains an incomplete round: the workers' output, the mapping states, the requests VASCO saw.
			keep="$root/.work/bench/incomplete-$(date +%Y%m%d-%H%M%S)-w$w-r$r"
			mkdir -p "$keep" && cp "$tmp"/worker*.out "$tmp/report.json" "$tmp/requests.json" "$keep"/ 2>/dev/null || true
			echo "round $r incomplete: done=$done posted=$posted of $orders; kept in $keep" >&2
		fi
		secs+=("$s"); qpo+=("$q"); hpo+=("$h"); dups+=("$d")
	done
	med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
	ms=$(med "${secs[@]}")
	dsum=0; for d in "${dups[@]}"; do dsum=$((dsum + d)); done
	printf 'drain workers=%s orders=%s partners=%s latency_ms=%s seconds=%.1f orders_per_s=%.1f queries_per_order=%s http_per_order=%s duplicates=%s complete=%s load=%s\n' \
		"$w" "$orders" "$partners" "$latency" "$ms" "$(echo "$orders / $ms" | bc -l)" "$(med "${qpo[@]}")" "$(med "${hpo[@]}")" "$dsum" \
		"$([ $bad = 0 ] && echo yes || echo NO)" "$(cut -d' ' -f1 /proc/loadavg)"
done
