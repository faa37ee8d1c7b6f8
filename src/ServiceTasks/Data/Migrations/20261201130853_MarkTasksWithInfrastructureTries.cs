using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class MarkTasksWithInfrastructureTries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "has_infrastructure_tries",
                table: "service_tasks",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "has_infrastructure_tries",
                table: "service_tasks");
        }
    }
}
