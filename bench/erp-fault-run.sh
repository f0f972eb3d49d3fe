#!/usr/bin/env bash
# ERP faults end to end at full size (docs/performance.md, "ERP fault run"): the cluster's fault run
# (tests/B2BPortal.Cluster, ErpFaultRunTests) with 1,000 orders placed through the API on two Portal nodes while the
# Jobs worker exports them to the standalone fake Business Central (tests/B2BPortal.FakeErp: lost answers after
# creating, 503/429 with Retry-After, tokens expiring after 20 s, cut-off lookup pages) and is SIGKILLed three times.
# It prints the orders placed, where each kill landed, the faults injected and the time to the last order; it fails if
# any order is missing from the ERP, is there twice, or was dead-lettered.
# The test command runs the same test small (100 orders, one kill).
# Usage: bench/erp-fault-run.sh   (PostgreSQL: B2BPORTAL_TEST_POSTGRES, else a throwaway cluster is started)
# Knobs: B2BPORTAL_FAULT_RUN_ORDERS (1000), B2BPORTAL_FAULT_RUN_KILLS (3), BENCH_SKIP_BUILD=1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export B2BPORTAL_FAULT_RUN_ORDERS=${B2BPORTAL_FAULT_RUN_ORDERS:-1000}
export B2BPORTAL_FAULT_RUN_KILLS=${B2BPORTAL_FAULT_RUN_KILLS:-3}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  dotnet build "$ROOT/tests/B2BPortal.Cluster" -c Release -nologo -clp:ErrorsOnly
fi
log=$(mktemp /tmp/erp-fault-run.XXXXXX.log)
status=0
dotnet test "$ROOT/tests/B2BPortal.Cluster" -c Release --no-build \
  --filter "FullyQualifiedName~ErpFaultRunTests" --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
grep -E "orders placed|Kill [0-9]|All in the ERP|Passed |Failed |Error Message|Assert" "$log" || true
echo "full log: $log"
exit $status
