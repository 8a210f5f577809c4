using System.Collections.Immutable;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>
/// GCP: workload identity federation. The Actions OIDC token goes into a file, an
/// <c>external_account</c> credentials file points at it (that is what
/// <c>GOOGLE_APPLICATION_CREDENTIALS</c> gives the plugin's Google SDK), and Google.Apis.Auth
/// first parses the file (no cloud call) and then performs the exchange once, so a broken
/// federation fails here with a clear message rather than deep inside wfctl.
/// </summary>
internal sealed class GcpWorkloadIdentityLogin(CloudLoginOptions options) : ICloudLogin
{
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    public static string AudienceFor(string workloadIdentityProvider) => "//iam.googleapis.com/" + workloadIdentityProvider;

    public async Task<CloudSession> LoginAsync(CloudLoginRequest request, CancellationToken cancellationToken)
    {
        var auth = request.Auth;
        var provider = auth.WorkloadIdentityProvider ?? throw new CloudLoginException("gcp: workload-identity-provider is not configured");
        var oidc = request.Oidc ?? throw new CloudLoginException("gcp: no OIDC token source");
        var audience = AudienceFor(provider);
        var subjectToken = await oidc.GetTokenAsync(audience, cancellationToken).ConfigureAwait(false);

        var directory = CredentialDirectory.Create();
        try
        {
            var tokenFile = directory.WriteFile("oidc-token.jwt", subjectToken.Reveal());
            var credentialsFile = directory.WriteFile("gcp-external-account.json", ExternalAccountJson(audience, auth.ServiceAccount, tokenFile));
            var accessToken = await ExchangeAsync(credentialsFile, cancellationToken).ConfigureAwait(false);

            var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            environment["GOOGLE_APPLICATION_CREDENTIALS"] = credentialsFile;
            if (auth.Project is { } project)
            {
                environment["GOOGLE_CLOUD_PROJECT"] = project;
                environment["CLOUDSDK_CORE_PROJECT"] = project;
            }

            var who = auth.ServiceAccount is null ? "the federated identity" : auth.ServiceAccount;
            return new CloudSession($"gcp: workload identity federation as {who}", environment.ToImmutable(), [subjectToken, accessToken], directory);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private string ExternalAccountJson(string audience, string? serviceAccount, string tokenFile)
    {
        var document = new Dictionary<string, object>
        {
            ["type"] = "external_account",
            ["audience"] = audience,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["token_url"] = options.GoogleStsTokenUrl.ToString(),
            ["credential_source"] = new Dictionary<string, object>
            {
                ["file"] = tokenFile,
                ["format"] = new Dictionary<string, string> { ["type"] = "text" },
            },
        };
        if (serviceAccount is not null)
        {
            document["service_account_impersonation_url"] = new Uri(
                options.GoogleIamCredentialsUrl,
                $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(serviceAccount)}:generateAccessToken").ToString();
        }

        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static async Task<Secret> ExchangeAsync(string credentialsFile, CancellationToken cancellationToken)
    {
        FileSourcedExternalAccountCredential credential;
        try
        {
            credential = CredentialFactory.FromFile<FileSourcedExternalAccountCredential>(credentialsFile);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException or IOException)
        {
            throw new CloudLoginException($"gcp: the external_account credentials file is not valid: {e.GetType().Name}", e);
        }

        try
        {
            var scoped = credential.ToGoogleCredential().CreateScoped(CloudPlatformScope);
            var token = await scoped.UnderlyingCredential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(token))
            {
                throw new CloudLoginException("gcp: the token exchange returned no access token");
            }

            return new Secret("GCP access token", token);
        }
        catch (Exception e) when (e is not CloudLoginException and not OperationCanceledException)
        {
            // Google's messages quote the server's error description, never the subject token.
            throw new CloudLoginException($"gcp: the workload identity token exchange failed: {e.GetType().Name}", e);
        }
    }
}
