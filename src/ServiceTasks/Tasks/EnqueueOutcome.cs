namespace ServiceTasks.Tasks;

internal enum EnqueueOutcome { Created, Replayed, KeyConflict, UnknownService, InactiveService }
