#!/usr/bin/env bash
# Loads 1,000,000 execution log rows into a fresh database built from sql/schema.sql and prints the query plans
# of the logs API (docs/logs-performance.md), then the same plans under row-level security. Not part of the test run.
#   explain-logs.sh                  a throwaway PostgreSQL cluster in a temp folder (server binaries needed)
#   explain-logs.sh postgresql://... an existing server; creates and drops the database logs_perf on it
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
as_pg=()

if [ $# -ge 1 ]; then
  server=$1
else
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  work=$(mktemp -d)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  [ "$(id -u)" = 0 ] && { chown postgres "$work"; as_pg=(runuser -u postgres --); }
  "${as_pg[@]}" "$bin/initdb" -D "$work/data" -U postgres -A trust --no-instructions >/dev/null
  "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/log" -w start \
    -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c fsync=off" >/dev/null
  trap '"${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null; rm -rf "$work"' EXIT
  server="postgresql://postgres@127.0.0.1:$port/postgres"
fi

psql -Xq "$server" -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS logs_perf" -c "CREATE DATABASE logs_perf"
export LOGS_PERF_DB=${server%/*}/logs_perf
psql -Xq "$LOGS_PERF_DB" -v ON_ERROR_STOP=1 -f "$root/sql/schema.sql" >/dev/null
echo "--- generating (one INSERT ... SELECT generate_series)"
psql -X "$LOGS_PERF_DB" -v ON_ERROR_STOP=1 -v rows=1000000 -c '\timing on' -f "$here/generate-logs.sql"
psql -X "$LOGS_PERF_DB" -v ON_ERROR_STOP=1 -c "VACUUM ANALYZE service_execution_logs" -c "
  SELECT count(*) AS rows, pg_size_pretty(pg_total_relation_size('service_execution_logs')) AS with_indexes,
         pg_size_pretty(pg_relation_size('service_execution_logs')) AS heap FROM service_execution_logs"
psql -X "$LOGS_PERF_DB" -v ON_ERROR_STOP=1 -o /dev/null -f "$here/explain-logs.sql" # warm the cache
psql -X "$LOGS_PERF_DB" -v ON_ERROR_STOP=1 -f "$here/explain-logs.sql"
echo "--- the same, under row-level security (explain-logs-rls.sql)"
psql -X "$LOGS_PERF_DB" -v ON_ERROR_STOP=1 -o /dev/null -f "$here/explain-logs-rls.sql" # warm the cache
psql -X "$LOGS_PERF_DB" -v ON_ERROR_STOP=1 -f "$here/explain-logs-rls.sql"
if [ $# -ge 1 ]; then psql -Xq "$server" -c "DROP DATABASE logs_perf"; fi
