using System.Text.Json;
using Pipelines.Testing.GitHub;

namespace Pipelines.Testing.Invariants;

/// <summary>
/// Watches the emulator over a run: <see cref="Begin"/> before it, <see cref="End"/> after it.
/// Ref moves come from each repository's <see cref="EmulatedRepository.RefLog"/> (a move with a
/// token name is the product's; one without is the test's own), ordered against posts by the
/// request log's sequence numbers of the writes that applied them.
/// </summary>
public sealed class EmulatorObservation
{
    private readonly GitHubEmulator _emulator;
    private readonly IReadOnlyList<Baseline> _repos;
    private readonly long _lastSequence;

    private EmulatorObservation(GitHubEmulator emulator, IReadOnlyList<Baseline> repos, long lastSequence)
    {
        _emulator = emulator;
        _repos = repos;
        _lastSequence = lastSequence;
    }

    public static EmulatorObservation Begin(GitHubEmulator emulator, params IEnumerable<WatchedRepository> repos)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        var baselines = repos.Select(watch =>
        {
            var repo = emulator.Repository(watch.Repository);
            return new Baseline(watch, repo.Branch(watch.To), watch.TargetSha ?? repo.Branch(watch.From), repo.RefLog.Count);
        }).ToList();
        return new EmulatorObservation(emulator, baselines, emulator.Requests.All.LastOrDefault()?.Sequence ?? 0);
    }

    public ObservedWorld End()
    {
        var applied = _emulator.Requests.All.Where(r => r.Applied).ToList();
        var repositories = _repos.Select(b => ObserveRepository(b, applied)).ToList();
        var posts = _emulator.Repositories.SelectMany(r => ObservePosts(r, applied)).ToList();
        return new ObservedWorld(repositories, posts);
    }

    private ObservedRepository ObserveRepository(Baseline baseline, IReadOnlyList<RecordedRequest> applied)
    {
        var (watch, repo) = (baseline.Watch, _emulator.Repository(baseline.Watch.Repository));
        var writes = new Queue<long>(applied
            .Where(r => r.Sequence > _lastSequence && IsRefWrite(r, repo.FullName, watch.To))
            .Select(r => r.Sequence));
        var moves = repo.RefLog.Skip(baseline.RefLogCount)
            .Where(c => c.Branch == watch.To)
            .Select(c =>
            {
                var byProduct = c.TokenName is not null;
                long? order = byProduct && writes.TryDequeue(out var sequence) ? sequence : null;
                return new ObservedRefMove(c.OldSha, c.NewSha, c.Forced, byProduct, order);
            })
            .ToList();
        return new ObservedRepository(watch.Name, repo.FullName, watch.To, baseline.Original, baseline.Target, repo.Branch(watch.To), moves, repo.IsAncestor);
    }

    private static bool IsRefWrite(RecordedRequest request, string repo, string branch)
    {
        var refs = $"/repos/{repo}/git/refs";
        return request.Method switch
        {
            "PATCH" or "DELETE" => string.Equals(request.Path, $"{refs}/heads/{branch}", StringComparison.OrdinalIgnoreCase),
            "POST" => string.Equals(request.Path, refs, StringComparison.OrdinalIgnoreCase) && JsonField(request.Body, "ref") == $"refs/heads/{branch}",
            _ => false,
        };
    }

    private IEnumerable<ObservedPost> ObservePosts(EmulatedRepository repo, IReadOnlyList<RecordedRequest> applied)
    {
        var creations = applied.Where(r => r.Method == "POST").ToList();
        foreach (var issue in repo.Issues)
        {
            var path = issue.IsPullRequest ? $"/repos/{repo.FullName}/pulls" : $"/repos/{repo.FullName}/issues";
            var order = Take(creations, r => PathIs(r, path) && JsonField(r.Body, "title") == issue.Title && (JsonField(r.Body, "body") ?? string.Empty) == issue.Body);
            yield return Post(issue.IsPullRequest ? PostKind.PullRequest : PostKind.Issue, issue.HtmlUrl, issue.Body, order);

            foreach (var comment in repo.Comments(issue.Number))
            {
                var commentPath = $"/repos/{repo.FullName}/issues/{issue.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}/comments";
                var commentOrder = Take(creations, r => PathIs(r, commentPath) && JsonField(r.Body, "body") == comment.Body);
                yield return Post(PostKind.Comment, comment.HtmlUrl, comment.Body, commentOrder);
            }
        }
    }

    private ObservedPost Post(PostKind kind, string location, string body, long? order) =>
        new(kind, location, body, order, New: order > _lastSequence);

    // Each request explains one post: two identical posts need two requests.
    private static long? Take(List<RecordedRequest> requests, Func<RecordedRequest, bool> match)
    {
        var index = requests.FindIndex(r => match(r));
        if (index < 0)
        {
            return null;
        }

        var sequence = requests[index].Sequence;
        requests.RemoveAt(index);
        return sequence;
    }

    private static bool PathIs(RecordedRequest request, string path) => string.Equals(request.Path, path, StringComparison.OrdinalIgnoreCase);

    private static string? JsonField(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Baseline(WatchedRepository Watch, string? Original, string? Target, int RefLogCount);
}
