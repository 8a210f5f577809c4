using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Testing.GitHub;

/// <summary>An answer before it is written: status, JSON body, extra headers.</summary>
internal sealed record EmulatorResponse(int Status, string? Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static EmulatorResponse Json(int status, JsonNode body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, body.ToJsonString(), headers);

    public static EmulatorResponse Error(int status, string message) => new(status, Fault.ErrorBody(message));

    public static EmulatorResponse NotFound() => Error(404, "Not Found");

    /// <summary>GitHub's 422 for a request it understood but refuses.</summary>
    public static EmulatorResponse Unprocessable(string message) => Error(422, message);

    public static EmulatorResponse NoContent() => new(204, null);

    public bool IsSuccess => Status is >= 200 and <= 299;
}

/// <summary>What a route handler sees: the matched values, the parsed request, the caller.</summary>
internal sealed class RouteContext
{
    private JsonObject? _body;
    private bool _bodyParsed;

    public RouteContext(RecordedRequest request, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> query, EmulatedRepository repo, string apiRoot, string? login = null)
    {
        Login = login;
        Request = request;
        Values = values;
        Query = query;
        Repo = repo;
        ApiRoot = apiRoot;
    }

    public RecordedRequest Request { get; }

    public IReadOnlyDictionary<string, string> Values { get; }

    public IReadOnlyDictionary<string, string> Query { get; }

    public EmulatedRepository Repo { get; }

    /// <summary>Absolute API root ending in '/', for Link headers and url fields.</summary>
    public string ApiRoot { get; }

    public string? TokenName => Request.TokenName;

    /// <summary>The account the caller's token acts as: the author of what it writes.</summary>
    public string? Login { get; }

    /// <summary>The JSON object body, or null when it is absent or not an object.</summary>
    public JsonObject? Body
    {
        get
        {
            if (!_bodyParsed)
            {
                _bodyParsed = true;
                try
                {
                    _body = Request.Body.Length == 0 ? null : JsonNode.Parse(Request.Body) as JsonObject;
                }
                catch (JsonException)
                {
                    _body = null;
                }
            }

            return _body;
        }
    }

    public bool BodyIsValidJson
    {
        get
        {
            if (Request.Body.Length == 0)
            {
                return true;
            }

            try
            {
                JsonNode.Parse(Request.Body);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }

    public string? String(string name) =>
        Body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public bool? Bool(string name) =>
        Body?[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public int QueryInt(string name, int fallback, int max) =>
        Query.TryGetValue(name, out var text) && int.TryParse(text, out var value) && value > 0 ? Math.Min(value, max) : fallback;
}

internal sealed record RouteMatch(Route Route, Dictionary<string, string> Values);

/// <summary>
/// A route template over decoded path segments: <c>{name}</c> takes one segment and
/// <c>{*name}</c> the rest (slashes included), as GitHub treats branch names and file paths.
/// </summary>
internal sealed class Route
{
    private readonly string[] _segments;

    public Route(string method, string template, RoutePermission permission, Func<RouteContext, EmulatorResponse> handler)
    {
        Method = method;
        Template = template;
        Permission = permission;
        Handler = handler;
        _segments = template.Trim('/').Split('/');
    }

    public string Method { get; }

    public string Template { get; }

    public RoutePermission Permission { get; }

    public Func<RouteContext, EmulatorResponse> Handler { get; }

    public string Name => $"{Method} /{Template.Replace("{*", "{", StringComparison.Ordinal)}";

    public Dictionary<string, string>? Match(IReadOnlyList<string> segments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _segments.Length; i++)
        {
            var template = _segments[i];
            if (template.StartsWith("{*", StringComparison.Ordinal))
            {
                if (i >= segments.Count)
                {
                    return null;
                }

                values[template[2..^1]] = string.Join('/', segments.Skip(i));
                return segments.Skip(i).All(s => s.Length > 0) ? values : null;
            }

            if (i >= segments.Count)
            {
                return null;
            }

            if (template.StartsWith('{'))
            {
                if (segments[i].Length == 0)
                {
                    return null;
                }

                values[template[1..^1]] = segments[i];
            }
            else if (!string.Equals(template, segments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return segments.Count == _segments.Length ? values : null;
    }
}
