using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <summary>
    /// Wakes the clients that wait for a task's result (GET /api/service-tasks/{id}?wait_seconds=N): when an update
    /// moves a task to COMPLETED, FAILED or CANCELLED, the same statement queues a NOTIFY on the channel
    /// <c>service_task_terminal</c> with the task id as payload. PostgreSQL delivers it at commit (never for a rolled
    /// back move) to every process listening, so every process's waiters wake, at no extra round trip for the writer,
    /// whichever code path made the move.
    /// </summary>
    public partial class NotifyTerminalTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
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
            migrationBuilder.Sql(
                """
                CREATE TRIGGER service_tasks_notify_terminal
                    AFTER UPDATE OF status ON service_tasks
                    FOR EACH ROW
                    WHEN (NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND OLD.status IS DISTINCT FROM NEW.status)
                    EXECUTE FUNCTION notify_service_task_terminal();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS service_tasks_notify_terminal ON service_tasks;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS notify_service_task_terminal();");
        }
    }
}
