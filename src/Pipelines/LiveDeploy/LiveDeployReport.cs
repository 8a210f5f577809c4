using Pipelines.Configuration;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.LiveDeploy;

/// <summary>What a maintainer needs to trust a verdict: which release ran under which wfctl, and what it did.</summary>
/// <param name="Version">The plugin version the registry lists (what was installed and checked out).</param>
/// <param name="TarballSha256">The SHA-256 of the installed release tarball (null with install: none).</param>
/// <param name="Ref">The plugin repository ref the example was taken from.</param>
/// <param name="Notes">Warnings that did not change the verdict (a wfctl version that cannot be compared, a retried download).</param>
public sealed record ValidationEvidence(
    string? Version,
    string? TarballSha256,
    string? WfctlVersion,
    string? Ref,
    int? Planned,
    int? Applied,
    int? Destroyed,
    IReadOnlyList<string> Notes);

/// <summary>One plugin's row in the report.</summary>
/// <param name="StatusBefore">The manifest's status before this run (<c>verified</c>, ...), null when not read.</param>
/// <param name="Url">The pull request, issue or comment the action refers to (null in a dry run).</param>
/// <param name="Counted">False when the red says nothing about the plugin (fetch, login or wfctl start failed; cancelled): no status change follows.</param>
/// <param name="Credentials">How wfctl got its cloud credentials (never a value).</param>
/// <param name="Writes">Each write the policy made, or in a dry run would have made.</param>
/// <param name="PolicyError">The status update failed (GitHub or local host error); the run exits 1.</param>
public sealed record PluginReport(
    string Plugin,
    string? Commit,
    ValidationDepth Depth,
    Verdict Verdict,
    int Attempts,
    long DurationMs,
    string? StatusBefore,
    ReportAction Action,
    string? Url,
    bool Counted,
    string? Credentials,
    CommandFailure? Failure,
    CommandFailure? TeardownFailure,
    string? LeakedTag,
    string? Retry,
    string? Reason,
    IReadOnlyList<string> OutputTail,
    IReadOnlyList<CommandRecord> Commands,
    IReadOnlyList<string> Writes,
    string? PolicyError,
    ValidationEvidence? Evidence = null);

/// <summary>The machine-readable account of a live-deploy run (<c>--report</c>).</summary>
public sealed record LiveDeployReport(
    string RunId,
    Uri? RunUrl,
    string? WfctlVersion,
    bool DryRun,
    bool Cancelled,
    DateTimeOffset StartedAt,
    long DurationMs,
    int ExitCode,
    IReadOnlyList<PluginReport> Plugins);

/// <summary>The exit code policy: 3 when any teardown leaked, 1 when any plugin is red (or a status update failed), else 0; not-validated never fails a run.</summary>
public static class LiveDeployExitCode
{
    public const int Green = 0;
    public const int Red = 1;
    public const int Usage = 2;
    public const int Leaked = 3;

    public static int For(IEnumerable<PluginReport> plugins, bool cancelled = false)
    {
        var rows = plugins.ToList();
        if (rows.Any(p => p.Verdict == Verdict.Leaked))
        {
            return Leaked;
        }

        return cancelled || rows.Any(p => p.Verdict == Verdict.Red || p.PolicyError is not null) ? Red : Green;
    }

    public static int For(LiveDeployReport report) => For(report.Plugins, report.Cancelled);
}
