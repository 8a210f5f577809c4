using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Testing.GitHub;

/// <summary>What a route outside <c>repos/{owner}/{repo}</c> sees: the request, the caller, all state.</summary>
internal sealed record GlobalRouteContext(RecordedRequest Request, EmulatedToken Token, EmulatorState State);

internal sealed record GlobalRoute(string Method, string Path, Func<GlobalRouteContext, EmulatorResponse> Handler)
{
    public string Name => $"{Method} /{Path}";
}

/// <summary>
/// <c>GET /user</c> and <c>POST /graphql</c> (only the <c>updateRefs</c> mutation). Semantics from
/// GitHub's GraphQL reference (docs.github.com/en/graphql/reference/mutations#updaterefs): every
/// RefUpdate applies only if its ref points at <c>beforeOid</c> (the all-zero OID: must not
/// exist); an all-zero <c>afterOid</c> deletes; without <c>force</c> a move must fast-forward; and
/// the whole list applies atomically or not at all. GraphQL refusals answer 200 with an
/// <c>errors</c> array. <c>GET /user</c> answers 403 for a GitHub App installation token, as GitHub does.
/// </summary>
internal static class EmulatorGlobalRoutes
{
    public const string ZeroOid = "0000000000000000000000000000000000000000";

    private static readonly GlobalRoute[] Routes =
    [
        new("GET", "user", GetUser),
        new("POST", "graphql", GraphQL),
    ];

    public static GlobalRoute? Find(string method, IReadOnlyList<string> segments) =>
        segments.Count == 1 ? Routes.FirstOrDefault(r => r.Method == method && r.Path == segments[0]) : null;

    private static EmulatorResponse GetUser(GlobalRouteContext context) =>
        context.Token.IsApp
            ? EmulatorResponse.Error(403, "Resource not accessible by integration")
            : EmulatorResponse.Json(200, new JsonObject
            {
                ["login"] = context.Token.Login,
                ["id"] = 5000 + Math.Abs(context.Token.Login.GetHashCode(StringComparison.Ordinal) % 100000),
                ["type"] = "User",
            });

    private static EmulatorResponse GraphQL(GlobalRouteContext context)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(context.Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?["query"] is not JsonValue queryValue || !queryValue.TryGetValue<string>(out var query))
        {
            return EmulatorResponse.Error(400, "Problems parsing JSON");
        }

        if (!query.Contains("updateRefs(", StringComparison.Ordinal))
        {
            return Errors(null, "The emulator serves only the updateRefs mutation");
        }

        var variables = body["variables"] as JsonObject;
        var repositoryId = variables?["repositoryId"]?.GetValue<string>();
        if (repositoryId is null || variables?["refUpdates"] is not JsonArray updates || updates.Count == 0)
        {
            return Errors("INVALID", "Variable $repositoryId and $refUpdates are required");
        }

        var repo = context.State.FindRepositoryByNodeId(repositoryId);
        if (repo is null)
        {
            return Errors("NOT_FOUND", $"Could not resolve to a node with the global id of '{repositoryId}'");
        }

        if (!context.Token.MayWrite(repo.FullName, RoutePermission.Contents))
        {
            return Errors("FORBIDDEN", "Resource not accessible by personal access token");
        }

        var parsed = new List<(string Branch, string? Before, string After, bool Force)>();
        foreach (var node in updates)
        {
            var name = node?["name"]?.GetValue<string>();
            var after = node?["afterOid"]?.GetValue<string>();
            var before = node?["beforeOid"]?.GetValue<string>();
            var force = node?["force"]?.GetValue<bool>() ?? false;
            if (name is null || after is null || !name.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                return Errors("INVALID", $"The emulator only updates branches by full name (refs/heads/*), got '{name}'");
            }

            parsed.Add((name["refs/heads/".Length..], before is null ? null : before.ToLowerInvariant(), after.ToLowerInvariant(), force));
        }

        // Check every update before applying any: all or nothing.
        foreach (var (branch, before, after, force) in parsed)
        {
            var current = repo.Branch(branch);
            if (before is not null && (before == ZeroOid ? current is not null : current != before))
            {
                return Errors("STALE_DATA", $"A ref update for refs/heads/{branch} was rejected: expected {before}, the ref is at {current ?? ZeroOid}");
            }

            if (after != ZeroOid && !repo.HasCommit(after))
            {
                return Errors("UNPROCESSABLE", $"Object does not exist: {after}");
            }

            if (after == ZeroOid && current is null)
            {
                return Errors("UNPROCESSABLE", $"Reference does not exist: refs/heads/{branch}");
            }

            if (!force && current is not null && after != ZeroOid && !repo.IsAncestor(current, after))
            {
                return Errors("UNPROCESSABLE", $"Update to refs/heads/{branch} is not a fast forward");
            }
        }

        foreach (var (branch, _, after, force) in parsed)
        {
            if (after == ZeroOid)
            {
                repo.RemoveBranch(branch, context.Token.Name);
            }
            else if (repo.Branch(branch) != after)
            {
                repo.MoveBranch(branch, after, force, context.Token.Name);
            }
        }

        context.Request.Applied = true;
        return EmulatorResponse.Json(200, new JsonObject
        {
            ["data"] = new JsonObject { ["updateRefs"] = new JsonObject { ["clientMutationId"] = null } },
        });
    }

    private static EmulatorResponse Errors(string? type, string message)
    {
        var error = new JsonObject { ["message"] = message, ["path"] = new JsonArray("updateRefs") };
        if (type is not null)
        {
            error["type"] = type;
        }

        return EmulatorResponse.Json(200, new JsonObject
        {
            ["data"] = new JsonObject { ["updateRefs"] = null },
            ["errors"] = new JsonArray(error),
        });
    }
}
