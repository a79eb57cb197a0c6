#!/usr/bin/env bash
# A private MariaDB for the WordPress tests: its own datadir under .work/mariadb, its own socket in /tmp, no TCP port.
# Usage: tests/wp/mariadb.sh start|stop|status     (prints the socket path on start)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/.work/mariadb"
# Unix socket paths are limited to ~107 bytes: keep it short and unique per checkout.
sock="/tmp/erpsync-db-$(printf %s "$root" | md5sum | cut -c1-10).sock"
case "${1:-}" in
start)
	command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || {
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq mariadb-server >/dev/null; }
	server=$(command -v mariadbd || command -v mysqld || echo /usr/sbin/mariadbd)
	[ -x "$server" ] || server=/usr/sbin/mariadbd
	mkdir -p "$dir"
	mkdir -p "$dir/tmp"   # its own tmpdir: two checkouts' servers never share temporary files in /tmp
	if [ ! -d "$dir/data/mysql" ]; then
		if ! mariadb-install-db --no-defaults --datadir="$dir/data" --tmpdir="$dir/tmp" --auth-root-authentication-method=normal \
			--skip-test-db --user="$(id -un)" > "$dir/install.log" 2>&1; then
			tail -20 "$dir/install.log" >&2
			echo "mariadb-install-db failed (log: $dir/install.log)" >&2
			rm -rf "$dir/data"
			exit 1
		fi
	fi
	if [ -S "$sock" ] && mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1; then
		echo "$sock"; exit 0
	fi
	"$server" --no-defaults --datadir="$dir/data" --tmpdir="$dir/tmp" --socket="$sock" --skip-networking \
		--pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" --user="$(id -un)" \
		--innodb-buffer-pool-size=64M --skip-name-resolve > /dev/null 2>&1 &
	for _ in $(seq 1 100); do
		mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 && break
		sleep 0.1
	done
	mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 || { tail -20 "$dir/error.log" >&2; exit 1; }
	mariadb --no-defaults --socket="$sock" -uroot -e "CREATE DATABASE IF NOT EXISTS erpsync_wp; CREATE USER IF NOT EXISTS 'erpsync'@'localhost' IDENTIFIED BY 'erpsync-test'; GRANT ALL ON erpsync_wp.* TO 'erpsync'@'localhost'; FLUSH PRIVILEGES;"
	echo "$sock"
	;;
stop)
	[ -f "$dir/mysqld.pid" ] && kill "$(cat "$dir/mysqld.pid")" 2>/dev/null || true
	;;
status)
	mariadb-admin --no-defaults --socket="$sock" -uroot ping
	;;
*) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
