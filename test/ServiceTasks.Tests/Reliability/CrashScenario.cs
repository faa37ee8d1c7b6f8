namespace ServiceTasks.Tests.Reliability;

/// <summary>The size of one crash run: worker threads per process, tasks kept waiting, and how many workers are killed.</summary>
internal sealed record CrashScenario(string Name, int Threads, int Backlog, int Kills);
