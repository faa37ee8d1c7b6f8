using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServiceTasksStatusUpdatesWithoutIndexWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_service_tasks_service_config_id_status",
                table: "service_tasks");

            migrationBuilder.AlterTable(
                name: "service_tasks")
                .Annotation("Npgsql:StorageParameter:fillfactor", 90);

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_service_config_id_completed_at",
                table: "service_tasks",
                columns: new[] { "service_config_id", "completed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_unfinished",
                table: "service_tasks",
                column: "created_at",
                filter: "completed_at IS NULL");

            // An unfinished task has no completion time; a row left otherwise by older code would refuse the check.
            migrationBuilder.Sql("UPDATE service_tasks SET completed_at = NULL WHERE status IN ('PENDING', 'RUNNING') AND completed_at IS NOT NULL;");
            migrationBuilder.AddCheckConstraint(
                name: "ck_service_tasks_unfinished_not_completed",
                table: "service_tasks",
                sql: "status NOT IN ('PENDING', 'RUNNING') OR completed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_service_tasks_service_config_id_completed_at",
                table: "service_tasks");

            migrationBuilder.DropIndex(
                name: "ix_service_tasks_unfinished",
                table: "service_tasks");

            migrationBuilder.DropCheckConstraint(
                name: "ck_service_tasks_unfinished_not_completed",
                table: "service_tasks");

            migrationBuilder.AlterTable(
                name: "service_tasks")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 90);

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_service_config_id_status",
                table: "service_tasks",
                columns: new[] { "service_config_id", "status" });
        }
    }
}
