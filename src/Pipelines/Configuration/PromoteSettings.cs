namespace Pipelines.Configuration;

/// <summary>Where branches, files, pull requests and issues live.</summary>
public enum HostKind
{
    GitHub,
    Local,
}

public enum SplitPolicy
{
    /// <summary>Move advanced repos back to where they were; a clean rollback exits 1.</summary>
    Rollback,
    /// <summary>Leave the split in place for a person to repair; exits 3.</summary>
    Hold,
}

public sealed record PromoteSettings(
    HostKind Host,
    IReadOnlyList<RepoSettings> Repos,
    IReadOnlyList<CheckSettings> Checks,
    PollSettings Poll,
    BypassSettings? Bypass,
    SplitPolicy OnSplit);

/// <param name="Name">Label in reports and the key prefix in $GITHUB_OUTPUT.</param>
/// <param name="Repo"><c>owner/name</c> on GitHub, or a path to a git repository with host local.</param>
/// <param name="PushTokenEnv">The variable holding the token used only for this repo's push.</param>
/// <param name="VersionField">Dotted path into the /version JSON body.</param>
public sealed record RepoSettings(
    string Name,
    string Repo,
    string From,
    string To,
    string PushTokenEnv,
    Uri Health,
    Uri Version,
    string VersionField);

/// <param name="Run">Run by <c>bash -c</c>; never expanded, values reach it only as environment.</param>
/// <param name="PassEnv">Caller variables passed through by name: the only way a token reaches a check.</param>
/// <param name="Image">The container image the Dagger function runs it in; ignored locally.</param>
public sealed record CheckSettings(
    string Name,
    string Run,
    string Workdir,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> PassEnv,
    TimeSpan Timeout,
    string? Image,
    IReadOnlyList<string> After);

public sealed record PollSettings(TimeSpan Timeout, TimeSpan Interval, TimeSpan RequestTimeout)
{
    public static PollSettings Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
}

/// <param name="Tracker"><c>owner/name#N</c> with host github, a Markdown file path with host local.</param>
public sealed record BypassSettings(string Tracker);
