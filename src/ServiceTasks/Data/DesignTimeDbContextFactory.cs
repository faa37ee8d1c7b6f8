using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ServiceTasks.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseServiceTasksDatabase("Host=localhost");
        return new AppDbContext(options.Options, new CurrentTenant());
    }
}
