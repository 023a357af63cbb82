#!/usr/bin/env bash
# Starts or stops the throwaway PostgreSQL cluster of the test run. It listens on a Unix socket in
# DIR only (no TCP port to collide with), trusts local connections, and is removed on stop.
#   test-postgres.sh start DIR   -> prints nothing; the URL is postgresql://postgres@/DB?host=DIR
#   test-postgres.sh stop DIR
# For the reliability tests (tests/reliability), on a cluster of their own:
#   test-postgres.sh crash DIR     kill -9 the postmaster and every backend (a database crash)
#   test-postgres.sh restart DIR   start the crashed cluster again on its data (crash recovery)
#   test-postgres.sh pause DIR     SIGSTOP every process of the cluster (a hung database)
#   test-postgres.sh resume DIR    SIGCONT them
set -euo pipefail
action=${1:?usage: test-postgres.sh start|stop DIR}
dir=${2:?usage: test-postgres.sh start|stop DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/pg_ctl" ] || { echo "test-postgres: no PostgreSQL server found (run scripts/install-deps.sh)" >&2; exit 1; }

as_owner() {
  # initdb and postgres refuse to run as root: use the postgres account then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -k $dir -c max_connections=200" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    ;;
  crash | pause | resume)
    pid=$(head -n 1 "$dir/data/postmaster.pid")
    signal=$([ "$action" = crash ] && echo KILL || ([ "$action" = pause ] && echo STOP || echo CONT))
    # The postmaster last when pausing (it would restart its children), first otherwise.
    children=$(pgrep -P "$pid" || true)
    if [ "$action" = pause ]; then
      kill -s "$signal" $children 2>/dev/null || true
      kill -s "$signal" "$pid"
    else
      kill -s "$signal" "$pid"
      kill -s "$signal" $children 2>/dev/null || true
    fi
    if [ "$action" = crash ]; then
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    fi
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -c max_connections=200" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: test-postgres.sh start|stop DIR" >&2
    exit 2
    ;;
esac
