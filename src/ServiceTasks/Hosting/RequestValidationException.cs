namespace ServiceTasks.Hosting;

/// <summary>Thrown where a handler cannot return a result (parameter binding); answered as a 400 with field errors.</summary>
internal sealed class RequestValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
