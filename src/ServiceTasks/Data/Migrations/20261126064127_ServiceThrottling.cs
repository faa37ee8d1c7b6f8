using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServiceThrottling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "service_circuit_state",
                columns: table => new
                {
                    service_config_id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    consecutive_failures = table.Column<int>(type: "integer", nullable: false),
                    opened_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    trial_holder = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    trial_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_circuit_state", x => x.service_config_id);
                    table.CheckConstraint("ck_service_circuit_state_state", "state IN ('CLOSED', 'OPEN', 'HALF_OPEN')");
                    table.ForeignKey(
                        name: "fk_service_circuit_state_service_configurations_service_config",
                        column: x => x.service_config_id,
                        principalTable: "service_configurations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_concurrency_leases",
                columns: table => new
                {
                    service_config_id = table.Column<Guid>(type: "uuid", nullable: false),
                    holder = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_concurrency_leases", x => new { x.service_config_id, x.holder });
                    table.ForeignKey(
                        name: "fk_service_concurrency_leases_service_configurations_service_c",
                        column: x => x.service_config_id,
                        principalTable: "service_configurations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_rate_starts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    service_config_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_rate_starts", x => x.id);
                    table.ForeignKey(
                        name: "fk_service_rate_starts_service_configurations_service_config_id",
                        column: x => x.service_config_id,
                        principalTable: "service_configurations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_service_tasks_completed_at",
                table: "service_tasks",
                column: "completed_at",
                filter: "completed_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_service_rate_starts_service_config_id_started_at",
                table: "service_rate_starts",
                columns: new[] { "service_config_id", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "service_circuit_state");

            migrationBuilder.DropTable(
                name: "service_concurrency_leases");

            migrationBuilder.DropTable(
                name: "service_rate_starts");

            migrationBuilder.DropIndex(
                name: "ix_service_tasks_completed_at",
                table: "service_tasks");
        }
    }
}
