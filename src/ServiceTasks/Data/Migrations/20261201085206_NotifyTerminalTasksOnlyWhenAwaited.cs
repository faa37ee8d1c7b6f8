using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <summary>
    /// A terminal move notifies only when somebody waits for that task. Every NOTIFY wakes every backend of the
    /// database that listens on any channel — Hangfire's idle long-polling fetchers among them — and each woken backend
    /// runs a transaction to read the queue: measured, 16–20 transactions per finished task that nobody waited for.
    /// A waiting request now writes its task id to the unlogged table awaited_tasks before it reads the task (and
    /// removes it after); the trigger function looks the id up and stays silent when it is absent. Unlogged: the rows
    /// live for the length of a request and mean nothing after a crash, so they need no WAL.
    /// </summary>
    public partial class NotifyTerminalTasksOnlyWhenAwaited : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE UNLOGGED TABLE awaited_tasks (
                    waiter_id uuid PRIMARY KEY,
                    task_id uuid NOT NULL,
                    since timestamp with time zone NOT NULL DEFAULT now());
                CREATE INDEX ix_awaited_tasks_task_id ON awaited_tasks (task_id);
                """);
            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION notify_service_task_terminal() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF EXISTS (SELECT 1 FROM awaited_tasks WHERE task_id = NEW.id) THEN
                        PERFORM pg_notify('service_task_terminal', NEW.id::text);
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION notify_service_task_terminal() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    PERFORM pg_notify('service_task_terminal', NEW.id::text);
                    RETURN NULL;
                END
                $fn$;
                """);
            migrationBuilder.Sql("DROP TABLE IF EXISTS awaited_tasks;");
        }
    }
}
