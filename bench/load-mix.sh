#!/usr/bin/env bash
# The load mix (docs/performance.md, "Load mix"), per provider (SQLite, PostgreSQL):
#   1. builds Portal and bench/B2BPortal.Bench.Load in Release; loads the perf set (100,002 products, 500 companies,
#      60 perf buyers) into a fresh SQLite file and a PostgreSQL database on a throwaway cluster (bench/perf-database.sh);
#   2. starts the Portal on Kestrel (loopback, plain http, Production settings, jobs off);
#   3. the ceiling: the same tool, same users, against GET /health/live, then GET /Catalog (first page) only;
#   4. the mix: 50 buyers of different companies, closed loops, every request drawn afresh (searches for words of their
#      own catalog with a sort and a page, category pages, product pages, cart pages, add-to-cart, checkouts):
#      p50/p95/p99 per kind, requests/s, 4xx, errors, the Portal's CPU per request and memory;
#   5. with BENCH_SOAK=<seconds> (e.g. 600) on the last provider, the mix again for that long: memory first vs last third.
# The load tool runs on the same 2 cores as the Portal (and PostgreSQL), as the issue asks; its times are client-side.
# Usage: bench/load-mix.sh   (as root, or a user that can run PostgreSQL's binaries)
# Knobs: BENCH_USERS (50), BENCH_DURATION (60), BENCH_WARMUP (20), BENCH_PROVIDERS ("Sqlite PostgreSQL"), BENCH_SOAK (0),
#        BENCH_WORK (keep and reuse the databases), BENCH_SKIP_BUILD=1, BENCH_HTTP_PORT (5097).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTTP_PORT=${BENCH_HTTP_PORT:-5097}
USERS=${BENCH_USERS:-50}
DURATION=${BENCH_DURATION:-60}
WARMUP=${BENCH_WARMUP:-20}
PROVIDERS=${BENCH_PROVIDERS:-"Sqlite PostgreSQL"}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/b2bportal-load.XXXXXX)}
mkdir -p "$WORK"
PORTAL_PID=""
# shellcheck source=bench/perf-database.sh
. "$ROOT/bench/perf-database.sh"
cleanup() {
  if [ -n "$PORTAL_PID" ]; then kill "$PORTAL_PID" 2>/dev/null || true; wait "$PORTAL_PID" 2>/dev/null || true; fi
  perf_cleanup
}
trap cleanup EXIT

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  dotnet build "$ROOT/Portal" -c Release -v q -nologo
  dotnet build "$ROOT/bench/B2BPortal.Bench.Load" -c Release -v q -nologo
fi
LOAD_DLL="$ROOT/bench/B2BPortal.Bench.Load/bin/Release/net10.0/B2BPortal.Bench.Load.dll"
load() { dotnet "$LOAD_DLL" --url "http://127.0.0.1:$HTTP_PORT" --users "$USERS" --portal-pid "$PORTAL_PID" "$@"; }

last=${PROVIDERS##* }
for provider in $PROVIDERS; do
  perf_database "$provider"
  echo "== $provider: Kestrel on 127.0.0.1:$HTTP_PORT, Production settings"
  if curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/"; then echo "port $HTTP_PORT is already in use" >&2; exit 1; fi
  (cd "$ROOT/Portal/bin/Release/net10.0" && exec env DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider="$provider" Jobs__RunInPortal=false Identity__SignInAttemptsPerMinute=1000 ASPNETCORE_URLS="http://127.0.0.1:$HTTP_PORT" \
    Database__ConnectionString="$(connection_for "$provider")" dotnet "$PORTAL_DLL") > "$WORK/portal-$provider.log" 2>&1 &
  PORTAL_PID=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null && break; sleep 0.5; done
  curl -fs "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null || { cat "$WORK/portal-$provider.log"; exit 1; }

  status=0
  load --mode health --duration 20 --warmup 10 --label "$provider ceiling" | tee "$WORK/ceiling-health-$provider.txt" || status=$?
  load --mode catalog --duration 20 --warmup 10 --label "$provider catalog" | tee "$WORK/ceiling-catalog-$provider.txt" || status=$?
  load --mode mix --duration "$DURATION" --warmup "$WARMUP" --label "$provider mix" | tee "$WORK/mix-$provider.txt" || status=$?
  if [ "${BENCH_SOAK:-0}" -gt 0 ] && [ "$provider" = "$last" ]; then
    load --mode mix --duration "$BENCH_SOAK" --warmup 0 --label "$provider soak" | tee "$WORK/soak-$provider.txt" || status=$?
  fi
  health=$(grep -o '= [0-9]* requests/s' "$WORK/ceiling-health-$provider.txt" | grep -o '[0-9]*')
  catalog=$(grep -o '= [0-9]* requests/s' "$WORK/ceiling-catalog-$provider.txt" | grep -o '[0-9]*')
  echo "-- $provider: catalog first page at $catalog of the ceiling's $health requests/s = $((100 * catalog / health)) %"

  kill "$PORTAL_PID"; wait "$PORTAL_PID" 2>/dev/null || true; PORTAL_PID=""
  while curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/"; do sleep 0.2; done
  [ "$status" = 0 ] || echo "!! $provider: the load tool saw errors (5xx or failed connections); see above" >&2
done
echo "Results and logs in $WORK"
