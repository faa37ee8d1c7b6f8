namespace ServiceTasks.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline, instead of sleeping and hoping.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);
        throw new AssertFailedException($"Timed out after {timeout} waiting for {what}; last value: {last}");
    }
}
