namespace Canbao.Functions.Tests;

/// <summary>
/// The in-process Durable test host picks a random port; when several test assemblies run at once it can collide
/// with another listener. Start it again on "address already in use" (a few attempts, then the error stands).
/// </summary>
internal static class PortRetry
{
    public static async Task<T> StartAsync<T>(Func<Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await start(); }
            catch (IOException e) when (attempt < 5 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) { }
        }
    }
}
