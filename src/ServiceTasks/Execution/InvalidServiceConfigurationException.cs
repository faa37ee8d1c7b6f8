namespace ServiceTasks.Execution;

/// <summary>A configuration that can never work (bad URL, undecryptable secret): the attempt fails without retrying.</summary>
public sealed class InvalidServiceConfigurationException(string message) : Exception(message);
