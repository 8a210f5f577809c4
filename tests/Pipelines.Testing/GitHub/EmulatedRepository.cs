using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Pipelines.Testing.GitHub;

/// <summary>
/// One repository in the emulator: a commit graph (each commit has parents and a file tree),
/// branches over it, issues with comments, and pull requests. Every member is thread-safe (one
/// lock for the whole emulator, so API calls and helpers see a consistent state).
/// </summary>
public sealed class EmulatedRepository
{
    private readonly EmulatorState _state;
    private readonly Dictionary<string, string[]> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableSortedDictionary<string, string>> _trees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _branches = new(StringComparer.Ordinal);
    private readonly List<RefChange> _refLog = [];
    private readonly SortedDictionary<int, IssueState> _issues = [];
    private int _commitCounter;

    internal EmulatedRepository(EmulatorState state, string owner, string name, string defaultBranch)
    {
        _state = state;
        Owner = owner;
        Name = name;
        DefaultBranch = defaultBranch;
    }

    public string Owner { get; }

    public string Name { get; }

    public string FullName => $"{Owner}/{Name}";

    /// <summary>The GraphQL node id (REST's <c>node_id</c>), which <c>updateRefs</c> takes as <c>repositoryId</c>.</summary>
    public string NodeId => "R_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(FullName)).TrimEnd('=');

    /// <summary>Used by the contents API when no <c>ref</c> is given.</summary>
    public string DefaultBranch { get; }

    internal object Sync => _state.Sync;

    // ---------------- commits ----------------

    /// <summary>Adds a commit with these parents (none: a root commit) and returns its SHA: 40 hex digits, deterministic per repository.</summary>
    public string Commit(params string[] parents) => CommitFiles(ImmutableDictionary<string, string?>.Empty, parents);

    /// <summary>A commit whose tree is its first parent's with <paramref name="changes"/> applied (a null content deletes).</summary>
    public string CommitFiles(IReadOnlyDictionary<string, string?> changes, params string[] parents)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (Sync)
        {
            foreach (var parent in parents)
            {
                if (!_parents.ContainsKey(parent))
                {
                    throw new ArgumentException($"unknown parent commit {parent} in {FullName}", nameof(parents));
                }
            }

            var tree = parents.Length > 0 ? _trees[parents[0]] : ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
            foreach (var (path, content) in changes)
            {
                tree = content is null ? tree.Remove(path) : tree.SetItem(path, content);
            }

            var sha = Sha1Hex($"commit {FullName} #{++_commitCounter} parents {string.Join(',', parents)}");
            _parents[sha] = parents.ToArray();
            _trees[sha] = tree;
            return sha;
        }
    }

    /// <summary><paramref name="count"/> commits in a line on top of <paramref name="from"/> (or from a new root); returns them oldest first.</summary>
    public IReadOnlyList<string> Chain(string? from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (Sync)
        {
            var commits = new List<string>(count);
            var parent = from;
            for (var i = 0; i < count; i++)
            {
                parent = parent is null ? Commit() : Commit(parent);
                commits.Add(parent);
            }

            return commits;
        }
    }

    public bool HasCommit(string sha)
    {
        lock (Sync)
        {
            return _parents.ContainsKey(sha);
        }
    }

    public IReadOnlyList<string> Parents(string sha)
    {
        lock (Sync)
        {
            return _parents.TryGetValue(sha, out var parents) ? parents : throw new ArgumentException($"unknown commit {sha}", nameof(sha));
        }
    }

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="descendant"/> or reachable from it.</summary>
    public bool IsAncestor(string ancestor, string descendant)
    {
        lock (Sync)
        {
            return _parents.ContainsKey(descendant) && Ancestors(descendant).Contains(ancestor);
        }
    }

    /// <summary>Compares two branch names or SHAs the way GitHub's compare API does.</summary>
    public GraphComparison Compare(string baseRef, string headRef)
    {
        lock (Sync)
        {
            var baseSha = Resolve(baseRef) ?? throw new ArgumentException($"unknown ref {baseRef}", nameof(baseRef));
            var headSha = Resolve(headRef) ?? throw new ArgumentException($"unknown ref {headRef}", nameof(headRef));
            return CompareCommits(baseSha, headSha);
        }
    }

    // ---------------- branches ----------------

    /// <summary>Points a branch at a commit (creating it), with no fast-forward check: test setup.</summary>
    public EmulatedRepository SetBranch(string branch, string sha)
    {
        lock (Sync)
        {
            if (!_parents.ContainsKey(sha))
            {
                throw new ArgumentException($"unknown commit {sha} in {FullName}", nameof(sha));
            }

            MoveBranch(branch, sha, forced: true, tokenName: null);
            return this;
        }
    }

    public string? Branch(string branch)
    {
        lock (Sync)
        {
            return _branches.GetValueOrDefault(branch);
        }
    }

    public IReadOnlyDictionary<string, string> Branches
    {
        get
        {
            lock (Sync)
            {
                return new Dictionary<string, string>(_branches, StringComparer.Ordinal);
            }
        }
    }

    public bool DeleteBranch(string branch)
    {
        lock (Sync)
        {
            return RemoveBranch(branch, tokenName: null);
        }
    }

    /// <summary>Every branch movement so far, oldest first.</summary>
    public IReadOnlyList<RefChange> RefLog
    {
        get
        {
            lock (Sync)
            {
                return _refLog.ToArray();
            }
        }
    }

    // ---------------- files ----------------

    /// <summary>Commits a file change on a branch (creating the branch from a root commit if missing); returns the new commit.</summary>
    public string SetFile(string branch, string path, string content)
    {
        lock (Sync)
        {
            var head = Branch(branch);
            var commit = head is null
                ? CommitFiles(new Dictionary<string, string?> { [path] = content })
                : CommitFiles(new Dictionary<string, string?> { [path] = content }, head);
            MoveBranch(branch, commit, forced: false, tokenName: null);
            return commit;
        }
    }

    /// <summary>A file's content at a branch or commit, or null.</summary>
    public string? ReadFile(string branchOrSha, string path)
    {
        lock (Sync)
        {
            return Resolve(branchOrSha) is { } sha && _trees[sha].TryGetValue(path, out var content) ? content : null;
        }
    }

    /// <summary>Git's blob SHA for this content, as the contents API reports it.</summary>
    public static string BlobSha(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var header = Encoding.ASCII.GetBytes($"blob {bytes.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. bytes]));
    }

    // ---------------- issues, comments, pull requests ----------------

    public int AddIssue(string title, string body = "", IEnumerable<string>? labels = null, bool closed = false, string? author = null)
    {
        lock (Sync)
        {
            var issue = NewIssue(title, body, labels ?? [], author, pull: null);
            issue.State = closed ? "closed" : "open";
            return issue.Number;
        }
    }

    public EmulatedIssue? Issue(int number)
    {
        lock (Sync)
        {
            return _issues.TryGetValue(number, out var issue) ? Snapshot(issue) : null;
        }
    }

    /// <summary>All issues and pull requests, by number.</summary>
    public IReadOnlyList<EmulatedIssue> Issues
    {
        get
        {
            lock (Sync)
            {
                return _issues.Values.Select(Snapshot).ToArray();
            }
        }
    }

    public EmulatedComment AddComment(int number, string body, string? author = null)
    {
        lock (Sync)
        {
            var issue = _issues.TryGetValue(number, out var found) ? found : throw new ArgumentException($"no issue #{number} in {FullName}", nameof(number));
            return Snapshot(issue, NewComment(issue, body, author));
        }
    }

    public IReadOnlyList<EmulatedComment> Comments(int number)
    {
        lock (Sync)
        {
            return _issues.TryGetValue(number, out var issue) ? issue.Comments.Select(c => Snapshot(issue, c)).ToArray() : [];
        }
    }

    public int AddPullRequest(string title, string head, string @base, string body = "", string? author = null)
    {
        lock (Sync)
        {
            return NewIssue(title, body, [], author, new PullState(head, @base)).Number;
        }
    }

    public IReadOnlyList<EmulatedPullRequest> PullRequests
    {
        get
        {
            lock (Sync)
            {
                return _issues.Values.Where(i => i.Pull is not null).Select(SnapshotPull).ToArray();
            }
        }
    }

    // ---------------- internals used by the routes (callers hold Sync) ----------------

    internal string? Resolve(string refOrSha)
    {
        if (refOrSha.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            refOrSha = refOrSha["refs/heads/".Length..];
        }

        if (_branches.TryGetValue(refOrSha, out var sha))
        {
            return sha;
        }

        var lower = refOrSha.ToLowerInvariant();
        return _parents.ContainsKey(lower) ? lower : null;
    }

    internal ImmutableSortedDictionary<string, string> Tree(string sha) => _trees[sha];

    internal IReadOnlyList<string> CommitsBetween(string baseSha, string headSha)
    {
        var baseAncestors = Ancestors(baseSha);
        return Ancestors(headSha).Where(c => !baseAncestors.Contains(c)).ToArray();
    }

    internal GraphComparison CompareCommits(string baseSha, string headSha)
    {
        var baseAncestors = Ancestors(baseSha);
        var headAncestors = Ancestors(headSha);
        var aheadBy = headAncestors.Count(c => !baseAncestors.Contains(c));
        var behindBy = baseAncestors.Count(c => !headAncestors.Contains(c));
        var status = (aheadBy, behindBy) switch
        {
            (0, 0) => "identical",
            (> 0, 0) => "ahead",
            (0, > 0) => "behind",
            _ => "diverged",
        };

        return new GraphComparison(status, aheadBy, behindBy, NearestCommonAncestor(headSha, baseAncestors));
    }

    internal void MoveBranch(string branch, string sha, bool forced, string? tokenName)
    {
        var old = _branches.GetValueOrDefault(branch);
        _branches[branch] = sha;
        _refLog.Add(new RefChange(branch, old, sha, forced, tokenName, _state.Time.GetUtcNow()));
    }

    internal bool RemoveBranch(string branch, string? tokenName)
    {
        if (!_branches.Remove(branch, out var old))
        {
            return false;
        }

        _refLog.Add(new RefChange(branch, old, null, Forced: true, tokenName, _state.Time.GetUtcNow()));
        return true;
    }

    internal IssueState NewIssue(string title, string body, IEnumerable<string> labels, string? author, PullState? pull)
    {
        var number = _issues.Count == 0 ? 1 : _issues.Keys.Max() + 1;
        var issue = new IssueState(number, title, body, labels.ToList(), author, pull, _state.Time.GetUtcNow());
        _issues[number] = issue;
        return issue;
    }

    internal IssueState? FindIssue(int number) => _issues.GetValueOrDefault(number);

    internal IEnumerable<IssueState> AllIssues => _issues.Values;

    internal CommentState NewComment(IssueState issue, string body, string? author)
    {
        var comment = new CommentState(_state.NextCommentId(), body, author, _state.Time.GetUtcNow());
        issue.Comments.Add(comment);
        return comment;
    }

    /// <summary>The repository's web address, ending in '/'.</summary>
    internal string WebUrl => $"{_state.WebRoot}{Owner}/{Name}/";

    internal string IssueHtmlUrl(IssueState issue) =>
        $"{WebUrl}{(issue.Pull is null ? "issues" : "pull")}/{issue.Number}";

    internal string CommentHtmlUrl(IssueState issue, CommentState comment) => $"{IssueHtmlUrl(issue)}#issuecomment-{comment.Id}";

    internal EmulatedIssue Snapshot(IssueState issue) =>
        new(issue.Number, issue.Title, issue.Body, issue.State, issue.Labels.ToArray(), issue.Pull is not null, IssueHtmlUrl(issue), issue.Author);

    internal EmulatedComment Snapshot(IssueState issue, CommentState comment) =>
        new(comment.Id, issue.Number, comment.Body, CommentHtmlUrl(issue, comment), comment.Author, comment.Created);

    internal EmulatedPullRequest SnapshotPull(IssueState issue) =>
        new(issue.Number, issue.Title, issue.Body, issue.Pull!.Head, issue.Pull.Base, issue.State, IssueHtmlUrl(issue), issue.Author);

    /// <summary>Breadth-first from head: the first commit base also reaches (the merge base for ordinary histories).</summary>
    private string? NearestCommonAncestor(string headSha, HashSet<string> baseAncestors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>();
        pending.Enqueue(headSha);
        while (pending.TryDequeue(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            if (baseAncestors.Contains(current))
            {
                return current;
            }

            foreach (var parent in _parents[current])
            {
                pending.Enqueue(parent);
            }
        }

        return null;
    }

    private HashSet<string> Ancestors(string sha)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(sha);
        while (pending.TryPop(out var current))
        {
            if (seen.Add(current))
            {
                foreach (var parent in _parents[current])
                {
                    pending.Push(parent);
                }
            }
        }

        return seen;
    }

    private static string Sha1Hex(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
}

internal sealed class IssueState(int number, string title, string body, List<string> labels, string? author, PullState? pull, DateTimeOffset created)
{
    public int Number { get; } = number;
    public string Title { get; set; } = title;
    public string Body { get; set; } = body;
    public string State { get; set; } = "open";
    public List<string> Labels { get; set; } = labels;
    public string? Author { get; } = author;
    public PullState? Pull { get; } = pull;
    public DateTimeOffset Created { get; } = created;
    public List<CommentState> Comments { get; } = [];
}

internal sealed record PullState(string Head, string Base);

internal sealed record CommentState(long Id, string Body, string? Author, DateTimeOffset Created);
