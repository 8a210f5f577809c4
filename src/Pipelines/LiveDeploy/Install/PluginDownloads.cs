namespace Pipelines.LiveDeploy.Install;

/// <summary>The HTTP client plugin releases are downloaded with when the services bring none.</summary>
public static class PluginDownloads
{
    /// <summary>
    /// GitHub release assets redirect to a storage host, so redirects are followed (at most 5; the
    /// handler never follows https down to http). No credentials are attached: releases of public
    /// plugins need none, and a token must not travel to the storage host.
    /// </summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = TimeSpan.FromMinutes(10),
    };
}
