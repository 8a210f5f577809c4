using System.Net.Http.Headers;
using Polly;
using Polly.Timeout;

namespace Pipelines.GitHub.Http;

/// <summary>
/// The <see cref="HttpMessageHandler"/> Octokit sends every request through: the product's rules
/// for talking to GitHub, which Octokit does not have. Per logical request: reads retried and
/// writes sent once (<see cref="GitHubResilience"/>); per attempt: a timeout, at most three
/// redirects on our terms (<see cref="GitHubRedirects"/>), the body read whole but capped
/// (<see cref="ResponseBuffer"/>); per hop: Octokit's Authorization header kept only for the
/// API's own origin (Octokit itself compares hosts only, and pagination follows whatever URL a
/// Link header names). Failures without an HTTP answer become <see cref="GitHubApiException"/>s
/// with a null status.
/// </summary>
internal sealed class GitHubHandler : DelegatingHandler
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly GitHubClientOptions _options;
    private readonly GitHubResilience _resilience;
    private readonly GitHubCallScope _scope;

    public GitHubHandler(HttpMessageHandler inner, GitHubClientOptions options, GitHubCallScope scope)
        : base(inner)
    {
        _options = options;
        _resilience = new GitHubResilience(options);
        _scope = scope;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = _scope.Operation;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _scope.CancellationToken);
        var callerToken = linked.Token;

        // Read once: every attempt and hop sends the same bytes.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(callerToken).ConfigureAwait(false);
        var pipeline = request.Method == HttpMethod.Get ? _resilience.Reads : _resilience.Writes;
        var context = ResilienceContextPool.Shared.Get(callerToken);
        context.Properties.Set(GitHubResilience.OperationKey, operation);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Self.AttemptAsync(state.Request, state.Body, state.Operation, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (Self: this, Request: request, Body: body, Operation: operation)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new GitHubApiException(operation, null, $"timed out after {GitHubResilience.Format(_options.RequestTimeout)}", e);
        }
        catch (HttpRequestException e) when (!callerToken.IsCancellationRequested)
        {
            throw new GitHubApiException(operation, null, $"network error: {GitHubResilience.DescribeNetworkError(e)}", e);
        }
        catch (IOException e) when (!callerToken.IsCancellationRequested)
        {
            throw new GitHubApiException(operation, null, "network error: connection reset", e);
        }
        catch (OperationCanceledException e) when (!callerToken.IsCancellationRequested)
        {
            throw new GitHubApiException(operation, null, "request aborted", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> AttemptAsync(HttpRequestMessage original, byte[]? body, string operation, CancellationToken cancellationToken)
    {
        var current = original.RequestUri!;
        for (var hop = 0; ; hop++)
        {
            using var request = Copy(original, current, body);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            try
            {
                if (hop < GitHubRedirects.MaxRedirects && GitHubRedirects.Target(original.Method, current, response) is { } next)
                {
                    response.Dispose();
                    current = next;
                    continue;
                }

                // Octokit follows any Location it sees (more hops, downgrades included). A
                // redirect not followed here ends here, as a 3xx the client reports.
                response.Headers.Location = null;
                await ResponseBuffer.BufferAsync(response, _options.MaxResponseBytes, operation, cancellationToken).ConfigureAwait(false);
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Octokit's request with GitHub's current media type and API version, our User-Agent, a
    /// JSON content type (Octokit labels bodies as form data) and the token only for the API origin.
    /// </summary>
    private HttpRequestMessage Copy(HttpRequestMessage original, Uri target, byte[]? body)
    {
        var request = new HttpRequestMessage(original.Method, target) { Version = original.Version };
        if (GitHubRedirects.SameOrigin(target, _options.ApiUrl) && original.Headers.Authorization is { } authorization)
        {
            request.Headers.Authorization = authorization;
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        return request;
    }
}
