#!/usr/bin/env bash
# The one test command (README, CI): installs what the tests need when missing, starts a throwaway
# PostgreSQL on a loopback port, runs every test suite in B2BPortal.sln, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")"

# 1. Prerequisites from Debian's packages: PostgreSQL (database tests) and Chromium (browser tests).
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing ${missing[*]}; run as root to install them, or install them yourself" >&2
    exit 1
  fi
fi

# 2. A throwaway PostgreSQL cluster: temporary folder, loopback, no fsync; stopped on exit whatever happens.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdata=$(mktemp -d /tmp/b2bportal-pg.XXXXXX)
port=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$pgdata"
  as_pg=(runuser -u postgres --)
fi
stop_pg() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdata"
}
trap stop_pg EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --no-sync >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -w -l "$pgdata/server.log" \
  -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
export B2BPORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
echo "test.sh: PostgreSQL on 127.0.0.1:$port"

# 3. Every suite: unit, integration (SQLite + PostgreSQL), pages/API, SpecFlow specs, browser end-to-end.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet build B2BPortal.sln -c Release -nologo -clp:ErrorsOnly
dotnet test B2BPortal.sln -c Release --no-build --blame-hang-timeout 10m --logger "console;verbosity=minimal"
