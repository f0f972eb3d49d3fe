#!/usr/bin/env bash
# Pricing benchmarks (docs/performance.md, "Pricing"): loads the perf data set into a SQLite file once, then runs
# BenchmarkDotNet. Usage: bench/B2BPortal.Bench.Pricing/run.sh [BenchmarkDotNet args, default --filter '*']
set -euo pipefail
cd "$(dirname "$0")/../.."
export B2BPORTAL_BENCH_DB=${B2BPORTAL_BENCH_DB:-/tmp/b2bportal-perf.db}
if [ ! -f "$B2BPORTAL_BENCH_DB" ]; then
  echo "Loading the perf data set into $B2BPORTAL_BENCH_DB (100,000 products, 500 companies, 1,000 price lists)…"
  ASPNETCORE_ENVIRONMENT=Development Jobs__RunInPortal=false Database__ConnectionString="Data Source=$B2BPORTAL_BENCH_DB" \
    dotnet run -c Release --project Portal --no-launch-profile -- seed-perf
fi
if [ $# -eq 0 ]; then set -- --filter '*'; fi
dotnet run -c Release --project bench/B2BPortal.Bench.Pricing -- "$@"
