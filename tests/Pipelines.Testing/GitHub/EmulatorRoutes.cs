using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipelines.Testing.GitHub;

/// <summary>
/// The REST routes the emulator serves, with GitHub's status codes and messages for the cases
/// Pipelines meets (fast-forward refusal, existing refs, stale blob SHAs, duplicate pull
/// requests). Handlers run under the emulator's lock.
/// </summary>
internal static class EmulatorRoutes
{
    private const int MaxBodyLength = 65536;
    private const string Repo = "repos/{owner}/{repo}";

    public static IReadOnlyList<Route> All { get; } =
    [
        new("GET", Repo, RoutePermission.Read, GetRepository),
        new("GET", $"{Repo}/git/ref/heads/{{*branch}}", RoutePermission.Read, GetRef),
        new("GET", $"{Repo}/branches/{{*branch}}", RoutePermission.Read, GetBranch),
        new("POST", $"{Repo}/git/refs", RoutePermission.Contents, CreateRef),
        new("PATCH", $"{Repo}/git/refs/heads/{{*branch}}", RoutePermission.Contents, UpdateRef),
        new("DELETE", $"{Repo}/git/refs/heads/{{*branch}}", RoutePermission.Contents, DeleteRef),
        new("GET", $"{Repo}/compare/{{*basehead}}", RoutePermission.Read, Compare),
        new("GET", $"{Repo}/issues", RoutePermission.Read, ListIssues),
        new("POST", $"{Repo}/issues", RoutePermission.Issues, CreateIssue),
        new("GET", $"{Repo}/issues/{{number}}", RoutePermission.Read, GetIssue),
        new("PATCH", $"{Repo}/issues/{{number}}", RoutePermission.Issues, UpdateIssue),
        new("GET", $"{Repo}/issues/{{number}}/comments", RoutePermission.Read, ListComments),
        new("POST", $"{Repo}/issues/{{number}}/comments", RoutePermission.Issues, CreateComment),
        new("GET", $"{Repo}/contents/{{*path}}", RoutePermission.Read, GetContents),
        new("PUT", $"{Repo}/contents/{{*path}}", RoutePermission.Contents, PutContents),
        new("GET", $"{Repo}/pulls", RoutePermission.Read, ListPulls),
        new("POST", $"{Repo}/pulls", RoutePermission.PullRequests, CreatePull),
    ];

    // ---------------- repository ----------------

    private static EmulatorResponse GetRepository(RouteContext context) => EmulatorResponse.Json(200, new JsonObject
    {
        ["id"] = 1000 + Math.Abs(context.Repo.FullName.GetHashCode(StringComparison.Ordinal) % 100000),
        ["node_id"] = context.Repo.NodeId,
        ["name"] = context.Repo.Name,
        ["full_name"] = context.Repo.FullName,
        ["owner"] = new JsonObject { ["login"] = context.Repo.Owner },
        ["private"] = false,
        ["html_url"] = context.Repo.WebUrl.TrimEnd('/'),
        ["url"] = RepoApi(context).TrimEnd('/'),
        ["default_branch"] = context.Repo.DefaultBranch,
    });

    // ---------------- refs ----------------

    private static EmulatorResponse GetRef(RouteContext context)
    {
        var branch = context.Values["branch"];
        return context.Repo.Branch(branch) is { } sha
            ? EmulatorResponse.Json(200, RefJson(context, branch, sha))
            : EmulatorResponse.NotFound();
    }

    private static EmulatorResponse GetBranch(RouteContext context)
    {
        var branch = context.Values["branch"];
        if (context.Repo.Branch(branch) is not { } sha)
        {
            return EmulatorResponse.Error(404, "Branch not found");
        }

        return EmulatorResponse.Json(200, new JsonObject
        {
            ["name"] = branch,
            ["commit"] = new JsonObject { ["sha"] = sha, ["url"] = $"{RepoApi(context)}commits/{sha}" },
            ["protected"] = false,
        });
    }

    private static EmulatorResponse CreateRef(RouteContext context)
    {
        if (Invalid(context, "ref", "sha") is { } invalid)
        {
            return invalid;
        }

        var fullRef = context.String("ref")!;
        var sha = context.String("sha")!.ToLowerInvariant();
        if (!fullRef.StartsWith("refs/", StringComparison.Ordinal) || fullRef.Count(c => c == '/') < 2)
        {
            return EmulatorResponse.Unprocessable("Reference name is invalid; it must start with 'refs/' and have at least two slashes.");
        }

        if (!fullRef.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            return EmulatorResponse.Unprocessable("The emulator only stores branches (refs/heads/*).");
        }

        var branch = fullRef["refs/heads/".Length..];
        if (!context.Repo.HasCommit(sha))
        {
            return EmulatorResponse.Unprocessable("Object does not exist");
        }

        if (context.Repo.Branch(branch) is not null)
        {
            return EmulatorResponse.Unprocessable("Reference already exists");
        }

        context.Repo.MoveBranch(branch, sha, forced: false, context.TokenName);
        return Applied(context, EmulatorResponse.Json(201, RefJson(context, branch, sha)));
    }

    private static EmulatorResponse UpdateRef(RouteContext context)
    {
        if (Invalid(context, "sha") is { } invalid)
        {
            return invalid;
        }

        var branch = context.Values["branch"];
        var sha = context.String("sha")!.ToLowerInvariant();
        var force = context.Bool("force") ?? false;
        if (context.Repo.Branch(branch) is not { } current)
        {
            return EmulatorResponse.Unprocessable("Reference does not exist");
        }

        if (!context.Repo.HasCommit(sha))
        {
            return EmulatorResponse.Unprocessable("Object does not exist");
        }

        if (!force && !context.Repo.IsAncestor(current, sha))
        {
            return EmulatorResponse.Unprocessable("Update is not a fast forward");
        }

        if (current != sha)
        {
            context.Repo.MoveBranch(branch, sha, force, context.TokenName);
        }

        return Applied(context, EmulatorResponse.Json(200, RefJson(context, branch, sha)));
    }

    private static EmulatorResponse DeleteRef(RouteContext context)
    {
        return context.Repo.RemoveBranch(context.Values["branch"], context.TokenName)
            ? Applied(context, EmulatorResponse.NoContent())
            : EmulatorResponse.Unprocessable("Reference does not exist");
    }

    private static EmulatorResponse Compare(RouteContext context)
    {
        var basehead = context.Values["basehead"];
        var separator = basehead.IndexOf("...", StringComparison.Ordinal);
        if (separator <= 0 || separator + 3 >= basehead.Length)
        {
            return EmulatorResponse.NotFound();
        }

        var baseSha = context.Repo.Resolve(basehead[..separator]);
        var headSha = context.Repo.Resolve(basehead[(separator + 3)..]);
        if (baseSha is null || headSha is null)
        {
            return EmulatorResponse.NotFound();
        }

        var comparison = context.Repo.CompareCommits(baseSha, headSha);
        var perPage = context.QueryInt("per_page", 250, 250);
        var commits = new JsonArray(context.Repo.CommitsBetween(baseSha, headSha).Take(perPage)
            .Select(c => (JsonNode)new JsonObject { ["sha"] = c }).ToArray());
        return EmulatorResponse.Json(200, new JsonObject
        {
            ["url"] = $"{RepoApi(context)}compare/{basehead}",
            ["html_url"] = $"{WebRepo(context)}compare/{basehead}",
            ["status"] = comparison.Status,
            ["ahead_by"] = comparison.AheadBy,
            ["behind_by"] = comparison.BehindBy,
            ["total_commits"] = comparison.AheadBy,
            ["base_commit"] = new JsonObject { ["sha"] = baseSha },
            ["merge_base_commit"] = comparison.MergeBase is null ? null : new JsonObject { ["sha"] = comparison.MergeBase },
            ["commits"] = commits,
            ["files"] = new JsonArray(),
        });
    }

    // ---------------- issues and comments ----------------

    private static EmulatorResponse ListIssues(RouteContext context)
    {
        var state = context.Query.GetValueOrDefault("state", "open");
        var labels = context.Query.TryGetValue("labels", out var labelText)
            ? labelText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        var issues = context.Repo.AllIssues
            .Where(i => state == "all" || i.State == state)
            .Where(i => labels.All(l => i.Labels.Contains(l, StringComparer.OrdinalIgnoreCase)))
            .OrderByDescending(i => i.Number)
            .Select(i => (JsonNode)IssueJson(context, i));
        return Page(context, issues);
    }

    private static EmulatorResponse CreateIssue(RouteContext context)
    {
        if (Invalid(context, "title") is { } invalid)
        {
            return invalid;
        }

        var body = context.String("body") ?? string.Empty;
        if (body.Length > MaxBodyLength)
        {
            return EmulatorResponse.Unprocessable($"body is too long (maximum is {MaxBodyLength} characters)");
        }

        var labels = (context.Body!["labels"] as JsonArray)?.Select(l => l?.GetValue<string>() ?? string.Empty).Where(l => l.Length > 0) ?? [];
        var issue = context.Repo.NewIssue(context.String("title")!, body, labels, context.Login, pull: null);
        return Applied(context, EmulatorResponse.Json(201, IssueJson(context, issue)));
    }

    private static EmulatorResponse GetIssue(RouteContext context) =>
        FindIssue(context) is { } issue ? EmulatorResponse.Json(200, IssueJson(context, issue)) : EmulatorResponse.NotFound();

    private static EmulatorResponse UpdateIssue(RouteContext context)
    {
        if (FindIssue(context) is not { } issue)
        {
            return EmulatorResponse.NotFound();
        }

        if (!context.BodyIsValidJson || context.Body is null)
        {
            return EmulatorResponse.Error(400, "Problems parsing JSON");
        }

        if (context.String("state") is { } state)
        {
            if (state is not ("open" or "closed"))
            {
                return EmulatorResponse.Unprocessable("Validation Failed: state must be open or closed");
            }

            issue.State = state;
        }

        issue.Title = context.String("title") ?? issue.Title;
        issue.Body = context.String("body") ?? issue.Body;
        if (context.Body["labels"] is JsonArray labels)
        {
            issue.Labels = labels.Select(l => l?.GetValue<string>() ?? string.Empty).Where(l => l.Length > 0).ToList();
        }

        return Applied(context, EmulatorResponse.Json(200, IssueJson(context, issue)));
    }

    private static EmulatorResponse ListComments(RouteContext context) =>
        FindIssue(context) is { } issue
            ? Page(context, issue.Comments.Select(c => (JsonNode)CommentJson(context, issue, c)))
            : EmulatorResponse.NotFound();

    private static EmulatorResponse CreateComment(RouteContext context)
    {
        if (FindIssue(context) is not { } issue)
        {
            return EmulatorResponse.NotFound();
        }

        if (Invalid(context, "body") is { } invalid)
        {
            return invalid;
        }

        var body = context.String("body")!;
        if (body.Length > MaxBodyLength)
        {
            return EmulatorResponse.Unprocessable($"Body is too long (maximum is {MaxBodyLength} characters)");
        }

        var comment = context.Repo.NewComment(issue, body, context.Login);
        return Applied(context, EmulatorResponse.Json(201, CommentJson(context, issue, comment)));
    }

    // ---------------- contents ----------------

    private static EmulatorResponse GetContents(RouteContext context)
    {
        var path = context.Values["path"];
        var reference = context.Query.GetValueOrDefault("ref", context.Repo.DefaultBranch);
        if (context.Repo.Resolve(reference) is not { } commit)
        {
            return EmulatorResponse.Error(404, $"No commit found for the ref {reference}");
        }

        var tree = context.Repo.Tree(commit);
        if (tree.TryGetValue(path, out var content))
        {
            return EmulatorResponse.Json(200, FileJson(context, path, content, includeContent: true, reference));
        }

        var prefix = path + "/";
        var children = tree.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        if (children.Length == 0)
        {
            return EmulatorResponse.NotFound();
        }

        // A directory: one entry per direct child, files only (subdirectories appear as type dir).
        var entries = children
            .Select(f => f.Key[prefix.Length..])
            .Select(rest => rest.Contains('/') ? rest[..rest.IndexOf('/')] : rest)
            .Distinct(StringComparer.Ordinal)
            .Select(name => tree.TryGetValue(prefix + name, out var file)
                ? FileJson(context, prefix + name, file, includeContent: false, reference)
                : new JsonObject { ["type"] = "dir", ["name"] = name, ["path"] = prefix + name, ["sha"] = EmulatedRepository.BlobSha(prefix + name) })
            .Select(node => (JsonNode)node);
        return EmulatorResponse.Json(200, new JsonArray(entries.ToArray()));
    }

    private static EmulatorResponse PutContents(RouteContext context)
    {
        if (Invalid(context, "message", "content") is { } invalid)
        {
            return invalid;
        }

        var path = context.Values["path"];
        var branch = context.String("branch") ?? context.Repo.DefaultBranch;
        if (context.Repo.Branch(branch) is not { } head)
        {
            return EmulatorResponse.Error(404, $"Branch {branch} not found");
        }

        string content;
        try
        {
            content = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(context.String("content")!));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return EmulatorResponse.Unprocessable("content is not valid Base64");
        }

        var existing = context.Repo.Tree(head).GetValueOrDefault(path);
        var givenSha = context.String("sha");
        if (existing is not null && givenSha is null)
        {
            return EmulatorResponse.Unprocessable("Invalid request.\n\n\"sha\" wasn't supplied.");
        }

        if (givenSha is not null && (existing is null || givenSha != EmulatedRepository.BlobSha(existing)))
        {
            return EmulatorResponse.Error(409, $"{path} does not match {givenSha}");
        }

        var commit = context.Repo.CommitFiles(new Dictionary<string, string?> { [path] = content }, head);
        context.Repo.MoveBranch(branch, commit, forced: false, context.TokenName);
        return Applied(context, EmulatorResponse.Json(existing is null ? 201 : 200, new JsonObject
        {
            ["content"] = FileJson(context, path, content, includeContent: false, branch),
            ["commit"] = new JsonObject
            {
                ["sha"] = commit,
                ["message"] = context.String("message"),
                ["parents"] = new JsonArray(new JsonObject { ["sha"] = head }),
            },
        }));
    }

    // ---------------- pull requests ----------------

    private static EmulatorResponse ListPulls(RouteContext context)
    {
        var state = context.Query.GetValueOrDefault("state", "open");
        var head = context.Query.GetValueOrDefault("head");
        var @base = context.Query.GetValueOrDefault("base");
        var pulls = context.Repo.AllIssues
            .Where(i => i.Pull is not null)
            .Where(i => state == "all" || i.State == state)
            .Where(i => head is null || head == $"{context.Repo.Owner}:{i.Pull!.Head}")
            .Where(i => @base is null || @base == i.Pull!.Base)
            .OrderByDescending(i => i.Number)
            .Select(i => (JsonNode)PullJson(context, i));
        return Page(context, pulls);
    }

    private static EmulatorResponse CreatePull(RouteContext context)
    {
        if (Invalid(context, "title", "head", "base") is { } invalid)
        {
            return invalid;
        }

        var head = context.String("head")!;
        var ownerPrefix = context.Repo.Owner + ":";
        head = head.StartsWith(ownerPrefix, StringComparison.Ordinal) ? head[ownerPrefix.Length..] : head;
        var @base = context.String("base")!;
        var headSha = context.Repo.Branch(head);
        var baseSha = context.Repo.Branch(@base);
        if (headSha is null || baseSha is null)
        {
            var field = headSha is null ? "head" : "base";
            return EmulatorResponse.Json(422, new JsonObject
            {
                ["message"] = "Validation Failed",
                ["errors"] = new JsonArray(new JsonObject { ["resource"] = "PullRequest", ["field"] = field, ["code"] = "invalid" }),
            });
        }

        if (context.Repo.AllIssues.Any(i => i.Pull is { } p && i.State == "open" && p.Head == head && p.Base == @base))
        {
            return EmulatorResponse.Unprocessable($"Validation Failed: A pull request already exists for {ownerPrefix}{head}.");
        }

        if (context.Repo.CommitsBetween(baseSha, headSha).Count == 0)
        {
            return EmulatorResponse.Unprocessable($"Validation Failed: No commits between {@base} and {head}");
        }

        var body = context.String("body") ?? string.Empty;
        var issue = context.Repo.NewIssue(context.String("title")!, body, [], context.Login, new PullState(head, @base));
        return Applied(context, EmulatorResponse.Json(201, PullJson(context, issue)));
    }

    // ---------------- JSON shapes (the fields GitHub sends that clients commonly read) ----------------

    private static JsonObject RefJson(RouteContext context, string branch, string sha) => new()
    {
        ["ref"] = $"refs/heads/{branch}",
        ["node_id"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"ref:{context.Repo.FullName}:{branch}")),
        ["url"] = $"{RepoApi(context)}git/refs/heads/{branch}",
        ["object"] = new JsonObject
        {
            ["type"] = "commit",
            ["sha"] = sha,
            ["url"] = $"{RepoApi(context)}git/commits/{sha}",
        },
    };

    private static JsonObject IssueJson(RouteContext context, IssueState issue)
    {
        var json = new JsonObject
        {
            ["id"] = 100000 + issue.Number,
            ["number"] = issue.Number,
            ["url"] = $"{RepoApi(context)}issues/{issue.Number}",
            ["html_url"] = context.Repo.IssueHtmlUrl(issue),
            ["title"] = issue.Title,
            ["body"] = issue.Body,
            ["state"] = issue.State,
            ["labels"] = new JsonArray(issue.Labels.Select(l => (JsonNode)new JsonObject { ["name"] = l }).ToArray()),
            ["user"] = new JsonObject { ["login"] = issue.Author ?? "emulator" },
            ["comments"] = issue.Comments.Count,
            ["created_at"] = issue.Created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        if (issue.Pull is not null)
        {
            json["pull_request"] = new JsonObject
            {
                ["url"] = $"{RepoApi(context)}pulls/{issue.Number}",
                ["html_url"] = context.Repo.IssueHtmlUrl(issue),
            };
        }

        return json;
    }

    private static JsonObject CommentJson(RouteContext context, IssueState issue, CommentState comment) => new()
    {
        ["id"] = comment.Id,
        ["url"] = $"{RepoApi(context)}issues/comments/{comment.Id}",
        ["html_url"] = context.Repo.CommentHtmlUrl(issue, comment),
        ["issue_url"] = $"{RepoApi(context)}issues/{issue.Number}",
        ["body"] = comment.Body,
        ["user"] = new JsonObject { ["login"] = comment.Author ?? "emulator" },
        ["created_at"] = comment.Created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    };

    private static JsonObject PullJson(RouteContext context, IssueState issue) => new()
    {
        ["id"] = 200000 + issue.Number,
        ["number"] = issue.Number,
        ["url"] = $"{RepoApi(context)}pulls/{issue.Number}",
        ["html_url"] = context.Repo.IssueHtmlUrl(issue),
        ["state"] = issue.State,
        ["title"] = issue.Title,
        ["body"] = issue.Body,
        ["user"] = new JsonObject { ["login"] = issue.Author ?? "emulator" },
        ["head"] = new JsonObject
        {
            ["ref"] = issue.Pull!.Head,
            ["label"] = $"{context.Repo.Owner}:{issue.Pull.Head}",
            ["sha"] = context.Repo.Branch(issue.Pull.Head),
        },
        ["base"] = new JsonObject
        {
            ["ref"] = issue.Pull.Base,
            ["label"] = $"{context.Repo.Owner}:{issue.Pull.Base}",
            ["sha"] = context.Repo.Branch(issue.Pull.Base),
        },
    };

    private static JsonObject FileJson(RouteContext context, string path, string content, bool includeContent, string reference)
    {
        var json = new JsonObject
        {
            ["type"] = "file",
            ["name"] = path[(path.LastIndexOf('/') + 1)..],
            ["path"] = path,
            ["sha"] = EmulatedRepository.BlobSha(content),
            ["size"] = Encoding.UTF8.GetByteCount(content),
            ["url"] = $"{RepoApi(context)}contents/{path}?ref={Uri.EscapeDataString(reference)}",
            ["html_url"] = $"{WebRepo(context)}blob/{reference}/{path}",
        };
        if (includeContent)
        {
            json["encoding"] = "base64";
            json["content"] = WrapBase64(Convert.ToBase64String(Encoding.UTF8.GetBytes(content)));
        }

        return json;
    }

    // ---------------- helpers ----------------

    /// <summary>GitHub wraps base64 content at 60 columns with newlines.</summary>
    private static string WrapBase64(string base64)
    {
        var text = new StringBuilder();
        for (var i = 0; i < base64.Length; i += 60)
        {
            text.Append(base64, i, Math.Min(60, base64.Length - i)).Append('\n');
        }

        return text.ToString();
    }

    private static EmulatorResponse Page(RouteContext context, IEnumerable<JsonNode> items)
    {
        var all = items.ToArray();
        var perPage = context.QueryInt("per_page", 30, 100);
        var page = context.QueryInt("page", 1, int.MaxValue);
        var pageItems = all.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * perPage)).Take(perPage).ToArray();
        var lastPage = Math.Max(1, (all.Length + perPage - 1) / perPage);
        var links = new List<string>();
        if (page < lastPage)
        {
            links.Add($"<{PageUrl(context, page + 1)}>; rel=\"next\"");
            links.Add($"<{PageUrl(context, lastPage)}>; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add($"<{PageUrl(context, 1)}>; rel=\"first\"");
            links.Add($"<{PageUrl(context, page - 1)}>; rel=\"prev\"");
        }

        var headers = links.Count > 0 ? new Dictionary<string, string> { ["Link"] = string.Join(", ", links) } : null;
        return EmulatorResponse.Json(200, new JsonArray(pageItems), headers);
    }

    private static string PageUrl(RouteContext context, int page)
    {
        var query = context.Query
            .Where(q => q.Key != "page")
            .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")
            .Append($"page={page}");
        return $"{context.ApiRoot}{context.Request.Path.TrimStart('/')}?{string.Join('&', query)}";
    }

    private static EmulatorResponse? Invalid(RouteContext context, params string[] required)
    {
        if (!context.BodyIsValidJson || context.Body is null)
        {
            return EmulatorResponse.Error(400, "Problems parsing JSON");
        }

        foreach (var name in required)
        {
            if (context.String(name) is null)
            {
                return EmulatorResponse.Unprocessable($"Invalid request.\n\n\"{name}\" wasn't supplied.");
            }
        }

        return null;
    }

    private static IssueState? FindIssue(RouteContext context) =>
        int.TryParse(context.Values["number"], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? context.Repo.FindIssue(number)
            : null;

    private static EmulatorResponse Applied(RouteContext context, EmulatorResponse response)
    {
        context.Request.Applied = true;
        return response;
    }

    private static string RepoApi(RouteContext context) => $"{context.ApiRoot}repos/{context.Repo.FullName}/";

    private static string WebRepo(RouteContext context) => context.Repo.WebUrl;
}
