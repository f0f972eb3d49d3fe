#!/usr/bin/env bash
# CPU time per catalog request (docs/performance.md): starts the Release Portal on a perf database, signs in as
# buyer@acme.example, warms each page up with wrk (15 s, 8 connections), then measures 10 s on one connection and
# divides the CPU the Portal process (and, for PostgreSQL, the postgres processes) used by the requests served.
# Usage: bench/cpu-per-request.sh <Sqlite|PostgreSQL> <connection string> <path> [path ...]
#   e.g. bench/cpu-per-request.sh Sqlite "Data Source=/tmp/perf/perf.db" /Catalog "/Catalog?q=grinder"
# The first path also absorbs the JIT's tiering: measure a throwaway path first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROVIDER=$1; CONNECTION=$2; shift 2
PORT=${BENCH_HTTP_PORT:-5098}
PORTAL_DIR=${PORTAL_DIR:-$ROOT/Portal/bin/Release/net10.0}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$PORTAL_DIR/B2BPortal.Portal.dll" ] || dotnet build "$ROOT/Portal" -c Release -v q -nologo
cd "$PORTAL_DIR"
env DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production Database__Provider="$PROVIDER" Jobs__RunInPortal=false \
  ASPNETCORE_URLS="http://127.0.0.1:$PORT" Database__ConnectionString="$CONNECTION" dotnet B2BPortal.Portal.dll > /tmp/cpu-per-request-portal.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
jar=$(mktemp)
token=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Input.Email=buyer@acme.example" --data-urlencode "Input.Password=Portal-Demo-2026" \
  --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$PORT/Account/Login"
cookie=$(awk -F'\t' '!/^# / && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")
ticks() { # CPU clock ticks: the Portal, and all postgres processes
  local portal pg=0
  portal=$(awk '{print $14+$15}' "/proc/$PID/stat")
  for p in $(pgrep -u postgres postgres || true); do pg=$((pg + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$portal $pg"
}
hz=$(getconf CLK_TCK)
for path in "$@"; do
  wrk -t2 -c8 -d15s -H "Cookie: $cookie" -H "Accept-Encoding: br, gzip" "http://127.0.0.1:$PORT$path" > /dev/null
  read -r a1 b1 < <(ticks)
  out=$(wrk -t1 -c1 -d10s -H "Cookie: $cookie" -H "Accept-Encoding: br, gzip" "http://127.0.0.1:$PORT$path")
  read -r a2 b2 < <(ticks)
  n=$(grep -o '[0-9]* requests in' <<<"$out" | awk '{print $1}')
  awk -v p="$path" -v n="$n" -v a=$((a2 - a1)) -v b=$((b2 - b1)) -v hz="$hz" \
    'BEGIN { printf "%s: %d requests; Portal CPU %.2f ms/request; PostgreSQL CPU %.2f ms/request\n", p, n, a * 1000 / hz / n, b * 1000 / hz / n }'
done
