#!/usr/bin/env bash
# End-to-end catalog benchmark (docs/performance.md, "Catalog search"):
#   1. builds Portal and bench/B2BPortal.Bench in Release;
#   2. loads the perf set (100,002 products, 500 companies) into a fresh SQLite file and into a PostgreSQL
#      database on a throwaway cluster (initdb/pg_ctl on a loopback port, removed at exit);
#   3. measures CatalogSearch server time in-process for a signed-in buyer's company (median/p95/p99);
#   4. per provider, starts the Portal on Kestrel (loopback only), signs in as buyer@acme.example through the
#      real login form, and drives GET /Catalog?q=... with wrk, bounded in time: requests/s and p50/p95/p99.
# Usage: bench/catalog-load.sh            (as root, or a user that can run PostgreSQL's binaries)
# Knobs: BENCH_DURATION (15s), BENCH_WARMUP (20s per page), BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_PROVIDERS ("Sqlite PostgreSQL"),
#        BENCH_WORK (a folder to keep the databases in and reuse them on the next run), BENCH_SKIP_BUILD=1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTTP_PORT=${BENCH_HTTP_PORT:-5099}
DURATION=${BENCH_DURATION:-15s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
PROVIDERS=${BENCH_PROVIDERS:-"Sqlite PostgreSQL"}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/b2bportal-bench.XXXXXX)}
BUYER=buyer@acme.example
PASSWORD=Portal-Demo-2026
mkdir -p "$WORK"
PORTAL_PID=""

# shellcheck source=bench/perf-database.sh
. "$ROOT/bench/perf-database.sh"
cleanup() {
  if [ -n "$PORTAL_PID" ]; then kill "$PORTAL_PID" 2>/dev/null || true; wait "$PORTAL_PID" 2>/dev/null || true; fi
  perf_cleanup
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  dotnet build "$ROOT/Portal" -c Release -v q -nologo
  dotnet build "$ROOT/bench/B2BPortal.Bench" -c Release -v q -nologo
fi
BENCH_DLL="$ROOT/bench/B2BPortal.Bench/bin/Release/net10.0/B2BPortal.Bench.dll"

portal_env() { # provider: the settings every Portal run here uses
  echo DOTNET_ENVIRONMENT=$ENVIRONMENT ASPNETCORE_ENVIRONMENT=$ENVIRONMENT Database__Provider=$1 Jobs__RunInPortal=false
}

for provider in $PROVIDERS; do
  perf_database "$provider"

  echo "== $provider: CatalogSearch server time"
  dotnet "$BENCH_DLL" --provider "$provider" --connection "$(connection_for "$provider")" --iterations "${BENCH_ITERATIONS:-200}" | tee "$WORK/search-$provider.txt"

  echo "== $provider: Kestrel on 127.0.0.1:$HTTP_PORT, Production settings"
  if curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/"; then echo "port $HTTP_PORT is already in use" >&2; exit 1; fi
  ENVIRONMENT=Production
  # exec: $! is then the Portal's own PID, so the kill at the end stops the Portal, not only a subshell.
  (cd "$ROOT/Portal/bin/Release/net10.0" && exec env $(portal_env "$provider") ASPNETCORE_URLS="http://127.0.0.1:$HTTP_PORT" \
    Database__ConnectionString="$(connection_for "$provider")" dotnet "$PORTAL_DLL") > "$WORK/portal-$provider.log" 2>&1 &
  PORTAL_PID=$!
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null && break; sleep 0.5; done
  curl -fs "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null || { cat "$WORK/portal-$provider.log"; exit 1; }

  # A real sign-in through the form (anti-forgery token included); wrk replays the resulting cookies.
  jar="$WORK/cookies-$provider.txt"; rm -f "$jar"
  token=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$HTTP_PORT/Account/Login" \
    | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "Input.Email=$BUYER" --data-urlencode "Input.Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token" \
    "http://127.0.0.1:$HTTP_PORT/Account/Login")
  [ "$status" = 302 ] || { echo "sign-in failed: HTTP $status" >&2; exit 1; }
  cookie=$(awk -F'\t' '!/^# / && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")

  sku=$(grep -o 'SKU exact [A-Z0-9-]*' "$WORK/search-$provider.txt" | awk '{print $3}')
  paths=("/Catalog?q=grinder" "/Catalog" "/Catalog?q=$sku" "/Catalog?q=premium&sort=PriceAscending")
  for path in "${paths[@]}"; do
    page=$(curl -s -w '\n%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$HTTP_PORT$path")
    [ "$(tail -n1 <<<"$page")" = 200 ] && grep -q 'data-testid="results"' <<<"$page" \
      || { echo "GET $path did not return a result page for the buyer" >&2; exit 1; }
  done
  # Warm-up over every page first: a long-running server has its hot code re-jitted (tiered compilation, PGO)
  # and its facet cache filled; a cold one measures the JIT.
  for path in "${paths[@]}"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${BENCH_WARMUP:-20s}" -H "Cookie: $cookie" -H "Accept-Encoding: br, gzip" "http://127.0.0.1:$HTTP_PORT$path" >/dev/null
  done
  for path in "${paths[@]}"; do
    echo "-- $provider GET $path: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, compressed (br), load average $(cut -d' ' -f1 /proc/loadavg)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -H "Cookie: $cookie" -H "Accept-Encoding: br, gzip" \
      -s "$ROOT/bench/wrk-report.lua" "http://127.0.0.1:$HTTP_PORT$path" | tail -n1 | tee -a "$WORK/load-$provider.txt"
  done

  kill "$PORTAL_PID"; wait "$PORTAL_PID" 2>/dev/null || true; PORTAL_PID=""
  while curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/"; do sleep 0.2; done
done
echo "Results and logs in $WORK"
