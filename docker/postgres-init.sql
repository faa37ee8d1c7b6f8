-- Run once by the postgres image on an empty volume (/docker-entrypoint-initdb.d). The service connects as its own
-- role, neither a superuser nor BYPASSRLS, that owns its database, so row-level security binds it (docs/reliability.md).
CREATE ROLE servicetasks LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'servicetasks';
CREATE DATABASE servicetasks OWNER servicetasks;
