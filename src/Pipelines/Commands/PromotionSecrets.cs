using Pipelines.Configuration;
using Pipelines.Security;

namespace Pipelines.Commands;

/// <summary>
/// The credentials a promotion needs, read from the environment variables the configuration
/// names. Every value read here, including the check variables passed by name, is redacted from
/// all output.
/// </summary>
public sealed record PromotionSecrets(
    Secret? ReadToken,
    IReadOnlyDictionary<string, Secret> PushTokens,
    IReadOnlyList<Secret> CheckValues)
{
    /// <summary>Variable names that hold tokens: never inherited by a check unless it names them in pass-env.</summary>
    public static IReadOnlySet<string> TokenVariableNames(GitHubSettings github, PromoteSettings promote) =>
        new HashSet<string>(promote.Repos.Select(r => r.PushTokenEnv).Append(github.TokenEnv).Concat(RunnerTokens).Concat(GitHubTokens), StringComparer.Ordinal);

    /// <summary>
    /// Variables no check inherits: every token variable and every variable from <c>--secrets-file</c>.
    /// A check gets one of them only by naming it in its <c>pass-env</c>, so a credential handed to the
    /// gate for one check does not reach every other check too.
    /// </summary>
    public static IReadOnlySet<string> WithheldFromChecks(GitHubSettings github, PromoteSettings promote, CommandContext context) =>
        new HashSet<string>(TokenVariableNames(github, promote).Concat(context.SecretNames), StringComparer.Ordinal);

    /// <summary>
    /// Where GitHub tokens conventionally live (workflows and the gh CLI), whatever token-env says:
    /// a configuration that reads its token from elsewhere must not hand these to every check.
    /// </summary>
    public static IReadOnlyList<string> GitHubTokens { get; } = ["GITHUB_TOKEN", "GH_TOKEN"];

    /// <summary>
    /// Tokens a GitHub Actions runner puts in every step's environment: with them a check could
    /// mint OIDC tokens or talk to the runner's services, so no check inherits them unasked.
    /// </summary>
    public static IReadOnlyList<string> RunnerTokens { get; } =
        ["ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_CACHE_URL", "ACTIONS_RUNTIME_URL"];

    public IEnumerable<Secret> All => PushTokens.Values.Prepend(ReadToken).OfType<Secret>().Concat(CheckValues);

    public SecretRedactor Redactor() => new(All);

    /// <param name="needsPushTokens">A dry run reads only, so it runs without push tokens.</param>
    public static PromotionSecrets Read(PipelinesConfig config, PromoteSettings promote, CommandContext context, bool needsPushTokens)
    {
        var readToken = Optional(context, config.GitHub.TokenEnv);
        var pushTokens = new Dictionary<string, Secret>(StringComparer.Ordinal);
        if (promote.Host == HostKind.GitHub)
        {
            if (readToken is null)
            {
                throw new UsageException(
                    $"github.token-env: environment variable {config.GitHub.TokenEnv} is not set (it holds the token for reads and the audit comment)");
            }

            foreach (var repo in promote.Repos)
            {
                if (Optional(context, repo.PushTokenEnv) is { } push)
                {
                    pushTokens[repo.Name] = push;
                }
                else if (needsPushTokens)
                {
                    throw new UsageException(
                        $"promote.repos[{repo.Name}].push-token-env: environment variable {repo.PushTokenEnv} is not set");
                }
            }
        }

        var checkValues = promote.Checks
            .SelectMany(c => c.PassEnv)
            .Concat(context.SecretNames)
            .Distinct(StringComparer.Ordinal)
            .Select(name => Optional(context, name))
            .OfType<Secret>()
            .ToList();
        return new PromotionSecrets(readToken, pushTokens, checkValues);
    }

    private static Secret? Optional(CommandContext context, string name) =>
        context.Variable(name) is { } value ? SecretValues.Maskable(new Secret(name, value)) : null;
}
