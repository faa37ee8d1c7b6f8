using System;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "apps",
                columns: table => new
                {
                    app_uuid = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    callback_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    callback_secret = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_apps", x => x.app_uuid);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "service_execution_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    app_uuid = table.Column<Guid>(type: "uuid", nullable: false),
                    service_task_id = table.Column<Guid>(type: "uuid", nullable: true),
                    service_config_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    instance_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    request_data = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    response_data = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    response_truncated = table.Column<bool>(type: "boolean", nullable: false),
                    error_message = table.Column<string>(type: "text", nullable: true),
                    execution_time_ms = table.Column<int>(type: "integer", nullable: false),
                    http_status_code = table.Column<int>(type: "integer", nullable: true),
                    retry_attempt = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_execution_logs", x => x.id);
                    table.CheckConstraint("ck_service_execution_logs_status", "status IN ('SUCCESS', 'FAILED', 'TIMEOUT')");
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_uuid = table.Column<Guid>(type: "uuid", nullable: true),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    prefix = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.CheckConstraint("ck_api_keys_role", "role IN ('operator', 'admin', 'engine') AND ((role = 'operator') = (app_uuid IS NULL))");
                    table.ForeignKey(
                        name: "fk_api_keys_apps_app_uuid",
                        column: x => x.app_uuid,
                        principalTable: "apps",
                        principalColumn: "app_uuid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_configurations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_uuid = table.Column<Guid>(type: "uuid", nullable: false),
                    service_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    service_type = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    endpoint_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    http_method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    headers = table.Column<string>(type: "jsonb", nullable: true),
                    authentication = table.Column<string>(type: "jsonb", nullable: true),
                    send_idempotency_key = table.Column<bool>(type: "boolean", nullable: false),
                    timeout_seconds = table.Column<int>(type: "integer", nullable: false),
                    max_retries = table.Column<int>(type: "integer", nullable: false),
                    retry_policy = table.Column<string>(type: "jsonb", nullable: false),
                    mock_template_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    mock_definition = table.Column<string>(type: "jsonb", nullable: true),
                    rate_limit_per_minute = table.Column<int>(type: "integer", nullable: true),
                    max_concurrency = table.Column<int>(type: "integer", nullable: true),
                    circuit_breaker = table.Column<string>(type: "jsonb", nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    service_name_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, computedColumnSql: "lower(service_name)", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_configurations", x => x.id);
                    table.CheckConstraint("ck_service_configurations_method", "http_method IS NULL OR http_method IN ('GET', 'POST', 'PUT', 'DELETE', 'PATCH')");
                    table.CheckConstraint("ck_service_configurations_type", "service_type IN ('REAL', 'MOCK')");
                    table.ForeignKey(
                        name: "fk_service_configurations_apps_app_uuid",
                        column: x => x.app_uuid,
                        principalTable: "apps",
                        principalColumn: "app_uuid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_uuid = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    task_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    service_config_id = table.Column<Guid>(type: "uuid", nullable: false),
                    config_version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    input_data = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    output_data = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    error_message = table.Column<string>(type: "text", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    max_retries = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    callback_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    hangfire_job_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cancel_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_tasks", x => x.id);
                    table.CheckConstraint("ck_service_tasks_status", "status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')");
                    table.ForeignKey(
                        name: "fk_service_tasks_apps_app_uuid",
                        column: x => x.app_uuid,
                        principalTable: "apps",
                        principalColumn: "app_uuid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_configuration_versions",
                columns: table => new
                {
                    service_config_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    app_uuid = table.Column<Guid>(type: "uuid", nullable: false),
                    snapshot = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_configuration_versions", x => new { x.service_config_id, x.version });
                    table.ForeignKey(
                        name: "fk_service_configuration_versions_service_configurations_servi",
                        column: x => x.service_config_id,
                        principalTable: "service_configurations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "callback_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    app_uuid = table.Column<Guid>(type: "uuid", nullable: false),
                    service_task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    delivery_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_callback_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_callback_deliveries_service_tasks_service_task_id",
                        column: x => x.service_task_id,
                        principalTable: "service_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_app_uuid",
                table: "api_keys",
                column: "app_uuid");

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_key_hash",
                table: "api_keys",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_callback_deliveries_created_at",
                table: "callback_deliveries",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_callback_deliveries_service_task_id",
                table: "callback_deliveries",
                column: "service_task_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_configuration_versions_app_uuid",
                table: "service_configuration_versions",
                column: "app_uuid");

            migrationBuilder.CreateIndex(
                name: "ix_service_configurations_app_uuid_service_name_key",
                table: "service_configurations",
                columns: new[] { "app_uuid", "service_name_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_app_uuid_created_at_id",
                table: "service_execution_logs",
                columns: new[] { "app_uuid", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_app_uuid_instance_id_created_at",
                table: "service_execution_logs",
                columns: new[] { "app_uuid", "instance_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_app_uuid_service_config_id_created_a",
                table: "service_execution_logs",
                columns: new[] { "app_uuid", "service_config_id", "created_at", "id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_app_uuid_status_created_at_id",
                table: "service_execution_logs",
                columns: new[] { "app_uuid", "status", "created_at", "id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_created_at",
                table: "service_execution_logs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_service_execution_logs_service_task_id",
                table: "service_execution_logs",
                column: "service_task_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_app_uuid_created_at",
                table: "service_tasks",
                columns: new[] { "app_uuid", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_app_uuid_idempotency_key",
                table: "service_tasks",
                columns: new[] { "app_uuid", "idempotency_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_app_uuid_instance_id",
                table: "service_tasks",
                columns: new[] { "app_uuid", "instance_id" });

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_service_config_id_status",
                table: "service_tasks",
                columns: new[] { "service_config_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "callback_deliveries");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "service_configuration_versions");

            migrationBuilder.DropTable(
                name: "service_execution_logs");

            migrationBuilder.DropTable(
                name: "service_tasks");

            migrationBuilder.DropTable(
                name: "service_configurations");

            migrationBuilder.DropTable(
                name: "apps");
        }
    }
}
