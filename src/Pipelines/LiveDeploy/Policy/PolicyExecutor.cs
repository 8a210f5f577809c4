using Pipelines.LiveDeploy.Registry;

namespace Pipelines.LiveDeploy.Policy;

/// <summary>The state the policy decides on, read from the host before any write.</summary>
public sealed record RegistrySnapshot(
    ManifestSnapshot? Manifest,
    InvestigationIssue? OpenIssue,
    IReadOnlyList<StatusPullRequest> OpenPullRequests)
{
    public static Task<RegistrySnapshot> ReadAsync(IRegistryReader reader, string plugin, CancellationToken cancellationToken) =>
        ReadAsync(reader, plugin, null, cancellationToken);

    /// <param name="manifest">The manifest already read this run (live-deploy reads it first, for the version to validate); null reads it.</param>
    public static async Task<RegistrySnapshot> ReadAsync(IRegistryReader reader, string plugin, ManifestSnapshot? manifest, CancellationToken cancellationToken)
    {
        var manifestRead = manifest is null ? reader.ReadManifestAsync(plugin, cancellationToken) : Task.FromResult<ManifestSnapshot?>(manifest);
        var issue = reader.FindOpenIssueAsync(plugin, cancellationToken);
        var pulls = reader.FindOpenPullRequestsAsync(plugin, cancellationToken);
        return new RegistrySnapshot(
            await manifestRead.ConfigureAwait(false),
            await issue.ConfigureAwait(false),
            await pulls.ConfigureAwait(false));
    }

    public PluginStatus Status => Manifest?.Status ?? PluginStatus.Unknown;

    /// <summary>
    /// The open issue as it stood before <paramref name="runId"/>: null when this run opened it,
    /// otherwise its recorded results without this run's. Deciding on this view is what makes
    /// a repeated run decide, and so write, exactly the same.
    /// </summary>
    public IssueHistory? IssueBefore(string plugin, string runId)
    {
        if (OpenIssue is null || RunMarker.IsWrittenBy(OpenIssue.Body, runId, plugin))
        {
            return null;
        }

        return IssueHistory.From(OpenIssue.Entries, plugin, runId);
    }

    /// <summary>
    /// Targets of the open status pull requests. A pull request this run opened agrees with this
    /// run's verdict, so the policy never closes it, and a repeated run decides the same.
    /// </summary>
    public IReadOnlySet<PluginStatus> OpenPullRequestTargets => OpenPullRequests.Select(p => p.Target).ToHashSet();
}

/// <summary>What applying a decision did: the report's action and link, and each write.</summary>
public sealed record PolicyOutcome(ReportAction Action, string? Url, IReadOnlyList<string> Writes);

/// <summary>
/// Applies a <see cref="PolicyDecision"/> through a writer, one step at a time. Every step first
/// looks for this run's marker (or this tool's open pull request on the same branch) and
/// reuses what it finds, so running twice writes nothing new.
/// </summary>
public sealed class PolicyExecutor(IRegistryWriter writer, string writeWord)
{
    public async Task<PolicyOutcome> ApplyAsync(PolicyContext context, PolicyDecision decision, RegistrySnapshot snapshot, CancellationToken cancellationToken)
    {
        var writes = new List<string>();
        var issue = snapshot.OpenIssue;
        var pulls = snapshot.OpenPullRequests.ToList();
        string? issueUrl = issue?.Url;
        string? pullUrl = null;
        string? commentUrl = null;

        foreach (var step in decision.Steps)
        {
            switch (step)
            {
                case PolicyStep.OpenIssue:
                    if (issue is not null && RunMarker.IsWrittenBy(issue.Body, context.RunId, context.Plugin))
                    {
                        writes.Add($"issue #{issue.Number} already opened by this run");
                    }
                    else
                    {
                        issue = await writer.OpenIssueAsync(context.Plugin, PolicyMessages.IssueTitle(context.Plugin), PolicyMessages.IssueBody(context), cancellationToken).ConfigureAwait(false);
                        writes.Add($"{writeWord}: open investigation issue {Describe(issue.Url)}");
                    }

                    issueUrl = issue.Url;
                    break;

                case PolicyStep.OpenStatusPullRequest open:
                    var existing = pulls.FirstOrDefault(p => p.Target == open.Target);
                    if (existing is not null)
                    {
                        writes.Add($"pull request to {open.Target.Word()} already open: {Describe(existing.Url)}");
                        pullUrl = existing.Url;
                        break;
                    }

                    var draft = new StatusPullRequestDraft(
                        context.Plugin,
                        open.Target,
                        PolicyMessages.PullRequestTitle(context.Plugin, open.Target),
                        PolicyMessages.PullRequestBody(context, open.Target, issueUrl),
                        PolicyMessages.CommitMessage(context.Plugin, open.Target));
                    var opened = await writer.OpenStatusPullRequestAsync(draft, cancellationToken).ConfigureAwait(false);
                    pulls.Add(opened);
                    pullUrl = opened.Url;
                    writes.Add($"{writeWord}: open pull request {draft.Branch} → status {open.Target.Word()} {Describe(opened.Url)}");
                    break;

                case PolicyStep.CloseStatusPullRequest close:
                    foreach (var pull in pulls.Where(p => p.Target == close.Target).ToList())
                    {
                        await writer.ClosePullRequestAsync(context.Plugin, pull, PolicyMessages.ClosePullRequestComment(context, close.Target), cancellationToken).ConfigureAwait(false);
                        pulls.Remove(pull);
                        writes.Add($"{writeWord}: close pull request {Describe(pull.Url)} ({pull.Branch})");
                    }

                    break;

                case PolicyStep.CommentOnIssue comment:
                    if (issue is null)
                    {
                        break;
                    }

                    if (issue.Comments.Any(c => RunMarker.IsWrittenBy(c, context.RunId, context.Plugin)))
                    {
                        writes.Add($"issue #{issue.Number} already has this run's comment");
                        commentUrl = issue.Url;
                        break;
                    }

                    var body = PolicyMessages.Comment(context, comment.Purpose, pullUrl);
                    commentUrl = await writer.CommentOnIssueAsync(context.Plugin, issue, body, cancellationToken).ConfigureAwait(false) ?? issue.Url;
                    issue = issue with { Entries = [.. issue.Entries, body] };
                    writes.Add($"{writeWord}: comment on issue {Describe(issue.Url)}");
                    break;

                case PolicyStep.CloseIssue:
                    if (issue is not null)
                    {
                        await writer.CloseIssueAsync(context.Plugin, issue, cancellationToken).ConfigureAwait(false);
                        writes.Add($"{writeWord}: close issue {Describe(issue.Url)}");
                    }

                    break;
            }
        }

        var url = decision.Action switch
        {
            ReportAction.PromotePr or ReportAction.DemotePr => pullUrl,
            ReportAction.IssueOpened or ReportAction.IssueClosed => issueUrl,
            ReportAction.IssueCommented => commentUrl,
            _ => null,
        };
        return new PolicyOutcome(decision.Action, url, writes);
    }

    private static string Describe(string? url) => url ?? "(not written)";
}
