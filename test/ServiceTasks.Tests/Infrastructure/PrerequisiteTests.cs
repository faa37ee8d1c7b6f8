
namespace ServiceTasks.Tests.Infrastructure;

/// <summary>A machine without a system package the tests need fails with one line naming it, not a stack trace.</summary>
[TestClass]
public sealed class PrerequisiteTests
{
    [TestMethod]
    public void MissingChromium_FailsWithOneLineNamingThePackage()
    {
        var missing = Assert.ThrowsExactly<MissingPackageException>(() => Browser.RequireChromium("/nonexistent/chromium"));

        StringAssert.Contains(missing.Message, "apt-get install chromium");
        Assert.DoesNotContain("\n", missing.Message);
        Assert.IsNull(missing.StackTrace);
    }
}
