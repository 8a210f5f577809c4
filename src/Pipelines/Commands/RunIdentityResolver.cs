using System.Text.RegularExpressions;
using Pipelines.GitHub;
using Pipelines.Promotion;

namespace Pipelines.Commands;

/// <summary>
/// Finds this run's id and link: <c>--run-id</c>, else GitHub Actions' GITHUB_RUN_ID (the same
/// across re-runs of one trigger, which is what makes audit entries idempotent), else a new one.
/// Whether it is a first attempt is known only for a new id and for Actions' GITHUB_RUN_ATTEMPT=1
/// (a re-run of a workflow keeps GITHUB_RUN_ID and counts the attempt up).
/// </summary>
public static partial class RunIdentityResolver
{
    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z")]
    private static partial Regex RunIdPattern();

    public static RunIdentity Resolve(string? explicitRunId, CommandContext context)
    {
        var actionsRunId = context.Variable("GITHUB_RUN_ID");
        var runId = explicitRunId ?? actionsRunId
            ?? $"local-{context.Time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        if (!RunIdPattern().IsMatch(runId))
        {
            throw new UsageException("--run-id: use 1 to 64 letters, digits, '.', '_' or '-'");
        }

        var firstAttempt = explicitRunId is null
            && (actionsRunId is null || context.Variable("GITHUB_RUN_ATTEMPT") == "1");
        return new RunIdentity(runId, RunUrl(context)) { IsFirstAttempt = firstAttempt };
    }

    private static Uri? RunUrl(CommandContext context)
    {
        var server = context.Variable("GITHUB_SERVER_URL");
        var repository = context.Variable("GITHUB_REPOSITORY");
        var id = context.Variable("GITHUB_RUN_ID");
        if (server is null || repository is null || id is null
            || !Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || serverUri.Scheme is not ("https" or "http")
            || !RepositoryId.TryParse(repository, out var repo) || !id.All(char.IsAsciiDigit))
        {
            return null;
        }

        return new Uri(serverUri, $"{repo.Owner}/{repo.Name}/actions/runs/{id}");
    }
}
