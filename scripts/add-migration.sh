#!/usr/bin/env bash
# Adds a migration with the same name to each provider's migrations set.
# Usage: scripts/add-migration.sh <Name>
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for pair in Sqlite:SqlitePortalDbContext PostgreSql:PostgresPortalDbContext SqlServer:SqlServerPortalDbContext; do
  dir=${pair%%:*}; ctx=${pair##*:}
  dotnet ef migrations add "$name" --project Integration --startup-project Integration \
    --context "$ctx" --output-dir "Persistence/Migrations/$dir"
done
