using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>AWS: the Actions OIDC token exchanged by STS AssumeRoleWithWebIdentity for session keys.</summary>
internal sealed partial class AwsWebIdentityLogin(CloudLoginOptions options) : ICloudLogin
{
    public const string Audience = "sts.amazonaws.com";
    private const string DefaultRegion = "us-east-1";

    [GeneratedRegex(@"[^\w+=,.@-]")]
    private static partial Regex SessionNameForbidden();

    public async Task<CloudSession> LoginAsync(CloudLoginRequest request, CancellationToken cancellationToken)
    {
        var auth = request.Auth;
        var roleArn = auth.RoleArn ?? throw new CloudLoginException("aws: role-arn is not configured");
        var region = auth.Region ?? DefaultRegion;
        var oidc = request.Oidc ?? throw new CloudLoginException("aws: no OIDC token source");
        var webIdentity = await oidc.GetTokenAsync(Audience, cancellationToken).ConfigureAwait(false);

        var config = new AmazonSecurityTokenServiceConfig { Timeout = TimeSpan.FromSeconds(30), MaxErrorRetry = 2 };
        if (options.AwsStsEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        // AssumeRoleWithWebIdentity is unsigned: the web identity token is the credential.
        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
        AssumeRoleWithWebIdentityResponse response;
        try
        {
            response = await sts.AssumeRoleWithWebIdentityAsync(
                new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = roleArn,
                    RoleSessionName = SessionName(request),
                    WebIdentityToken = webIdentity.Reveal(),
                    DurationSeconds = (int)Math.Clamp(options.SessionDuration.TotalSeconds, 900, 43200),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            throw new CloudLoginException($"aws: AssumeRoleWithWebIdentity for {roleArn} failed: {e.ErrorCode ?? e.StatusCode.ToString()}", e);
        }
        catch (AmazonClientException e)
        {
            throw new CloudLoginException($"aws: AssumeRoleWithWebIdentity for {roleArn} failed: {e.GetType().Name}", e);
        }

        var credentials = response.Credentials
            ?? throw new CloudLoginException("aws: AssumeRoleWithWebIdentity answered without credentials");
        var keyId = new Secret("AWS_ACCESS_KEY_ID", credentials.AccessKeyId ?? string.Empty);
        var secretKey = new Secret("AWS_SECRET_ACCESS_KEY", credentials.SecretAccessKey ?? string.Empty);
        var sessionToken = new Secret("AWS_SESSION_TOKEN", credentials.SessionToken ?? string.Empty);
        if (keyId.IsEmpty || secretKey.IsEmpty || sessionToken.IsEmpty)
        {
            throw new CloudLoginException("aws: AssumeRoleWithWebIdentity answered with incomplete credentials");
        }

        var environment = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = keyId.Reveal(),
            ["AWS_SECRET_ACCESS_KEY"] = secretKey.Reveal(),
            ["AWS_SESSION_TOKEN"] = sessionToken.Reveal(),
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
        });
        return new CloudSession($"aws: OIDC web identity as {roleArn} in {region}", environment, [keyId, secretKey, sessionToken, webIdentity], null);
    }

    // 2-64 characters of [\w+=,.@-]; CloudTrail shows it, so it names the run and plugin.
    private static string SessionName(CloudLoginRequest request)
    {
        var name = SessionNameForbidden().Replace($"live-deploy-{request.RunId}-{request.Plugin}", "-");
        return name.Length > 64 ? name[..64] : name;
    }
}
