using System.Collections.Immutable;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>
/// Azure: the Actions OIDC token written as a federated token file, and the variables
/// <c>DefaultAzureCredential</c> (through <c>WorkloadIdentityCredential</c>) reads in the plugin.
/// Azure.Identity performs the same exchange first, so a wrong tenant, client or federation
/// subject fails here.
/// </summary>
internal sealed class AzureWorkloadIdentityLogin(CloudLoginOptions options) : ICloudLogin
{
    public const string Audience = "api://AzureADTokenExchange";
    private const string ManagementScope = "https://management.azure.com/.default";

    public async Task<CloudSession> LoginAsync(CloudLoginRequest request, CancellationToken cancellationToken)
    {
        var auth = request.Auth;
        var tenant = auth.TenantId ?? throw new CloudLoginException("azure: tenant-id is not configured");
        var client = auth.ClientId ?? throw new CloudLoginException("azure: client-id is not configured");
        var oidc = request.Oidc ?? throw new CloudLoginException("azure: no OIDC token source");
        var federatedToken = await oidc.GetTokenAsync(Audience, cancellationToken).ConfigureAwait(false);

        var directory = CredentialDirectory.Create();
        try
        {
            var tokenFile = directory.WriteFile("azure-federated-token.jwt", federatedToken.Reveal());
            var accessToken = await CheckAsync(tenant, client, tokenFile, cancellationToken).ConfigureAwait(false);

            var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            environment["AZURE_CLIENT_ID"] = client;
            environment["AZURE_TENANT_ID"] = tenant;
            environment["AZURE_FEDERATED_TOKEN_FILE"] = tokenFile;
            if (auth.SubscriptionId is { } subscription)
            {
                environment["AZURE_SUBSCRIPTION_ID"] = subscription;
            }

            if (options.AzureAuthorityHost is { } authority)
            {
                environment["AZURE_AUTHORITY_HOST"] = authority.ToString();
            }

            return new CloudSession($"azure: workload identity federation as client {client} in tenant {tenant}", environment.ToImmutable(), [federatedToken, accessToken], directory);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private async Task<Secret> CheckAsync(string tenant, string client, string tokenFile, CancellationToken cancellationToken)
    {
        var credentialOptions = new WorkloadIdentityCredentialOptions
        {
            TenantId = tenant,
            ClientId = client,
            TokenFilePath = tokenFile,
        };
        credentialOptions.Retry.MaxRetries = 2;
        if (options.AzureAuthorityHost is { } authority)
        {
            credentialOptions.AuthorityHost = authority;
            // A private or test authority is not in Microsoft's instance list.
            credentialOptions.DisableInstanceDiscovery = true;
        }

        if (options.HttpHandlerFactory is { } handlerFactory)
        {
            credentialOptions.Transport = new HttpClientTransport(handlerFactory());
        }

        try
        {
            var credential = new WorkloadIdentityCredential(credentialOptions);
            var token = await credential.GetTokenAsync(new TokenRequestContext([ManagementScope]), cancellationToken).ConfigureAwait(false);
            return new Secret("Azure access token", token.Token);
        }
        catch (AuthenticationFailedException e)
        {
            throw new CloudLoginException($"azure: the workload identity token exchange for client {client} failed", e);
        }
    }
}
