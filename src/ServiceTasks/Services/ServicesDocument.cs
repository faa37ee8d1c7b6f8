namespace ServiceTasks.Services;

/// <summary>The export answer and the import body: <c>{services: [...]}</c>. Exports never hold secrets.</summary>
internal sealed record ServicesDocument(List<ServiceRequest?>? Services);
