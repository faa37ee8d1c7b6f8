namespace ServiceTasks.Hosting;

/// <summary>
/// The service cannot start as configured (no database to use, no key-ring certificate in Production). Its message is
/// one line naming the setting to change, printed alone and without a stack trace.
/// </summary>
internal abstract class StartupException(string message) : Exception(message);
