-- The statements the logs API sends (EF's SQL text; stats as in LogStats.cs), prepared with parameters as Npgsql
-- sends them, then EXPLAIN (ANALYZE, BUFFERS)-ed for app0 (about 340,000 of the 1,000,000 rows).
-- $1/$2 are the global query filter's (all_apps, app_uuid) pair, false for an admin key.
\set app '''' `psql -XAtqc "SELECT md5('app0')::uuid" "$LOGS_PERF_DB"` ''''
\set svc '''' `psql -XAtqc "SELECT md5('svc3')::uuid" "$LOGS_PERF_DB"` ''''
\set cols 's.id, s.service_task_id, s.service_config_id, s.service_name, s.instance_id, s.status, s.error_message, s.execution_time_ms, s.http_status_code, s.retry_attempt, s.created_at'

PREPARE count_all(boolean, uuid) AS
  SELECT count(*)::int FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2);
PREPARE page_all(boolean, uuid, integer, integer) AS
  SELECT :cols FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2)
  ORDER BY s.created_at DESC, s.id DESC LIMIT $3 OFFSET $4;
PREPARE page_all_after(boolean, uuid, timestamptz, bigint, integer) AS
  SELECT :cols FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2) AND (s.created_at, s.id) < ($3, $4)
  ORDER BY s.created_at DESC, s.id DESC LIMIT $5;
PREPARE count_status(boolean, uuid, text) AS
  SELECT count(*)::int FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2) AND s.status = $3;
PREPARE page_status(boolean, uuid, text, integer, integer) AS
  SELECT :cols FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2) AND s.status = $3
  ORDER BY s.created_at DESC, s.id DESC LIMIT $4 OFFSET $5;
PREPARE page_status_after(boolean, uuid, text, timestamptz, bigint, integer) AS
  SELECT :cols FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2) AND s.status = $3 AND (s.created_at, s.id) < ($4, $5)
  ORDER BY s.created_at DESC, s.id DESC LIMIT $6;
PREPARE count_name(boolean, uuid, text) AS
  SELECT count(*)::int FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2) AND s.service_name_key = $3;
PREPARE page_name(boolean, uuid, text, integer, integer) AS
  SELECT :cols FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2) AND s.service_name_key = $3
  ORDER BY s.created_at DESC, s.id DESC LIMIT $4 OFFSET $5;
PREPARE count_instance(boolean, uuid, text) AS
  SELECT count(*)::int FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2) AND s.instance_id = $3;
PREPARE page_instance(boolean, uuid, text, integer, integer) AS
  SELECT :cols FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2) AND s.instance_id = $3
  ORDER BY s.created_at DESC, s.id DESC LIMIT $4 OFFSET $5;
PREPARE page_task(boolean, uuid, uuid, integer, integer) AS
  SELECT :cols FROM service_execution_logs AS s WHERE ($1 OR s.app_uuid = $2) AND s.service_task_id = $3
  ORDER BY s.created_at DESC, s.id DESC LIMIT $4 OFFSET $5;
PREPARE count_config_day(boolean, uuid, uuid, timestamptz, timestamptz) AS
  SELECT count(*)::int FROM service_execution_logs AS s
  WHERE ($1 OR s.app_uuid = $2) AND s.service_config_id = $3 AND s.created_at >= $4 AND s.created_at < $5;
PREPARE page_config_day(boolean, uuid, uuid, timestamptz, timestamptz, integer, integer) AS
  SELECT :cols FROM service_execution_logs AS s
  WHERE ($1 OR s.app_uuid = $2) AND s.service_config_id = $3 AND s.created_at >= $4 AND s.created_at < $5
  ORDER BY s.created_at DESC, s.id DESC LIMIT $6 OFFSET $7;
PREPARE stats_items(boolean, uuid, timestamptz, timestamptz) AS
  SELECT service_config_id,
         (array_agg(service_name ORDER BY created_at DESC, id DESC))[1] AS service_name,
         count(*) AS total,
         count(*) FILTER (WHERE status = 'SUCCESS') AS succeeded,
         count(*) FILTER (WHERE status = 'FAILED') AS failed,
         count(*) FILTER (WHERE status = 'TIMEOUT') AS timed_out,
         (count(*) FILTER (WHERE status = 'SUCCESS'))::float8 / count(*) AS success_rate,
         avg(execution_time_ms)::float8 AS avg_ms,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY execution_time_ms) AS p95ms
  FROM service_execution_logs
  WHERE ($1 OR app_uuid = $2) AND created_at >= $3 AND created_at < $4
  GROUP BY service_config_id
  ORDER BY 2, 1;
PREPARE stats_hourly(boolean, uuid, timestamptz, timestamptz) AS
  SELECT date_trunc('hour', created_at, 'UTC') AS hour, status, count(*) AS count
  FROM service_execution_logs
  WHERE ($1 OR app_uuid = $2) AND created_at >= $3 AND created_at < $4
  GROUP BY 1, 2
  ORDER BY 1, 2;

-- The keyset positions 10,000 rows deep (the last row of the previous page).
SELECT created_at AS deep_at, id AS deep_id FROM service_execution_logs
  WHERE app_uuid = :app ORDER BY created_at DESC, id DESC OFFSET 9999 LIMIT 1 \gset
SELECT created_at AS deep_failed_at, id AS deep_failed_id FROM service_execution_logs
  WHERE app_uuid = :app AND status = 'FAILED' ORDER BY created_at DESC, id DESC OFFSET 9999 LIMIT 1 \gset
SELECT service_task_id AS task FROM service_execution_logs WHERE app_uuid = :app LIMIT 1 \gset

\set explain 'EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON)'
\set day_from '''2026-01-15 00:00:00+00'''
\set day_to '''2026-01-16 00:00:00+00'''

\echo === first page, no filter
:explain EXECUTE page_all(false, :app, 51, 0);
\echo === total_count, no filter
:explain EXECUTE count_all(false, :app);
\echo === first page, status=FAILED
:explain EXECUTE page_status(false, :app, 'FAILED', 51, 0);
\echo === total_count, status=FAILED
:explain EXECUTE count_status(false, :app, 'FAILED');
\echo === first page, service_name=service-3
:explain EXECUTE page_name(false, :app, 'service-3', 51, 0);
\echo === total_count, service_name=service-3
:explain EXECUTE count_name(false, :app, 'service-3');
\echo === first page, instance_id=wf-42
:explain EXECUTE page_instance(false, :app, 'wf-42', 51, 0);
\echo === total_count, instance_id=wf-42
:explain EXECUTE count_instance(false, :app, 'wf-42');
\echo === first page, service_task_id
:explain EXECUTE page_task(false, :app, :'task', 51, 0);
\echo === first page, service_config_id and one day
:explain EXECUTE page_config_day(false, :app, :svc, :day_from, :day_to, 51, 0);
\echo === total_count, service_config_id and one day
:explain EXECUTE count_config_day(false, :app, :svc, :day_from, :day_to);
\echo === 10,000 rows deep by OFFSET, no filter
:explain EXECUTE page_all(false, :app, 51, 10000);
\echo === 10,000 rows deep by cursor, no filter
:explain EXECUTE page_all_after(false, :app, :'deep_at', :deep_id, 51);
\echo === 10,000 rows deep by OFFSET, status=FAILED
:explain EXECUTE page_status(false, :app, 'FAILED', 51, 10000);
\echo === 10,000 rows deep by cursor, status=FAILED
:explain EXECUTE page_status_after(false, :app, 'FAILED', :'deep_failed_at', :deep_failed_id, 51);
\echo === stats items, one day
:explain EXECUTE stats_items(false, :app, :day_from, :day_to);
\echo === stats hourly, one day
:explain EXECUTE stats_hourly(false, :app, :day_from, :day_to);
\echo === stats items, all 30 days
:explain EXECUTE stats_items(false, :app, '2026-01-01', '2026-02-01');
