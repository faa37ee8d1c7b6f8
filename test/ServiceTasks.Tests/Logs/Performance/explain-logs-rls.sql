-- The same plans under row-level security, as the service sees them: a role the policy binds (the service's own role
-- owns the table under FORCE ROW LEVEL SECURITY; a non-owner is bound the same way), with app0's tenant setting on.
-- The query filter's parameters stay (false, app0), so the policy is a second condition beside the filter's.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'logs_perf_rls') THEN
    CREATE ROLE logs_perf_rls NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
GRANT SELECT ON service_execution_logs TO logs_perf_rls;
SET ROLE logs_perf_rls;
SELECT set_config('servicetasks.app_uuid', md5('app0')::uuid::text, false), set_config('servicetasks.all_apps', 'off', false) \gset
\ir explain-logs.sql
