namespace ServiceTasks.Tests.Auth;

[TestClass]
public sealed class ApiKeyCacheTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    private static ApiKey Key() => ApiKeys.Create(Roles.Engine, "engine", Guid.CreateVersion7()).Row;

    [TestMethod]
    public void RememberedKey_IsServedForLessThanItsLifetime_ThenReadAgain()
    {
        var clock = new ManualClock();
        var cache = new ApiKeyCache(clock);
        var key = Key();
        cache.Remember(key.KeyHash, key, cache.Generation);

        clock.Advance(ApiKeyCache.Lifetime - TimeSpan.FromMilliseconds(1));
        Assert.AreSame(key, cache.Find(key.KeyHash));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.IsNull(cache.Find(key.KeyHash), "a revocation elsewhere must be seen after one lifetime");
    }

    [TestMethod]
    public void ForgottenKey_IsNotServed_AndAReadThatBeganBeforeTheRevocationDoesNotPutItBack()
    {
        var cache = new ApiKeyCache(new ManualClock());
        var key = Key();
        var before = cache.Generation;
        cache.Remember(key.KeyHash, key, before);

        cache.Forget(key.Id);
        Assert.IsNull(cache.Find(key.KeyHash));

        cache.Remember(key.KeyHash, key, before); // a request that read the row just before the revocation committed
        Assert.IsNull(cache.Find(key.KeyHash));
    }
}
