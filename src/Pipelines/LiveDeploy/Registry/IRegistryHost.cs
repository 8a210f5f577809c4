using Pipelines.LiveDeploy.Policy;

namespace Pipelines.LiveDeploy.Registry;

/// <summary>A plugin's manifest on the registry's base branch, byte for byte.</summary>
public sealed record ManifestSnapshot(string Path, string Content, PluginStatus Status);

/// <summary>One of this tool's open pull requests, which sets a plugin's status to <see cref="Target"/>.</summary>
/// <param name="Url">Null only for a pull request a dry run would have opened.</param>
public sealed record StatusPullRequest(int Number, string? Url, PluginStatus Target, string Branch, string Title);

/// <summary>An open investigation issue: its body first, then its comments, in order; only entries that count as this tool's.</summary>
/// <param name="Url">Null only for an issue a dry run would have opened.</param>
/// <param name="Warning">Set when the entries could not be checked for their author (the token's identity is unknown), so any entry starting with a marker counted.</param>
public sealed record InvestigationIssue(int Number, string? Url, string Title, IReadOnlyList<string> Entries, string? Warning = null)
{
    public string Body => Entries.Count > 0 ? Entries[0] : string.Empty;

    public IEnumerable<string> Comments => Entries.Skip(1);
}

/// <summary>A status change to propose: the host edits only the manifest's status value.</summary>
public sealed record StatusPullRequestDraft(string Plugin, PluginStatus Target, string Title, string Body, string CommitMessage)
{
    public string Branch => StatusBranches.For(Plugin, Target);
}

public static class StatusBranches
{
    public const string Prefix = "live-deploy/";

    public static string For(string plugin, PluginStatus target) => $"{Prefix}{plugin}-{target.Word()}";
}

/// <summary>
/// What the policy reads: the state lives in the host itself (manifest, open issue, open pull
/// requests), so a fresh runner needs nothing else.
/// </summary>
public interface IRegistryReader
{
    /// <summary>Where the registry is, for messages.</summary>
    string DisplayName { get; }

    /// <summary>The manifest on the base branch, or null when the plugin has none.</summary>
    Task<ManifestSnapshot?> ReadManifestAsync(string plugin, CancellationToken cancellationToken);

    /// <summary>This tool's open pull requests for the plugin (head branches <c>live-deploy/&lt;plugin&gt;-&lt;status&gt;</c>).</summary>
    Task<IReadOnlyList<StatusPullRequest>> FindOpenPullRequestsAsync(string plugin, CancellationToken cancellationToken);

    /// <summary>
    /// The plugin's open investigation issue (label <c>live-deploy</c>, starting with a marker naming
    /// the plugin), or null. A host that knows authors counts only what the identity its token acts
    /// as wrote: someone else's issue is not ours, and someone else's comment is left out of the entries.
    /// </summary>
    Task<InvestigationIssue?> FindOpenIssueAsync(string plugin, CancellationToken cancellationToken);
}

/// <summary>What the policy writes. A dry run swaps in a writer that only records.</summary>
public interface IRegistryWriter
{
    /// <summary>Branch from base, the manifest's status changed on it, and a pull request.</summary>
    Task<StatusPullRequest> OpenStatusPullRequestAsync(StatusPullRequestDraft draft, CancellationToken cancellationToken);

    /// <summary>Comments on the pull request, then closes it.</summary>
    Task ClosePullRequestAsync(string plugin, StatusPullRequest pullRequest, string comment, CancellationToken cancellationToken);

    Task<InvestigationIssue> OpenIssueAsync(string plugin, string title, string body, CancellationToken cancellationToken);

    /// <summary>Returns the comment's URL (null in a dry run).</summary>
    Task<string?> CommentOnIssueAsync(string plugin, InvestigationIssue issue, string body, CancellationToken cancellationToken);

    Task CloseIssueAsync(string plugin, InvestigationIssue issue, CancellationToken cancellationToken);
}

/// <summary>A registry and its trackers on one host: GitHub, or git repositories and files on disk.</summary>
public interface IRegistryHost : IRegistryReader, IRegistryWriter
{
    public const string IssueLabel = "live-deploy";
}
