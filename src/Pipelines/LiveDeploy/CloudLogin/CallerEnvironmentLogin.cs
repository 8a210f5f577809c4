using System.Collections.Immutable;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>Outside GitHub Actions: the caller's own provider variables, passed as they are.</summary>
internal sealed class CallerEnvironmentLogin(string provider) : ICloudLogin
{
    public Task<CloudSession> LoginAsync(CloudLoginRequest request, CancellationToken cancellationToken)
    {
        var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var secrets = new List<Secret>();
        foreach (var name in ProviderVariables.For(provider))
        {
            if (request.CallerEnvironment.TryGetValue(name, out var value) && value.Length > 0)
            {
                environment[name] = value;
                if (ProviderVariables.SecretNames.Contains(name))
                {
                    secrets.Add(new Secret(name, value));
                }
            }
        }

        // Settings the configuration names fill what the caller left unset.
        var auth = request.Auth;
        if (provider == "aws" && auth.Region is { } region && !environment.ContainsKey("AWS_REGION"))
        {
            environment["AWS_REGION"] = region;
        }

        if (provider == "gcp" && auth.Project is { } project && !environment.ContainsKey("GOOGLE_CLOUD_PROJECT"))
        {
            environment["GOOGLE_CLOUD_PROJECT"] = project;
        }

        if (provider == "azure" && auth.SubscriptionId is { } subscription && !environment.ContainsKey("AZURE_SUBSCRIPTION_ID"))
        {
            environment["AZURE_SUBSCRIPTION_ID"] = subscription;
        }

        var description = environment.Count == 0
            ? $"{provider}: no OIDC outside GitHub Actions and none of the caller's {provider} variables are set"
            : $"{provider}: the caller's own variables ({string.Join(", ", environment.Keys.Order(StringComparer.Ordinal))})";
        return Task.FromResult(new CloudSession(description, environment.ToImmutable(), secrets, null));
    }
}
