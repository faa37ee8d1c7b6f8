namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// A system package the tests need is not installed. The one-line message says which package to install, and the
/// exception hides its stack trace so the runner prints that line rather than a trace that says nothing more.
/// </summary>
internal sealed class MissingPackageException(string message) : Exception(message)
{
    public override string? StackTrace => null;
}
