-- :rows execution log rows (psql -v rows=1000000; the benchmark's P5 substitutes its own count) across 3 apps and
-- 50 services, 30 days, in time order (as the table grows). Service n belongs to app n % 3. Statuses about 90%
-- SUCCESS, 7% FAILED, 3% TIMEOUT; 3 attempts per task, about 20 rows per workflow instance at 1,000,000 rows.
-- Deterministic apart from random() (seeded). The single source of this data set: LogRows.cs in the benchmark reads it.
SELECT setseed(0.42);
INSERT INTO service_execution_logs (app_uuid, service_task_id, service_config_id, service_name, instance_id, status,
    request_data, response_data, response_truncated, error_message, execution_time_ms, http_status_code, retry_attempt, created_at)
SELECT md5('app' || (g % 50) % 3)::uuid,
       md5('task' || g / 3)::uuid,
       md5('svc' || g % 50)::uuid,
       'Service-' || g % 50,
       'wf-' || g % 50000,
       s.status,
       jsonb_build_object('method', 'POST', 'url', 'https://api.example.com/svc/' || g % 50,
                          'headers', jsonb_build_object('Authorization', '***'), 'body', jsonb_build_object('order', g, 'amount', g % 1000)),
       CASE WHEN s.status = 'SUCCESS' THEN jsonb_build_object('id', g, 'state', 'accepted') END,
       false,
       CASE s.status WHEN 'FAILED' THEN 'HTTP 503 Service Unavailable' WHEN 'TIMEOUT' THEN 'No answer within 30 s' END,
       CASE WHEN s.status = 'TIMEOUT' THEN 30000 ELSE 20 + (random() * 480)::int END,
       CASE s.status WHEN 'SUCCESS' THEN 200 WHEN 'FAILED' THEN 503 END,
       g % 3,
       timestamptz '2026-01-01 00:00:00+00' + g * (interval '30 days' / :rows)
FROM generate_series(1, :rows) AS g
CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.90 THEN 'SUCCESS' WHEN r < 0.97 THEN 'FAILED' ELSE 'TIMEOUT' END AS status
                    FROM (SELECT random() + g * 0 AS r) AS x) AS s;
