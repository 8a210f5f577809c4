using System.Net;
using System.Text;

namespace Pipelines.Tests.GitHub;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that answers from a script, one step per request, and
/// captures what it was sent (method, URI, headers, body).
/// </summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<CapturedRequest> _requests = [];

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    public ScriptedHandler Respond(HttpStatusCode status, string? json = null, params (string Name, string Value)[] headers)
    {
        _script.Enqueue((_, _) => Task.FromResult(Response(status, json, headers)));
        return this;
    }

    public ScriptedHandler Respond(HttpStatusCode status, HttpContent content)
    {
        _script.Enqueue((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = content }));
        return this;
    }

    public ScriptedHandler Throw(Exception exception)
    {
        _script.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>Never answers; completes only when the request is cancelled (a timeout).</summary>
    public ScriptedHandler Hang()
    {
        _script.Enqueue(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    public ScriptedHandler RespondRepeatedly(int times, HttpStatusCode status, string? json = null, params (string Name, string Value)[] headers)
    {
        for (var i = 0; i < times; i++)
        {
            Respond(status, json, headers);
        }

        return this;
    }

    public int Remaining => _script.Count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }
        }

        lock (_requests)
        {
            _requests.Add(new CapturedRequest(request.Method.Method, request.RequestUri!, headers, body));
        }

        if (!_script.TryDequeue(out var step))
        {
            throw new InvalidOperationException($"unexpected request {request.Method} {request.RequestUri}: the script is exhausted");
        }

        return await step(request, cancellationToken);
    }

    public static HttpResponseMessage Response(HttpStatusCode status, string? json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(json ?? string.Empty, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}

internal sealed record CapturedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    /// <summary>Path and query as sent, still escaped.</summary>
    public string PathAndQuery => Uri.PathAndQuery;
}
