using Pipelines.Configuration;

namespace Pipelines.Probes;

/// <summary>The outcome of a probe: passed or not, and a one-line reason a person can act on.</summary>
public sealed record ProbeResult(bool Passed, string Detail, TimeSpan Elapsed)
{
    public static ProbeResult Pass(string detail, TimeSpan elapsed) => new(true, detail, elapsed);

    public static ProbeResult Fail(string detail, TimeSpan elapsed) => new(false, detail, elapsed);
}

/// <summary>Polls a staging health URL until it answers 200 or the poll times out.</summary>
public interface IHealthWaiter
{
    Task<ProbeResult> WaitUntilHealthyAsync(Uri url, PollSettings poll, CancellationToken cancellationToken);
}

/// <summary>Checks that a staging /version endpoint reports exactly the expected commit.</summary>
public interface IVersionVerifier
{
    Task<ProbeResult> VerifyAsync(Uri url, string field, string expectedSha, TimeSpan requestTimeout, CancellationToken cancellationToken);
}
