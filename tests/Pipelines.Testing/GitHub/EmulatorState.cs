namespace Pipelines.Testing.GitHub;

/// <summary>A token the emulator accepts, and what it may write.</summary>
/// <param name="Name">What the request log records instead of the value.</param>
/// <param name="WriteAll">May write everything in every repository.</param>
/// <param name="WriteRepos">Repositories (owner/name) it may write anything in.</param>
/// <param name="IssueRepos">Repositories where it may only write issues and comments.</param>
/// <param name="Login">The account it acts as: <c>GET /user</c>'s login and the author of what it writes.</param>
/// <param name="IsApp">A GitHub App installation token: <c>GET /user</c> answers 403, as on GitHub.</param>
public sealed record EmulatedToken(string Name, bool WriteAll, IReadOnlySet<string> WriteRepos, IReadOnlySet<string> IssueRepos, string Login, bool IsApp = false)
{
    internal bool MayWrite(string repoFullName, RoutePermission permission) => permission switch
    {
        RoutePermission.Read => true,
        RoutePermission.Issues => WriteAll || WriteRepos.Contains(repoFullName) || IssueRepos.Contains(repoFullName),
        _ => WriteAll || WriteRepos.Contains(repoFullName),
    };
}

/// <summary>What a route needs from the token, as GitHub's fine-grained permissions divide it.</summary>
internal enum RoutePermission
{
    Read,
    Contents,
    Issues,
    PullRequests,
}

/// <summary>The emulator's shared state: one lock guards every repository.</summary>
internal sealed class EmulatorState
{
    private readonly Dictionary<string, EmulatedRepository> _repos = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, EmulatedToken> _tokens = new(StringComparer.Ordinal);
    private long _commentId = 1000;

    public EmulatorState(TimeProvider time)
    {
        Time = time;
    }

    public object Sync { get; } = new();

    public TimeProvider Time { get; }

    /// <summary>The web root for html_url values, e.g. <c>http://127.0.0.1:5555/</c>.</summary>
    public string WebRoot { get; set; } = "http://127.0.0.1/";

    public long NextCommentId() => Interlocked.Increment(ref _commentId);

    public EmulatedRepository AddRepository(string owner, string name, string defaultBranch)
    {
        lock (Sync)
        {
            var fullName = $"{owner}/{name}";
            if (_repos.ContainsKey(fullName))
            {
                throw new InvalidOperationException($"repository {fullName} already exists");
            }

            var repo = new EmulatedRepository(this, owner, name, defaultBranch);
            _repos[fullName] = repo;
            return repo;
        }
    }

    public EmulatedRepository? FindRepositoryByNodeId(string nodeId)
    {
        lock (Sync)
        {
            return _repos.Values.FirstOrDefault(r => r.NodeId == nodeId);
        }
    }

    public EmulatedRepository? FindRepository(string owner, string name)
    {
        lock (Sync)
        {
            return _repos.GetValueOrDefault($"{owner}/{name}");
        }
    }

    public IReadOnlyList<EmulatedRepository> Repositories
    {
        get
        {
            lock (Sync)
            {
                return _repos.Values.ToArray();
            }
        }
    }

    public void AddToken(string value, EmulatedToken token)
    {
        lock (Sync)
        {
            _tokens[value] = token;
        }
    }

    public EmulatedToken? FindToken(string value)
    {
        lock (Sync)
        {
            return _tokens.GetValueOrDefault(value);
        }
    }
}
