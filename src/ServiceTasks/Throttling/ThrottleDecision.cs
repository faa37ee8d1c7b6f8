namespace ServiceTasks.Throttling;

internal sealed record ThrottleDecision(ThrottleAdmission? Admission, ThrottleDeferral? Deferral);
