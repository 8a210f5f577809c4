namespace Pipelines.Probes;

/// <summary>How the HTTP client used by staging probes behaves.</summary>
public sealed record ProbeHttpOptions
{
    public static ProbeHttpOptions Default { get; } = new();

    /// <summary>Redirects followed per request; a longer chain is answered with the last 3xx.</summary>
    public int MaxRedirects { get; init; } = 3;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bounds how long a pooled connection lives, so a DNS change in staging is picked up.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(2);

    public string UserAgent { get; init; } = "pipelines-probe";

    public ProbeHttpOptions WithMaxRedirects(int maxRedirects) => this with { MaxRedirects = maxRedirects };

    public ProbeHttpOptions WithConnectTimeout(TimeSpan timeout) => this with { ConnectTimeout = timeout };

    public ProbeHttpOptions WithPooledConnectionLifetime(TimeSpan lifetime) => this with { PooledConnectionLifetime = lifetime };

    public ProbeHttpOptions WithUserAgent(string userAgent) => this with { UserAgent = userAgent };
}
