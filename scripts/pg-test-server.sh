#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL 15 server for the store tests.
#
#   scripts/pg-test-server.sh start DIR   initdb into a fresh temporary directory, listen on
#                                         127.0.0.1 on a free port, write the connection URL
#                                         to DIR/url (and the data directory to DIR/datadir)
#   scripts/pg-test-server.sh stop DIR    stop the server, delete its data and DIR
#
# PostgreSQL refuses to run as root: when run as root the server runs as the 'postgres'
# user (created by the postgresql-15 package). Its data lives under $TMPDIR (/tmp), not in
# DIR, so that it works even when DIR's parents are closed to other users (/root/...). Fails loudly (exit 1)
# when the server binaries are missing: install them with scripts/setup.sh.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

bindir=${TALON_PG_BINDIR:-/usr/lib/postgresql/15/bin}
if [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "pg-test-server: PostgreSQL 15 server binaries not found in $bindir" \
    "(install postgresql-15: scripts/setup.sh)" >&2
  exit 1
fi

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    if [ -f "$dir/url" ]; then
      "$0" stop "$dir" || true
    fi
    mkdir -p "$dir"
    data=$(mktemp -d "${TMPDIR:-/tmp}/talon-pg.XXXXXX")
    chmod 755 "$data"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data"; fi
    echo "$data" >"$dir/datadir"
    as_server_user "$bindir/initdb" -D "$data/data" -U talon --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # The superuser 'talon' connects without a password (the tests' admin); every other role
    # must authenticate with a password (SCRAM), as an application role does in production.
    as_server_user sh -c "printf '%s\n' 'local all all trust' \
      'host all talon 127.0.0.1/32 trust' 'host all all 127.0.0.1/32 scram-sha-256' \
      >'$data/data/pg_hba.conf'"
    # A port derived from the directory, then the next ones until one is free.
    port=$((20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000))
    for _ in $(seq 1 50); do
      if as_server_user "$bindir/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=40" \
        start >/dev/null 2>&1; then
        echo "postgresql://talon@127.0.0.1:$port/postgres" >"$dir/url"
        chmod a+r "$dir/url"
        cat "$dir/url"
        exit 0
      fi
      port=$((port + 1))
    done
    cat "$data/server.log" >&2 || true
    echo "pg-test-server: could not start PostgreSQL on 127.0.0.1" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/datadir" ]; then
      data=$(cat "$dir/datadir")
      if [ -d "$data/data" ]; then
        as_server_user "$bindir/pg_ctl" -D "$data/data" -m fast -w stop >/dev/null 2>&1 || true
      fi
      case "$data" in */talon-pg.*) rm -rf "$data" ;; esac
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
