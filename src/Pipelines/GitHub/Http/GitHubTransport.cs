using System.Net.Http.Headers;
using Pipelines.Security;
using Polly;
using Polly.Timeout;

namespace Pipelines.GitHub.Http;

/// <summary>
/// Sends one logical request with the token and GitHub's headers through the read or write
/// pipeline, and turns every way it can fail without an HTTP answer into a
/// <see cref="GitHubApiException"/> with a null status. HTTP errors are left to the caller,
/// which knows whether 404 means "absent".
/// </summary>
internal sealed class GitHubTransport
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly GitHubClientOptions _options;
    private readonly GitHubResilience _resilience;
    private readonly Secret _token;

    public GitHubTransport(HttpClient http, GitHubClientOptions options, GitHubResilience resilience, Secret token)
    {
        _http = http;
        _options = options;
        _resilience = resilience;
        _token = token;
    }

    public async Task<GitHubResponse> SendAsync(HttpMethod method, Uri uri, byte[]? jsonBody, string operation, CancellationToken cancellationToken)
    {
        var pipeline = method == HttpMethod.Get ? _resilience.Reads : _resilience.Writes;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(GitHubResilience.OperationKey, operation);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Self.AttemptAsync(state.Method, state.Uri, state.JsonBody, state.Operation, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (Self: this, Method: method, Uri: uri, JsonBody: jsonBody, Operation: operation)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new GitHubApiException(operation, null, $"timed out after {GitHubResilience.Format(_options.RequestTimeout)}", e);
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitHubApiException(operation, null, $"network error: {GitHubResilience.DescribeNetworkError(e)}", e);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitHubApiException(operation, null, "network error: connection reset", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitHubApiException(operation, null, "request aborted", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<GitHubResponse> AttemptAsync(HttpMethod method, Uri uri, byte[]? jsonBody, string operation, CancellationToken cancellationToken)
    {
        var current = uri;
        for (var hop = 0; ; hop++)
        {
            using var request = CreateRequest(method, current, jsonBody, withToken: GitHubRedirects.SameOrigin(current, uri));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (hop < GitHubRedirects.MaxRedirects && GitHubRedirects.Target(method, current, response) is { } next)
            {
                current = next;
                continue;
            }

            // A redirect that is not followed ends here as a 3xx, which the caller reports.
            return await ResponseReader.ReadAsync(response, _options.MaxResponseBytes, _options.TimeProvider, operation, cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, byte[]? jsonBody, bool withToken)
    {
        var request = new HttpRequestMessage(method, uri);
        if (withToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token.Reveal());
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = JsonContentType;
        }

        return request;
    }
}
