using System.Net;
using Pipelines.Promotion;

namespace Pipelines.GitHub;

/// <summary>
/// Who a token acts as, learned at most once and only when first asked: the configured
/// <c>github.identity</c>, else <c>GET /user</c>. A GitHub App installation token gets 403 there;
/// that, or any other GitHub error, becomes a <see cref="TokenIdentity.Problem"/> rather than an
/// exception, so a caller can fall back (with a warning) instead of failing the run.
/// Shared by promote (audit entries) and live-deploy (run markers).
/// </summary>
public sealed class TokenIdentitySource
{
    private readonly Func<IGitHubClient> _client;
    private readonly string? _configured;
    private readonly string _tokenWord;
    private readonly Lock _gate = new();
    private Task<TokenIdentity>? _learned;

    /// <param name="client">The client of the token whose identity is wanted; only called when <c>GET /user</c> is needed.</param>
    /// <param name="configured">The login from <c>github.identity</c>; null: ask <c>GET /user</c>.</param>
    /// <param name="tokenWord">Which token, for the problem text ("the read token").</param>
    public TokenIdentitySource(Func<IGitHubClient> client, string? configured, string tokenWord = "the token")
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _configured = configured;
        _tokenWord = tokenWord;
    }

    /// <summary>The identity when it is known without a call (configured, or already learned); else null.</summary>
    public TokenIdentity? Known =>
        _configured is not null ? new TokenIdentity(_configured, null)
        : _learned is { IsCompletedSuccessfully: true } learned ? learned.Result
        : null;

    /// <summary>The identity; the first call without a configured one asks <c>GET /user</c>, later and concurrent calls share that answer.</summary>
    public Task<TokenIdentity> GetAsync(CancellationToken cancellationToken)
    {
        if (_configured is not null)
        {
            return Task.FromResult(new TokenIdentity(_configured, null));
        }

        // Plugins (live-deploy) run in parallel: one GET /user per run, not one per plugin.
        lock (_gate)
        {
            return _learned ??= LearnAsync(cancellationToken);
        }
    }

    private async Task<TokenIdentity> LearnAsync(CancellationToken cancellationToken)
    {
        try
        {
            return new TokenIdentity(await _client().GetAuthenticatedLoginAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (GitHubApiException e)
        {
            return new TokenIdentity(null, e.Status == HttpStatusCode.Forbidden
                ? $"{_tokenWord} cannot call GET /user (HTTP 403: a GitHub App installation token?); set github.identity, e.g. my-app[bot]"
                : $"could not learn who {_tokenWord} acts as: {e.Message}; set github.identity");
        }
    }

    /// <summary>GitHub logins are case-insensitive.</summary>
    public static bool SameLogin(string? author, string login) =>
        author is not null && string.Equals(author, login, StringComparison.OrdinalIgnoreCase);
}
