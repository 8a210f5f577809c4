namespace Pipelines.Configuration;

/// <summary>
/// Tokens are named, never expanded: <c>${GITHUB_TOKEN}</c> in, say, a check's <c>env</c> would
/// hand the token to a process that was not given it by <c>pass-env</c>, and in a URL it would
/// reach logs. So a <c>${NAME}</c> that names any variable the configuration declares as a token
/// (<c>token-env</c>, <c>push-token-env</c>, an auth <c>token-env</c>) is refused.
/// </summary>
internal static class TokenReferenceRule
{
    public static void Validate(GitHubSettings github, PromoteSettings? promote, LiveDeploySettings? liveDeploy, ReadContext context)
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal) { [github.TokenEnv] = "github.token-env" };
        var repos = promote?.Repos ?? [];
        for (var i = 0; i < repos.Count; i++)
        {
            tokens.TryAdd(repos[i].PushTokenEnv, $"promote.repos[{i}].push-token-env");
        }

        foreach (var auth in liveDeploy?.Auth.Values ?? [])
        {
            if (auth.TokenEnv is not null)
            {
                tokens.TryAdd(auth.TokenEnv, $"live-deploy.auth.{auth.Provider}.token-env");
            }
        }

        foreach (var reference in context.References)
        {
            if (tokens.TryGetValue(reference.Variable, out var declaredBy))
            {
                throw new ConfigurationException(
                    $"${{{reference.Variable}}} is a token ({declaredBy}); tokens are never expanded into values, give one to a check by name with pass-env",
                    reference.Key,
                    reference.Line);
            }
        }
    }
}
