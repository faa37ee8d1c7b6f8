namespace ServiceTasks.Data;

/// <summary>
/// The app whose rows the current scope may see. Empty by default, so a scope that never sets it sees no
/// tenant rows at all; workers and operators opt in to every app explicitly with <see cref="UseAllApps"/>.
/// </summary>
internal sealed class CurrentTenant
{
    public Guid? AppUuid { get; private set; }
    public bool AllApps { get; private set; }

    public void Use(Guid appUuid)
    {
        AppUuid = appUuid;
        AllApps = false;
    }

    public void UseAllApps()
    {
        AppUuid = null;
        AllApps = true;
    }
}
