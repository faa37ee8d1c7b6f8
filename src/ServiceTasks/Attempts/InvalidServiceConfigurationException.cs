namespace ServiceTasks.Attempts;

/// <summary>A configuration that can never work (bad URL, undecryptable secret): the attempt fails without retrying.</summary>
internal sealed class InvalidServiceConfigurationException(string message) : Exception(message);
