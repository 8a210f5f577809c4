using System.Collections.Immutable;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>DigitalOcean has no OIDC federation: the token comes from the secret variable the configuration names.</summary>
internal sealed class DigitalOceanTokenLogin : ICloudLogin
{
    public const string DefaultTokenEnv = "DIGITALOCEAN_TOKEN";

    public Task<CloudSession> LoginAsync(CloudLoginRequest request, CancellationToken cancellationToken)
    {
        var tokenEnv = request.Auth.TokenEnv ?? DefaultTokenEnv;
        if (!request.CallerEnvironment.TryGetValue(tokenEnv, out var token) || token.Length == 0)
        {
            throw new CloudLoginException($"digitalocean: environment variable {tokenEnv} is not set");
        }

        var environment = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["DIGITALOCEAN_TOKEN"] = token,
            ["DIGITALOCEAN_ACCESS_TOKEN"] = token,
        });
        return Task.FromResult(new CloudSession($"digitalocean: token from {tokenEnv}", environment, [new Secret(tokenEnv, token)], null));
    }
}
