#!/usr/bin/env bash
# A private PostgreSQL instance for the fault tests: its own port and data folder under target/,
# never the machine's PostgreSQL service. Runs the server as the unprivileged 'postgres' user when
# started as root (initdb refuses root).
#
#   scripts/pg-local.sh init|start|stop|crash|restart|fast-restart|status|url
#
# PG_LOCAL_DIR (default <repo>/target/pg) and PG_LOCAL_PORT (default 25432) move it. Ports stay
# below Linux's ephemeral range (32768-60999 by default), where an outgoing connection of the
# same machine could already hold the port and the server would fail to bind it.
set -euo pipefail

cmd="${1:?usage: pg-local.sh init|start|stop|crash|restart|fast-restart|status|url}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${PG_LOCAL_DIR:-$root/target/pg}"
port="${PG_LOCAL_PORT:-25432}"
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
data="$dir/data"

if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "pg-local: no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin; set PG_BIN)" >&2
  exit 2
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_ctl() {
  as_pg "$bin/pg_ctl" -D "$data" "$@"
}

case "$cmd" in
  init)
    if [ -f "$data/postmaster.pid" ]; then pg_ctl -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$dir"
      # the server user must be able to reach its folder
      p="$dir"; while [ "$p" != "/" ]; do p="$(dirname "$p")"; chmod o+x "$p" 2>/dev/null || true; done
    fi
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-instructions >/dev/null
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 60
fsync = on
synchronous_commit = on
CONF
    echo "pg-local: initialised $data (port $port)"
    ;;
  start)
    pg_ctl -l "$dir/server.log" -w -t 60 start >/dev/null
    echo "pg-local: started on 127.0.0.1:$port"
    ;;
  stop)
    pg_ctl -m fast -w stop >/dev/null
    echo "pg-local: stopped"
    ;;
  crash)
    pg_ctl -m immediate stop >/dev/null
    echo "pg-local: crashed (immediate stop; WAL recovery runs on the next start)"
    ;;
  restart)
    pg_ctl -m immediate -w -t 60 -l "$dir/server.log" restart >/dev/null
    echo "pg-local: crash-restarted"
    ;;
  fast-restart)
    pg_ctl -m fast -w -t 60 -l "$dir/server.log" restart >/dev/null
    echo "pg-local: restarted cleanly"
    ;;
  status)
    pg_ctl status
    ;;
  url)
    echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
    ;;
  *)
    echo "pg-local: unknown command '$cmd'" >&2
    exit 2
    ;;
esac
