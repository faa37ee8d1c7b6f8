using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class TaskJobOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempt_budget_start",
                table: "service_tasks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "callback_job_id",
                table: "service_tasks",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_without_callback",
                table: "service_tasks",
                column: "completed_at",
                filter: "callback_job_id IS NULL AND completed_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_without_job",
                table: "service_tasks",
                column: "created_at",
                filter: "hangfire_job_id IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_service_tasks_without_callback",
                table: "service_tasks");

            migrationBuilder.DropIndex(
                name: "ix_service_tasks_without_job",
                table: "service_tasks");

            migrationBuilder.DropColumn(
                name: "attempt_budget_start",
                table: "service_tasks");

            migrationBuilder.DropColumn(
                name: "callback_job_id",
                table: "service_tasks");
        }
    }
}
