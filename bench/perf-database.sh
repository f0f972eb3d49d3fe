# Sourced by the end-to-end benchmarks (catalog-load.sh, load-mix.sh): the perf data set in a SQLite file and in a
# PostgreSQL database on a throwaway cluster under $WORK (initdb/pg_ctl on a loopback port, stopped by perf_cleanup).
# Needs ROOT, WORK; knobs PGBIN, BENCH_PG_PORT.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGPORT=${BENCH_PG_PORT:-55483}
PORTAL_DLL="$ROOT/Portal/bin/Release/net10.0/B2BPortal.Portal.dll"

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

perf_cleanup() {
  if [ -f "$WORK/pg/data/postmaster.pid" ]; then as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null || true; fi
}

connection_for() {
  case "$1" in
    Sqlite) echo "Data Source=$WORK/perf.db" ;;
    PostgreSQL) echo "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=perf" ;;
  esac
}

# perf_database <provider>: starts PostgreSQL when asked for, and loads the perf set (skipped when already loaded).
perf_database() {
  local provider=$1
  if [ "$provider" = PostgreSQL ]; then
    if [ ! -d "$WORK/pg/data" ]; then
      mkdir -p "$WORK/pg" && chown postgres "$WORK/pg" 2>/dev/null || true
      as_postgres "$PGBIN/initdb" -D "$WORK/pg/data" -A trust -U postgres >/dev/null
    fi
    if [ ! -f "$WORK/pg/data/postmaster.pid" ]; then
      as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -w -l "$WORK/pg/log" \
        -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c fsync=off -c synchronous_commit=off" start >/dev/null
    fi
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='perf'" | grep -q 1 \
      || psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE perf"
  fi
  echo "== $provider: loading the perf set (skipped when already loaded)"
  (cd "$ROOT/Portal/bin/Release/net10.0" && env DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development Database__Provider="$provider" \
    Jobs__RunInPortal=false Database__ConnectionString="$(connection_for "$provider")" dotnet "$PORTAL_DLL" seed-perf) > "$WORK/seed-$provider.log" 2>&1 \
    || { cat "$WORK/seed-$provider.log"; return 1; }
}
