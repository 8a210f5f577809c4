using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.LiveDeploy.Policy;

namespace Pipelines.LiveDeploy.Registry;

/// <summary>
/// The registry and trackers on disk, with GitHub's rules. The registry is a git repository: a
/// status change is a branch <c>live-deploy/&lt;plugin&gt;-&lt;status&gt;</c> with one commit that
/// edits only the manifest's status, plus a pull request file <c>.pulls/&lt;n&gt;.md</c> in the
/// registry's directory. A tracker is a directory (<c>tracker-repo</c>, <c>{plugin}</c>
/// expanded) of issue files <c>&lt;n&gt;.md</c>. Both file kinds are <see cref="LocalThread"/>s.
/// </summary>
public sealed class LocalRegistryHost : IRegistryHost
{
    public const string PullsDirectoryName = ".pulls";

    private readonly LocalGit _git;
    private readonly RegistrySettings _settings;
    private readonly string _registry;
    private readonly string _trackerTemplate;
    private readonly TimeProvider _time;
    // Plugins run in parallel; numbering and rewriting files must not interleave.
    private readonly SemaphoreSlim _files = new(1, 1);

    /// <param name="trackerDirectory">A directory path where <c>{plugin}</c> expands.</param>
    public LocalRegistryHost(IProcessRunner runner, IReadOnlyDictionary<string, string> callerEnvironment, RegistrySettings registry, string trackerDirectory, TimeProvider time)
    {
        _git = new LocalGit(runner, callerEnvironment);
        _settings = registry;
        _registry = Path.GetFullPath(registry.Repo);
        _trackerTemplate = trackerDirectory;
        _time = time;
    }

    public string DisplayName => _registry;

    public string PullsDirectory => Path.Combine(_registry, PullsDirectoryName);

    public string TrackerDirectory(string plugin) => Path.GetFullPath(LiveDeploySettings.ForPlugin(_trackerTemplate, plugin));

    public async Task<ManifestSnapshot?> ReadManifestAsync(string plugin, CancellationToken cancellationToken)
    {
        var path = ManifestPath(plugin);
        var spec = $"{_settings.Base}:{path}";
        if (!await _git.TryAsync(_registry, cancellationToken, "cat-file", "-e", spec).ConfigureAwait(false))
        {
            return null;
        }

        var lines = await _git.RunAsync(_registry, cancellationToken, "show", spec).ConfigureAwait(false);
        var content = string.Join('\n', lines) + "\n";
        return new ManifestSnapshot(path, content, ManifestStatusEditor.ReadStatus(content));
    }

    public Task<IReadOnlyList<StatusPullRequest>> FindOpenPullRequestsAsync(string plugin, CancellationToken cancellationToken)
    {
        IReadOnlyList<StatusPullRequest> found = ReadThreads(PullsDirectory)
            .Where(t => t.Thread.Header.State == "open" && t.Thread.Header.Head?.StartsWith(StatusBranches.Prefix + plugin + "-", StringComparison.Ordinal) == true)
            .Select(t => (t.Path, t.Thread, Target: PluginStatusText.Parse(t.Thread.Header.Head![(StatusBranches.Prefix + plugin + "-").Length..])))
            .Where(t => t.Target != PluginStatus.Unknown)
            .Select(t => new StatusPullRequest(t.Thread.Header.Number, t.Path, t.Target, t.Thread.Header.Head!, t.Thread.Header.Title))
            .ToList();
        return Task.FromResult(found);
    }

    /// <summary>
    /// Local issue files have no authors: whoever can write the tracker directory writes as this
    /// tool, so the start-anchored marker alone decides (no warning: there is nobody else to tell apart).
    /// </summary>
    public Task<InvestigationIssue?> FindOpenIssueAsync(string plugin, CancellationToken cancellationToken)
    {
        var issue = ReadThreads(TrackerDirectory(plugin))
            .Where(t => t.Thread.Header.State == "open"
                && t.Thread.Header.Labels.Contains(IRegistryHost.IssueLabel)
                && RunMarker.Find(t.Thread.Body)?.Plugin == plugin)
            .OrderBy(t => t.Thread.Header.Number)
            .Select(t => new InvestigationIssue(t.Thread.Header.Number, t.Path, t.Thread.Header.Title, t.Thread.Entries))
            .FirstOrDefault();
        return Task.FromResult(issue);
    }

    public async Task<StatusPullRequest> OpenStatusPullRequestAsync(StatusPullRequestDraft draft, CancellationToken cancellationToken)
    {
        var path = ManifestPath(draft.Plugin);
        var work = Directory.CreateTempSubdirectory("live-deploy-registry-");
        try
        {
            // A throwaway clone keeps the registry's own work tree and index untouched.
            var clone = Path.Combine(work.FullName, "registry");
            await _git.RunAsync(null, cancellationToken, "clone", "--quiet", "--branch", _settings.Base, "--", _registry, clone).ConfigureAwait(false);
            var file = Path.Combine(clone, path);
            if (!File.Exists(file))
            {
                throw new RegistryHostException($"{path} does not exist on {_settings.Base} in {_registry}");
            }

            var content = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(file, ManifestStatusEditor.WithStatus(content, draft.Target), cancellationToken).ConfigureAwait(false);
            await _git.RunAsync(clone, cancellationToken, "commit", "--quiet", "--allow-empty", "-m", draft.CommitMessage, "--", path).ConfigureAwait(false);
            // The branch belongs to this tool: a leftover from a closed pull request starts again from base.
            await _git.RunAsync(clone, cancellationToken, "push", "--quiet", "--force", "origin", $"HEAD:refs/heads/{draft.Branch}").ConfigureAwait(false);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var header = new LocalThreadHeader(0, draft.Title, "open", [IRegistryHost.IssueLabel], draft.Branch, _settings.Base, _time.GetUtcNow());
        var (number, pullPath) = await CreateThreadAsync(PullsDirectory, header, draft.Body, cancellationToken).ConfigureAwait(false);
        return new StatusPullRequest(number, pullPath, draft.Target, draft.Branch, draft.Title);
    }

    public async Task ClosePullRequestAsync(string plugin, StatusPullRequest pullRequest, string comment, CancellationToken cancellationToken)
    {
        await UpdateThreadAsync(ThreadPath(PullsDirectory, pullRequest.Number), t => t with { Comments = [.. t.Comments, comment] }, cancellationToken).ConfigureAwait(false);
        await UpdateThreadAsync(ThreadPath(PullsDirectory, pullRequest.Number), t => t with { Header = t.Header with { State = "closed" } }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<InvestigationIssue> OpenIssueAsync(string plugin, string title, string body, CancellationToken cancellationToken)
    {
        var header = new LocalThreadHeader(0, title, "open", [IRegistryHost.IssueLabel], null, null, _time.GetUtcNow());
        var (number, path) = await CreateThreadAsync(TrackerDirectory(plugin), header, body, cancellationToken).ConfigureAwait(false);
        return new InvestigationIssue(number, path, title, [body]);
    }

    public async Task<string?> CommentOnIssueAsync(string plugin, InvestigationIssue issue, string body, CancellationToken cancellationToken)
    {
        var path = ThreadPath(TrackerDirectory(plugin), issue.Number);
        var updated = await UpdateThreadAsync(path, t => t with { Comments = [.. t.Comments, body] }, cancellationToken).ConfigureAwait(false);
        return $"{path}#comment-{updated.Comments.Count}";
    }

    public Task CloseIssueAsync(string plugin, InvestigationIssue issue, CancellationToken cancellationToken) =>
        UpdateThreadAsync(ThreadPath(TrackerDirectory(plugin), issue.Number), t => t with { Header = t.Header with { State = "closed" } }, cancellationToken);

    private string ManifestPath(string plugin) => LiveDeploySettings.ForPlugin(_settings.Manifest, plugin);

    private static string ThreadPath(string directory, int number) => Path.Combine(directory, $"{number}.md");

    private static IEnumerable<(string Path, LocalThread Thread)> ReadThreads(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*.md"))
        {
            if (!int.TryParse(Path.GetFileNameWithoutExtension(path), out _))
            {
                continue;
            }

            LocalThread thread;
            try
            {
                thread = LocalThread.Parse(File.ReadAllText(path));
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                throw new RegistryHostException($"{path} is not a local issue or pull request file: {e.Message}", e);
            }

            yield return (path, thread);
        }
    }

    private async Task<(int Number, string Path)> CreateThreadAsync(string directory, LocalThreadHeader header, string body, CancellationToken cancellationToken)
    {
        await _files.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(directory);
            var number = ReadThreads(directory).Select(t => t.Thread.Header.Number).DefaultIfEmpty(0).Max() + 1;
            while (true)
            {
                var path = ThreadPath(directory, number);
                var thread = new LocalThread(header with { Number = number }, body, []);
                try
                {
                    // CreateNew: another process that took this number first makes us take the next.
                    await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                    await using var writer = new StreamWriter(stream);
                    await writer.WriteAsync(thread.Render().AsMemory(), cancellationToken).ConfigureAwait(false);
                    return (number, path);
                }
                catch (IOException) when (File.Exists(path))
                {
                    number++;
                }
            }
        }
        finally
        {
            _files.Release();
        }
    }

    private async Task<LocalThread> UpdateThreadAsync(string path, Func<LocalThread, LocalThread> change, CancellationToken cancellationToken)
    {
        await _files.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(path))
            {
                throw new RegistryHostException($"{path} does not exist");
            }

            var updated = change(LocalThread.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)));
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, updated.Render(), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
            return updated;
        }
        finally
        {
            _files.Release();
        }
    }
}
