using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class DropLogCountIndexByAppAndStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_service_execution_logs_app_uuid_status",
                table: "service_execution_logs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_app_uuid_status",
                table: "service_execution_logs",
                columns: new[] { "app_uuid", "status" });
        }
    }
}
