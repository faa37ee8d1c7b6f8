using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class LogsQueryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_service_execution_logs_app_uuid_instance_id_created_at",
                table: "service_execution_logs");

            migrationBuilder.AddColumn<string>(
                name: "service_name_key",
                table: "service_execution_logs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                computedColumnSql: "lower(service_name)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_app_uuid",
                table: "service_execution_logs",
                column: "app_uuid");

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_app_uuid_instance_id_created_at_id",
                table: "service_execution_logs",
                columns: new[] { "app_uuid", "instance_id", "created_at", "id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_app_uuid_service_name_key_created_at",
                table: "service_execution_logs",
                columns: new[] { "app_uuid", "service_name_key", "created_at", "id" },
                descending: new[] { false, false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_service_execution_logs_app_uuid",
                table: "service_execution_logs");

            migrationBuilder.DropIndex(
                name: "ix_service_execution_logs_app_uuid_instance_id_created_at_id",
                table: "service_execution_logs");

            migrationBuilder.DropIndex(
                name: "ix_service_execution_logs_app_uuid_service_name_key_created_at",
                table: "service_execution_logs");

            migrationBuilder.DropColumn(
                name: "service_name_key",
                table: "service_execution_logs");

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_app_uuid_instance_id_created_at",
                table: "service_execution_logs",
                columns: new[] { "app_uuid", "instance_id", "created_at" });
        }
    }
}
