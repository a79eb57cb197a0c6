#!/usr/bin/env bash
# tests/bench/run http [rounds]: nginx-light (Debian) on loopback for static files and a delaying server for the
# parallel case, both started and stopped here; then tests/bench/http_bench.php. docs/performance.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
	apt-get -o DPkg::Lock::Timeout=600 install -y -q nginx-light >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
tmp=$(mktemp -d /tmp/erpsync-bench-http.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
	sleep 0.2
	rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp"
mkdir -p "$tmp/www" "$tmp/logs"
php "$root/tests/bench/http_setup.php" "$tmp/www"
chmod -R a+rX "$tmp/www"
port=$(php -r '$s=stream_socket_server("tcp://127.0.0.1:0");echo substr(strrchr(stream_socket_get_name($s,false),":"),1);')
cat > "$tmp/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_requests 1000000;
	keepalive_timeout 60s;
	default_type application/json;
	client_body_temp_path $tmp/logs/body;
	proxy_temp_path $tmp/logs/proxy;
	fastcgi_temp_path $tmp/logs/fastcgi;
	uwsgi_temp_path $tmp/logs/uwsgi;
	scgi_temp_path $tmp/logs/scgi;
	open_file_cache max=16;
	server { listen 127.0.0.1:$port; root $tmp/www; }
}
CONF
"$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf"
php "$root/tests/bench/delay_server.php" 20 > "$tmp/delay.out" &
pids+=($!)
for _ in $(seq 50); do grep -q listening "$tmp/delay.out" 2>/dev/null && break; sleep 0.1; done
dport=$(awk '{print $2}' "$tmp/delay.out")
php -d "extension=$root/modules/erpsync.so" "$root/tests/bench/http_bench.php" "$port" "$dport" "$tmp/www" "${1:-9}"
