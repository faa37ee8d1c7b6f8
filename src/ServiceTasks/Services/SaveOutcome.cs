namespace ServiceTasks.Services;

internal enum SaveOutcome { Saved, NameClash, Conflict }
