using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipelines.Testing.LiveDeploy;

/// <summary>A loopback GitHub Actions OIDC endpoint: answers <c>{"value": "oidc-for-AUDIENCE"}</c> to the right bearer token.</summary>
public sealed class FakeActionsOidc : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private FakeActionsOidc(LoopbackServer server, string requestToken)
    {
        _server = server;
        RequestToken = requestToken;
    }

    public string RequestToken { get; }

    public ConcurrentQueue<string> Audiences { get; } = new();

    /// <summary>The value of ACTIONS_ID_TOKEN_REQUEST_URL (it already has a query, like GitHub's).</summary>
    public Uri RequestUrl => new(_server.BaseAddress, "token?api-version=2.0");

    public static string TokenFor(string audience) => "oidc-for-" + audience;

    public static async Task<FakeActionsOidc> StartAsync(string requestToken = "actions-request-token-123")
    {
        FakeActionsOidc? self = null;
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/token", (HttpRequest request) =>
        {
            if (request.Headers.Authorization.ToString() != "bearer " + requestToken)
            {
                return Results.StatusCode(401);
            }

            var audience = request.Query["audience"].ToString();
            self!.Audiences.Enqueue(audience);
            return Results.Json(new { value = TokenFor(audience) });
        })).ConfigureAwait(false);
        self = new FakeActionsOidc(server, requestToken);
        return self;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>A loopback AWS STS: AssumeRoleWithWebIdentity answers fixed session credentials in STS's XML.</summary>
public sealed class FakeAwsSts : IAsyncDisposable
{
    public const string AccessKeyId = "ASIAFAKEACCESSKEY123";
    public const string SecretAccessKey = "fake-secret-access-key-abcdef";
    public const string SessionToken = "fake-session-token-xyz987";

    private readonly LoopbackServer _server;

    private FakeAwsSts(LoopbackServer server) => _server = server;

    public Uri Endpoint => _server.BaseAddress;

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Requests { get; } = new();

    /// <summary>When set, every request answers this STS error code with HTTP 403.</summary>
    public string? RejectWith { get; set; }

    public static async Task<FakeAwsSts> StartAsync()
    {
        FakeAwsSts? self = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            self!.Requests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            if (self.RejectWith is { } code)
            {
                return Results.Content($"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>rejected by the fake</Message></Error><RequestId>r-1</RequestId></ErrorResponse>", "text/xml", statusCode: 403);
            }

            var expiration = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ");
            return Results.Content($"""
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <SubjectFromWebIdentityToken>repo:acme/live-deploy</SubjectFromWebIdentityToken>
                    <Audience>sts.amazonaws.com</Audience>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/live-deploy/{form["RoleSessionName"]}</Arn>
                      <AssumedRoleId>AROAFAKE:{form["RoleSessionName"]}</AssumedRoleId>
                    </AssumedRoleUser>
                    <Credentials>
                      <SessionToken>{SessionToken}</SessionToken>
                      <SecretAccessKey>{SecretAccessKey}</SecretAccessKey>
                      <Expiration>{expiration}</Expiration>
                      <AccessKeyId>{AccessKeyId}</AccessKeyId>
                    </Credentials>
                    <Provider>token.actions.githubusercontent.com</Provider>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>fake-request-1</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """, "text/xml");
        })).ConfigureAwait(false);
        self = new FakeAwsSts(server);
        return self;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>A loopback Google STS (<c>/v1/token</c>) and IAM Credentials (<c>generateAccessToken</c>).</summary>
public sealed class FakeGoogleSts : IAsyncDisposable
{
    public const string FederatedToken = "fake-google-federated-token";
    public const string ServiceAccountToken = "fake-google-sa-access-token";

    private readonly LoopbackServer _server;

    private FakeGoogleSts(LoopbackServer server) => _server = server;

    public Uri TokenUrl => new(_server.BaseAddress, "v1/token");

    public Uri IamCredentialsUrl => _server.BaseAddress;

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Exchanges { get; } = new();

    public ConcurrentQueue<string> Impersonations { get; } = new();

    public static async Task<FakeGoogleSts> StartAsync()
    {
        FakeGoogleSts? self = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v1/token", async (HttpRequest request) =>
            {
                var fields = request.HasFormContentType
                    ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
                    : (await System.Text.Json.JsonSerializer.DeserializeAsync<Dictionary<string, string>>(request.Body))!;
                self!.Exchanges.Enqueue(fields);
                return Results.Json(new Dictionary<string, object>
                {
                    ["access_token"] = FederatedToken,
                    ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
                    ["token_type"] = "Bearer",
                    ["expires_in"] = 3600,
                });
            });
            app.MapPost("/v1/projects/-/serviceAccounts/{account}", (string account, HttpRequest request) =>
            {
                self!.Impersonations.Enqueue(account + " " + request.Headers.Authorization);
                return Results.Json(new Dictionary<string, object>
                {
                    ["accessToken"] = ServiceAccountToken,
                    ["expireTime"] = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ"),
                });
            });
        }).ConfigureAwait(false);
        self = new FakeGoogleSts(server);
        return self;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>
/// A loopback Microsoft Entra token endpoint over HTTPS (MSAL insists on HTTPS) with a
/// self-signed certificate; <see cref="CreateHandler"/> trusts exactly that certificate.
/// </summary>
public sealed class FakeAzureAuthority : IAsyncDisposable
{
    public const string AccessToken = "fake-azure-access-token";

    private readonly LoopbackServer _server;
    private readonly X509Certificate2 _certificate;

    private FakeAzureAuthority(LoopbackServer server, X509Certificate2 certificate)
    {
        _server = server;
        _certificate = certificate;
    }

    public Uri AuthorityHost => _server.BaseAddress;

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString() },
    };

    public static async Task<FakeAzureAuthority> StartAsync()
    {
        var certificate = CreateCertificate();
        FakeAzureAuthority? self = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpRequest request) =>
            {
                var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
                form["tenant"] = tenant;
                self!.TokenRequests.Enqueue(form);
                return Results.Json(new Dictionary<string, object>
                {
                    ["token_type"] = "Bearer",
                    ["expires_in"] = 3599,
                    ["ext_expires_in"] = 3599,
                    ["access_token"] = AccessToken,
                });
            });
            app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpRequest request) =>
            {
                var issuer = $"{request.Scheme}://{request.Host}/{tenant}";
                return Results.Json(new Dictionary<string, object>
                {
                    ["token_endpoint"] = $"{issuer}/oauth2/v2.0/token",
                    ["authorization_endpoint"] = $"{issuer}/oauth2/v2.0/authorize",
                    ["issuer"] = $"{issuer}/v2.0",
                });
            });
        }, certificate).ConfigureAwait(false);
        self = new FakeAzureAuthority(server, certificate);
        return self;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form the platform TLS stack accepts.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        _certificate.Dispose();
    }
}
