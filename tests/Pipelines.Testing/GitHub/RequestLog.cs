namespace Pipelines.Testing.GitHub;

/// <summary>
/// One request the emulator received. Holds the token's <em>name</em> (as registered with
/// <see cref="GitHubEmulator.AddToken"/>), never its value.
/// </summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(long sequence, string method, string path, string query, string? route, string? tokenName, string body, DateTimeOffset time)
    {
        Sequence = sequence;
        Method = method;
        Path = path;
        Query = query;
        Route = route;
        TokenName = tokenName;
        Body = body;
        Time = time;
    }

    public long Sequence { get; }

    public string Method { get; }

    /// <summary>Decoded path without the API prefix, e.g. <c>/repos/o/r/git/refs/heads/prod</c>.</summary>
    public string Path { get; }

    /// <summary>Raw query string without the leading <c>?</c>.</summary>
    public string Query { get; }

    /// <summary>The route template, e.g. <c>PATCH /repos/{owner}/{repo}/git/refs/heads/{branch}</c>; null when no route matched.</summary>
    public string? Route { get; }

    /// <summary>Null when the request carried no token or one the emulator does not know.</summary>
    public string? TokenName { get; }

    public string Body { get; }

    public DateTimeOffset Time { get; }

    /// <summary>The status sent, or null when the connection was dropped or the request is still in flight.</summary>
    public int? Status { get; internal set; }

    /// <summary>The fault applied, if any.</summary>
    public FaultKind? Fault { get; internal set; }

    /// <summary>True when the request changed state (a write that landed, whatever the client saw).</summary>
    public bool Applied { get; internal set; }

    public bool IsWrite => Method is "POST" or "PATCH" or "PUT" or "DELETE";

    public override string ToString() => $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : string.Empty)} [{TokenName ?? "-"}] → {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "dropped"}";
}

/// <summary>Every request the emulator received, in arrival order.</summary>
public sealed class RequestLog
{
    private readonly object _sync = new();
    private readonly List<RecordedRequest> _requests = [];
    private long _sequence;

    public IReadOnlyList<RecordedRequest> All
    {
        get
        {
            lock (_sync)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Requests matching a method (or <c>*</c>) and a path glob (<c>*</c> within a segment, <c>**</c> across).</summary>
    public IReadOnlyList<RecordedRequest> Matching(string method, string pathPattern)
    {
        var pattern = new PathPattern(pathPattern);
        return All.Where(r => (method == "*" || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)) && pattern.IsMatch(r.Path)).ToArray();
    }

    public int Count(string method, string pathPattern) => Matching(method, pathPattern).Count;

    public IReadOnlyList<RecordedRequest> Writes => All.Where(r => r.IsWrite).ToArray();

    public void Clear()
    {
        lock (_sync)
        {
            _requests.Clear();
        }
    }

    internal RecordedRequest Add(string method, string path, string query, string? route, string? tokenName, string body, DateTimeOffset time)
    {
        lock (_sync)
        {
            var request = new RecordedRequest(++_sequence, method, path, query, route, tokenName, body, time);
            _requests.Add(request);
            return request;
        }
    }
}
