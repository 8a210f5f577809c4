using System.Globalization;

namespace Pipelines.Testing.Git;

/// <summary>
/// A real git repository in a temp directory, built through plumbing commands so commits can be
/// made on any branch without a checkout. Commit dates come from a per-repository clock, so two
/// commits never collide and a scenario builds the same way every time. The working tree is
/// never touched: use the repository as a remote.
/// </summary>
public sealed class TempGitRepository : IDisposable
{
    public const string Main = "main";
    public const string Prod = "prod";

    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _root;
    private readonly GitCommandLine _git;
    private int _clock;

    private TempGitRepository(TempDirectory root, string path, GitCommandLine git)
    {
        _root = root;
        Path = path;
        _git = git;
    }

    /// <summary>The repository's absolute path (the working tree, or the repository itself when bare).</summary>
    public string Path { get; }

    /// <summary>An empty repository whose unborn HEAD is <c>main</c>.</summary>
    public static TempGitRepository Create(bool bare = false, string objectFormat = "sha1")
    {
        var root = new TempDirectory("pipelines-git");
        try
        {
            var home = root.Combine("home");
            var path = root.Combine(bare ? "repo.git" : "repo");
            Directory.CreateDirectory(home);
            Directory.CreateDirectory(path);
            var git = new GitCommandLine(path, home);
            git.Run(["init", "--quiet", "--initial-branch", Main, $"--object-format={objectFormat}", .. (string[])(bare ? ["--bare"] : []), path]);
            git.Run(["config", "user.name", "Pipelines Test"]);
            git.Run(["config", "user.email", "pipelines-test@example.invalid"]);
            return new TempGitRepository(root, path, git);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary><c>prod</c> at the first commit, <c>main</c> <paramref name="ahead"/> commits further.</summary>
    public static TempGitRepository MainAheadOfProd(int ahead = 2)
    {
        var repository = Create();
        var initial = repository.Commit("initial");
        repository.Branch(Prod, initial);
        for (var i = 1; i <= ahead; i++)
        {
            repository.Commit($"change {i}");
        }

        return repository;
    }

    /// <summary>Both branches carry a commit the other lacks: no fast-forward either way.</summary>
    public static TempGitRepository Diverged()
    {
        var repository = Create();
        var initial = repository.Commit("initial");
        repository.Branch(Prod, initial);
        repository.Commit("feature on main");
        repository.Commit("hotfix straight on prod", Prod);
        return repository;
    }

    /// <summary><c>prod</c> descends from <c>main</c>: promoting would move it backwards.</summary>
    public static TempGitRepository ProdAheadOfMain()
    {
        var repository = Create();
        repository.Commit("initial");
        repository.Branch(Prod, repository.Head(Main)!);
        repository.Commit("hotfix straight on prod", Prod);
        return repository;
    }

    /// <summary>Only <c>main</c> exists: promoting seeds <c>prod</c>.</summary>
    public static TempGitRepository WithoutProd()
    {
        var repository = Create();
        repository.Commit("initial");
        repository.Commit("change 1");
        return repository;
    }

    /// <summary>
    /// Adds a commit on top of <paramref name="branch"/> (a root commit when the branch does not
    /// exist yet), with <paramref name="files"/> written into its tree, and moves the branch.
    /// </summary>
    public string Commit(string message, string branch = Main, IReadOnlyDictionary<string, string>? files = null)
    {
        var parent = Head(branch);
        var index = _root.Combine($"index-{Guid.NewGuid():N}");
        var withIndex = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
        try
        {
            _git.Run(parent is null ? ["read-tree", "--empty"] : ["read-tree", parent], environment: withIndex);
            foreach (var (file, content) in files ?? new Dictionary<string, string>())
            {
                var blob = _git.Run(["hash-object", "-w", "--stdin"], content);
                _git.Run(["update-index", "--add", "--cacheinfo", $"100644,{blob},{file}"], environment: withIndex);
            }

            var tree = _git.Run(["write-tree"], environment: withIndex);
            var date = Epoch.AddMinutes(++_clock).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + " +0000";
            var commit = _git.Run(
                ["commit-tree", tree, .. (string[])(parent is null ? [] : ["-p", parent]), "-m", message],
                environment: new Dictionary<string, string>
                {
                    ["GIT_AUTHOR_NAME"] = "Pipelines Test",
                    ["GIT_AUTHOR_EMAIL"] = "pipelines-test@example.invalid",
                    ["GIT_AUTHOR_DATE"] = date,
                    ["GIT_COMMITTER_NAME"] = "Pipelines Test",
                    ["GIT_COMMITTER_EMAIL"] = "pipelines-test@example.invalid",
                    ["GIT_COMMITTER_DATE"] = date,
                });
            Branch(branch, commit);
            return commit;
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>Points <paramref name="name"/> at <paramref name="sha"/>, creating or moving it unconditionally.</summary>
    public void Branch(string name, string sha) => _git.Run(["update-ref", $"refs/heads/{name}", sha]);

    public void DeleteBranch(string name) => _git.Run(["update-ref", "-d", $"refs/heads/{name}"]);

    /// <summary>The commit <paramref name="branch"/> points at, or null when it does not exist.</summary>
    public string? Head(string branch)
    {
        var (exitCode, sha, error) = _git.TryRun(["rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}"]);
        return exitCode switch
        {
            0 => sha,
            1 => null,
            _ => throw new InvalidOperationException($"git rev-parse of {branch} failed: {error}"),
        };
    }

    /// <summary>Any other git command in the repository; returns its trimmed standard output.</summary>
    public string Git(params string[] arguments) => _git.Run(arguments);

    public void Dispose() => _root.Dispose();
}
