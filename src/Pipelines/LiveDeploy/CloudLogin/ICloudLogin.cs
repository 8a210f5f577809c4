using Pipelines.Configuration;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <param name="Auth">The provider's settings (after following <c>as:</c>).</param>
/// <param name="Plugin">The plugin being validated, for session names.</param>
/// <param name="CallerEnvironment">The caller's variables: the source of credentials outside Actions.</param>
/// <param name="Oidc">GitHub Actions' OIDC token source; null outside Actions.</param>
public sealed record CloudLoginRequest(
    CloudAuthSettings Auth,
    string Plugin,
    string RunId,
    IReadOnlyDictionary<string, string> CallerEnvironment,
    IOidcTokenSource? Oidc);

/// <summary>Obtains one provider's short-lived credentials for one plugin's wfctl.</summary>
public interface ICloudLogin
{
    /// <exception cref="CloudLoginException">The login failed; the message says which step.</exception>
    Task<CloudSession> LoginAsync(CloudLoginRequest request, CancellationToken cancellationToken);
}
