using System.Net.Http.Headers;
using System.Text.Json;
using Pipelines.Security;

namespace Pipelines.LiveDeploy.CloudLogin;

/// <summary>Asks GitHub Actions for an OIDC token (a JWT) for one audience.</summary>
public interface IOidcTokenSource
{
    Task<Secret> GetTokenAsync(string audience, CancellationToken cancellationToken);
}

/// <summary>
/// The Actions OIDC endpoint: <c>GET $ACTIONS_ID_TOKEN_REQUEST_URL&amp;audience=AUD</c> with
/// <c>Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN</c>; the job needs
/// <c>permissions: id-token: write</c> for the variables to exist.
/// </summary>
public sealed class GitHubActionsOidc : IOidcTokenSource
{
    public const string RequestUrlVariable = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public const string RequestTokenVariable = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    private readonly Uri _requestUrl;
    private readonly Secret _requestToken;
    private readonly CloudLoginOptions _options;

    public GitHubActionsOidc(Uri requestUrl, Secret requestToken, CloudLoginOptions options)
    {
        if (requestUrl.Scheme is not ("https" or "http"))
        {
            throw new CloudLoginException($"{RequestUrlVariable} is not an http(s) URL");
        }

        _requestUrl = requestUrl;
        _requestToken = requestToken;
        _options = options;
    }

    /// <summary>The source for this environment, or null outside GitHub Actions' OIDC (no request URL).</summary>
    public static GitHubActionsOidc? FromEnvironment(IReadOnlyDictionary<string, string> environment, CloudLoginOptions options)
    {
        if (!environment.TryGetValue(RequestUrlVariable, out var url) || string.IsNullOrEmpty(url))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new CloudLoginException($"{RequestUrlVariable} is not an absolute URL");
        }

        if (!environment.TryGetValue(RequestTokenVariable, out var token) || string.IsNullOrEmpty(token))
        {
            throw new CloudLoginException($"{RequestUrlVariable} is set but {RequestTokenVariable} is not (does the job have 'permissions: id-token: write'?)");
        }

        return new GitHubActionsOidc(uri, new Secret(RequestTokenVariable, token), options);
    }

    public async Task<Secret> GetTokenAsync(string audience, CancellationToken cancellationToken)
    {
        var separator = string.IsNullOrEmpty(_requestUrl.Query) ? "?" : "&";
        var url = new Uri(_requestUrl + separator + "audience=" + Uri.EscapeDataString(audience));
        using var http = _options.CreateHttpClient(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", _requestToken.Reveal());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new CloudLoginException($"the GitHub Actions OIDC token request for audience {audience} answered HTTP {(int)response.StatusCode}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("value", out var value)
                || value.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(value.GetString()))
            {
                throw new CloudLoginException("the GitHub Actions OIDC token response has no \"value\"");
            }

            return new Secret("OIDC token", value.GetString()!);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new CloudLoginException($"the GitHub Actions OIDC token request for audience {audience} failed: {e.GetType().Name}", e);
        }
    }
}
