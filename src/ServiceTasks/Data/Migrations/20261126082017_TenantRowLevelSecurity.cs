using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceTasks.Data.Migrations
{
    /// <summary>
    /// The second tenant wall: row-level security on every table whose rows belong to one app. FORCE makes
    /// the policies bind the owning role too, which is the role the service connects as. The policy reads the two
    /// settings that TenantSessionInterceptor sets on each connection; unset, they match nothing (fail closed).
    /// apps and api_keys stay global: a key is looked up by its hash before the app is known.
    /// </summary>
    public partial class TenantRowLevelSecurity : Migration
    {
        private static readonly string[] TenantTables =
        [
            "service_configurations", "service_configuration_versions", "service_tasks", "service_execution_logs", "callback_deliveries",
        ];

        // Each setting in a sub-select: evaluated once per statement (an InitPlan), not parsed again for every row.
        private const string Rule =
            "(SELECT current_setting('servicetasks.all_apps', true) = 'on') " +
            "OR app_uuid = (SELECT NULLIF(current_setting('servicetasks.app_uuid', true), '')::uuid)";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in TenantTables)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;");
                migrationBuilder.Sql($"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;");
                migrationBuilder.Sql($"CREATE POLICY tenant_isolation ON {table} USING ({Rule}) WITH CHECK ({Rule});");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in TenantTables)
            {
                migrationBuilder.Sql($"DROP POLICY tenant_isolation ON {table};");
                migrationBuilder.Sql($"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;");
                migrationBuilder.Sql($"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;");
            }
        }
    }
}
