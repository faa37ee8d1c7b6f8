using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>Every log line the shared host writes, kept in memory so tests can scan them (for secrets, say).</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public static readonly CapturedLogs Instance = new();
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
