namespace ServiceTasks.LocalDatabase;

/// <summary>Neither a connection string nor PostgreSQL server binaries: the message names the setting and the package.</summary>
internal sealed class LocalDatabaseUnavailableException(string message) : StartupException(message);
