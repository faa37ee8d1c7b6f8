using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExecutionLogsRunningAndInterrupted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_service_execution_logs_status",
                table: "service_execution_logs");

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "service_execution_logs",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldMaxLength: 10);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "finished_at",
                table: "service_execution_logs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "server_id",
                table: "service_execution_logs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_service_execution_logs_status",
                table: "service_execution_logs",
                sql: "status IN ('SUCCESS', 'FAILED', 'TIMEOUT', 'RUNNING', 'INTERRUPTED')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_service_execution_logs_status",
                table: "service_execution_logs");

            migrationBuilder.DropColumn(
                name: "finished_at",
                table: "service_execution_logs");

            migrationBuilder.DropColumn(
                name: "server_id",
                table: "service_execution_logs");

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "service_execution_logs",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AddCheckConstraint(
                name: "ck_service_execution_logs_status",
                table: "service_execution_logs",
                sql: "status IN ('SUCCESS', 'FAILED', 'TIMEOUT')");
        }
    }
}
