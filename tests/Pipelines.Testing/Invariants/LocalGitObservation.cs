using System.Text;
using Pipelines.Testing.Git;

namespace Pipelines.Testing.Invariants;

/// <summary>
/// Watches local git repositories (host local) and a Markdown tracker over a run. Ref moves come
/// from the branch's reflog (non-bare repositories keep one): entries with the product's reflog
/// message (<c>pipelines</c>) are the product's, others the test's own. Git records no order
/// between a reflog entry and a file append, so moves and tracker entries carry no order and the
/// "audit before push" rule is checked for presence only.
/// </summary>
public sealed class LocalGitObservation
{
    private const string ProductReflogMessage = "pipelines";
    private const string EntryStart = "<!-- pipelines-run:";

    private readonly IReadOnlyList<Baseline> _repos;
    private readonly string? _trackerPath;
    private readonly int _trackerLength;

    private LocalGitObservation(IReadOnlyList<Baseline> repos, string? trackerPath, int trackerLength)
    {
        _repos = repos;
        _trackerPath = trackerPath;
        _trackerLength = trackerLength;
    }

    /// <param name="trackerPath">The Markdown tracker file, or null when the config has none.</param>
    public static LocalGitObservation Begin(string? trackerPath, params IEnumerable<(WatchedRepository Watch, TempGitRepository Repository)> repos)
    {
        var baselines = repos.Select(r => new Baseline(
            r.Watch,
            r.Repository,
            r.Repository.Head(r.Watch.To),
            r.Watch.TargetSha ?? r.Repository.Head(r.Watch.From),
            ReflogLines(r.Repository, r.Watch.To).Count)).ToList();
        return new LocalGitObservation(baselines, trackerPath, ReadTracker(trackerPath).Length);
    }

    public ObservedWorld End()
    {
        var repositories = _repos.Select(Observe).ToList();
        return new ObservedWorld(repositories, TrackerPosts());
    }

    private static ObservedRepository Observe(Baseline baseline)
    {
        var (watch, repo) = (baseline.Watch, baseline.Repository);
        var final = repo.Head(watch.To);
        var lines = ReflogLines(repo, watch.To);
        // Deleting a branch deletes its reflog: a shorter log than at the start is a new one.
        var fresh = lines.Count >= baseline.ReflogCount ? lines.Skip(baseline.ReflogCount) : lines;
        var moves = fresh.Select(ParseReflogLine).ToList();
        if (moves.Count == 0 && final != baseline.Original)
        {
            // No reflog to read (bare repository): the net move is all that can be seen.
            moves.Add(new ObservedRefMove(baseline.Original, final, Forced: true, ByProduct: true, Order: null));
        }

        return new ObservedRepository(watch.Name, repo.Path, watch.To, baseline.Original, baseline.Target, final, moves,
            (ancestor, descendant) => IsAncestor(repo, ancestor, descendant));
    }

    private static ObservedRefMove ParseReflogLine(string line)
    {
        var tab = line.IndexOf('\t');
        var message = tab >= 0 ? line[(tab + 1)..] : string.Empty;
        var fields = line.Split(' ', 3);
        return new ObservedRefMove(NullIfZero(fields[0]), NullIfZero(fields[1]), Forced: false, ByProduct: message == ProductReflogMessage, Order: null);
    }

    private static string? NullIfZero(string sha) => sha.All(c => c == '0') ? null : sha;

    private static IReadOnlyList<string> ReflogLines(TempGitRepository repo, string branch)
    {
        var gitDir = repo.Git("rev-parse", "--absolute-git-dir");
        var log = Path.Combine(gitDir, "logs", "refs", "heads", branch);
        return File.Exists(log) ? File.ReadAllLines(log, Encoding.UTF8).Where(l => l.Length > 0).ToList() : [];
    }

    private static bool IsAncestor(TempGitRepository repo, string ancestor, string descendant)
    {
        try
        {
            repo.Git("merge-base", "--is-ancestor", ancestor, descendant);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private IReadOnlyList<ObservedPost> TrackerPosts()
    {
        var text = ReadTracker(_trackerPath);
        var posts = new List<ObservedPost>();
        var start = text.IndexOf(EntryStart, StringComparison.Ordinal);
        while (start >= 0)
        {
            var next = text.IndexOf(EntryStart, start + EntryStart.Length, StringComparison.Ordinal);
            // An entry's own marker starts a line; one quoted inside a fenced justification does too,
            // but then it belongs to the entry before it, which is what counting needs.
            while (next >= 0 && !StartsEntry(text, next))
            {
                next = text.IndexOf(EntryStart, next + EntryStart.Length, StringComparison.Ordinal);
            }

            var body = next >= 0 ? text[start..next] : text[start..];
            posts.Add(new ObservedPost(PostKind.TrackerEntry, $"{_trackerPath}@{start}", body, Order: null, New: start >= _trackerLength));
            start = next;
        }

        return posts;
    }

    // The trail separates entries with a thematic break, so an entry's marker follows "---".
    private static bool StartsEntry(string text, int index) =>
        index > 0 && text[index - 1] == '\n' && text[..(index - 1)].TrimEnd('\n').EndsWith("---", StringComparison.Ordinal);

    private static string ReadTracker(string? path) => path is not null && File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : string.Empty;

    private sealed record Baseline(WatchedRepository Watch, TempGitRepository Repository, string? Original, string? Target, int ReflogCount);
}
