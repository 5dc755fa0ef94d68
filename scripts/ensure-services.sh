#!/usr/bin/env bash
# Makes sure the servers Sluice's tests talk to are reachable:
#   Redis   on 127.0.0.1:6379
#   MariaDB on 127.0.0.1:3306, user root with an empty password
# On a Debian/Ubuntu machine without them (a fresh CI box), installs them from the distribution's
# packages and starts them. Leaves servers that already run alone.
set -euo pipefail

say() { echo "[ensure-services] $*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; return 1; fi
}

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "cannot install $* automatically (no apt-get): install it and start it on the port above"; exit 1
  fi
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wait_for_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  say "nothing answers on 127.0.0.1:$1 after 30 s"; return 1
}

ensure_redis() {
  if port_open 6379; then say "Redis is up on 127.0.0.1:6379"; return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  say "starting Redis"
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
  wait_for_port 6379
}

mysql_root_ok() {
  command -v mariadb >/dev/null || command -v mysql >/dev/null || return 1
  local client; client=$(command -v mariadb || command -v mysql)
  "$client" -h127.0.0.1 -P3306 -uroot -e 'SELECT 1' >/dev/null 2>&1
}

ensure_mariadb() {
  if port_open 3306 && mysql_root_ok; then say "MariaDB is up on 127.0.0.1:3306"; return; fi
  if ! port_open 3306; then
    command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server mariadb-client
    say "starting MariaDB"
    as_root install -d -o mysql -g mysql /run/mysqld
    as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    wait_for_port 3306
    for _ in $(seq 1 60); do [ -S /run/mysqld/mysqld.sock ] && break; sleep 0.5; done
  fi
  if ! mysql_root_ok; then
    say "allowing root over TCP with an empty password (fresh Debian MariaDB allows the socket only)"
    local client; client=$(command -v mariadb || command -v mysql)
    as_root "$client" -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket; FLUSH PRIVILEGES;"
  fi
  mysql_root_ok || { say "MariaDB on 127.0.0.1:3306 does not accept root with an empty password"; exit 1; }
  say "MariaDB is up on 127.0.0.1:3306"
}

ensure_redis
ensure_mariadb
