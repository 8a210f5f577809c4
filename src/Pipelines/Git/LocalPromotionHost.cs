using Pipelines.Configuration;
using Pipelines.Promotion;

namespace Pipelines.Git;

/// <summary>
/// The promotion host for <c>host: local</c>: each repo is a git repository on disk (an absolute
/// path) and the bypass tracker is a Markdown file the audit entries are appended to. This is
/// what the sandbox uses, and how a person tries a configuration without GitHub.
/// </summary>
public sealed class LocalPromotionHost(IGit git) : IPromotionHost
{
    public IRepositoryBranches OpenRepository(RepoSettings repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return new LocalRepositoryBranches(git, RequireAbsolute(repo.Repo, "promote.repos[].repo", "a git repository"));
    }

    public IAuditTrail? OpenTracker(BypassSettings? bypass) =>
        bypass is null ? null : new MarkdownFileAuditTrail(RequireAbsolute(bypass.Tracker, "promote.bypass.tracker", "a Markdown file"));

    /// <summary>No token acts here: a bypass needs an explicit actor.</summary>
    public TokenIdentity? KnownIdentity => TokenIdentity.None;

    public Task<TokenIdentity> IdentityAsync(CancellationToken cancellationToken) => Task.FromResult(TokenIdentity.None);

    private static string RequireAbsolute(string path, string key, string what) =>
        !string.IsNullOrWhiteSpace(path) && Path.IsPathFullyQualified(path)
            ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))
            : throw new ConfigurationException($"with host local this must be an absolute path to {what}", key);
}
