namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>
/// Where the cloud logins send their token exchanges. Every endpoint defaults to the provider's
/// public one; overriding them points the logins at a private endpoint or, in tests, at loopback fakes.
/// </summary>
public sealed record CloudLoginOptions
{
    public static CloudLoginOptions Default { get; } = new();

    /// <summary>AWS STS (AssumeRoleWithWebIdentity); null means the regional public endpoint.</summary>
    public Uri? AwsStsEndpoint { get; init; }

    /// <summary>Google's Security Token Service token URL, written into the external_account file.</summary>
    public Uri GoogleStsTokenUrl { get; init; } = new("https://sts.googleapis.com/v1/token");

    /// <summary>Google's IAM Credentials API base, for service account impersonation.</summary>
    public Uri GoogleIamCredentialsUrl { get; init; } = new("https://iamcredentials.googleapis.com/");

    /// <summary>Microsoft Entra authority host; null means the public cloud's.</summary>
    public Uri? AzureAuthorityHost { get; init; }

    /// <summary>How long the cloud session should last; clamped to what each provider allows.</summary>
    public TimeSpan SessionDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Makes the handler behind every HTTP request the logins send (the OIDC token request, the
    /// Google exchange, the Azure check). Null uses a default handler.
    /// </summary>
    public Func<HttpMessageHandler>? HttpHandlerFactory { get; init; }

    public CloudLoginOptions WithAwsStsEndpoint(Uri? endpoint) => this with { AwsStsEndpoint = endpoint };

    public CloudLoginOptions WithGoogleEndpoints(Uri stsTokenUrl, Uri iamCredentialsUrl) =>
        this with { GoogleStsTokenUrl = stsTokenUrl, GoogleIamCredentialsUrl = iamCredentialsUrl };

    public CloudLoginOptions WithAzureAuthorityHost(Uri? authorityHost) => this with { AzureAuthorityHost = authorityHost };

    public CloudLoginOptions WithHttpHandlerFactory(Func<HttpMessageHandler>? factory) => this with { HttpHandlerFactory = factory };

    internal HttpClient CreateHttpClient(TimeSpan timeout) =>
        new(HttpHandlerFactory?.Invoke() ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = timeout };
}
