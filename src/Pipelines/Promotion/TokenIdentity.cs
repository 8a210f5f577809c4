namespace Pipelines.Promotion;

/// <summary>
/// Who the read token acts as, which makes a tracker comment "ours": the configured
/// <c>github.identity</c>, else what <c>GET /user</c> answered.
/// </summary>
/// <param name="Login">Null when it is not known.</param>
/// <param name="Problem">Why it is not known (a GitHub App installation token gets 403 from <c>GET /user</c>); null when it is, or when the host has no token identity (a local Markdown trail).</param>
public sealed record TokenIdentity(string? Login, string? Problem)
{
    public static TokenIdentity None { get; } = new(null, null);
}
