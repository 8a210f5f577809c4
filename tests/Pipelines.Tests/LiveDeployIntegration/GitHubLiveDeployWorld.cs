using System.Text.Json.Nodes;
using Pipelines.Commands;
using Pipelines.LiveDeploy.Sandbox;
using Pipelines.Testing.LiveDeploy;
using Pipelines.Testing.Git;
using Pipelines.Testing.GitHub;

namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary>One plugin of the world: its name and the status its registry manifest starts with.</summary>
internal sealed record WorldPlugin(string Name, string Status);

/// <summary>What one in-process run of <c>pipelines live-deploy</c> returned and printed.</summary>
internal sealed record CommandRun(int ExitCode, string Output, string Error);

/// <summary>
/// Everything <c>pipelines live-deploy</c> with <c>host: github</c> touches, for real: the GitHub
/// emulator on loopback holding the registry (a manifest per plugin) and one tracker repository
/// per plugin, a local git repository per plugin with its example, the per-plugin stand-in
/// wfctl, and a generated <c>pipelines.yaml</c>. The real <see cref="LiveDeployCommand"/> runs
/// in-process with an explicit environment and a captured console. Removed on dispose.
/// </summary>
internal sealed class GitHubLiveDeployWorld : IAsyncDisposable
{
    public const string Owner = "GoCodeAlone";
    public const string RegistryName = Owner + "/workflow-registry";
    public const string TokenVariable = "LIVE_DEPLOY_GITHUB_TOKEN";
    public const string TokenValue = "ghp_liveDeployIntegrationToken0123456789";
    public const string TokenName = "live-deploy-bot";
    public const string MaintainerToken = "ghp_maintainerOfTheRegistry0123456789";
    public const string Example = "examples/minimal/config.yaml";

    private readonly TempDirectory _root;
    private readonly List<TempGitRepository> _pluginRepositories = [];

    private GitHubLiveDeployWorld(GitHubEmulator github, TempDirectory root, IReadOnlyList<WorldPlugin> plugins)
    {
        GitHub = github;
        _root = root;
        Plugins = plugins;
        Wfctl = WfctlStandIn.Install(root.Combine("wfctl"), [.. plugins.Select(p => p.Name)]);
        Registry = github.AddRepository(RegistryName);
    }

    public GitHubEmulator GitHub { get; }

    public EmulatedRepository Registry { get; }

    /// <summary>The faithful stand-in wfctl (the sandbox's, built from the wfctl fact sheet).</summary>
    public WfctlStandIn Wfctl { get; }

    /// <summary>Serves each plugin's release tarball; the manifests' downloads point here.</summary>
    public ReleaseServer Releases { get; } = new();

    public IReadOnlyList<WorldPlugin> Plugins { get; }

    public string Directory => _root.Path;

    public string ConfigPath => _root.Combine("pipelines.yaml");

    /// <summary>The commit each plugin repository's <c>main</c> points at (what the report and pull requests cite).</summary>
    public Dictionary<string, string> Commits { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra variables for every run (e.g. GITHUB_STEP_SUMMARY).</summary>
    public Dictionary<string, string> ExtraEnvironment { get; } = new(StringComparer.Ordinal);

    public static Task<GitHubLiveDeployWorld> CreateAsync(params WorldPlugin[] plugins) => CreateAsync(new GitHubEmulatorOptions(), plugins);

    public static async Task<GitHubLiveDeployWorld> CreateAsync(GitHubEmulatorOptions options, params WorldPlugin[] plugins)
    {
        var github = await GitHubEmulator.StartAsync(options);
        var root = new TempDirectory("live-deploy-it");
        var world = new GitHubLiveDeployWorld(github, root, plugins);
        try
        {
            world.Build();
            world.WriteConfig();
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public static string ManifestPath(string plugin) => $"plugins/workflow-plugin-{plugin}/manifest.json";

    /// <summary>
    /// A hand-formatted manifest (pull requests must change its status value and nothing else),
    /// listing the release tarball served on loopback with its SHA-256, as the real registry does.
    /// </summary>
    public string Manifest(string plugin, string status)
    {
        var tarball = ReleaseTarball.ForPlugin(plugin, LiveDeploySandbox.PluginVersion);
        var url = Releases.Serve($"/workflow-plugin-{plugin}/v{LiveDeploySandbox.PluginVersion}/workflow-plugin-{plugin}.tar.gz", tarball.Bytes);
        return LiveDeploySandbox.Manifest(new SandboxPlugin(plugin, status, "green", "integration"), url, tarball.Sha256);
    }

    public EmulatedRepository Tracker(string plugin) => GitHub.Repository($"{Owner}/workflow-plugin-{plugin}");

    /// <summary>The registry manifest's status on <paramref name="branch"/>.</summary>
    public string? StatusOn(string branch, string plugin) =>
        Registry.ReadFile(branch, ManifestPath(plugin)) is { } content ? JsonNode.Parse(content)!["status"]!.GetValue<string>() : null;

    /// <summary>(Re)writes pipelines.yaml; <paramref name="depth"/> is the configured depth.</summary>
    public void WriteConfig(string depth = "plan", int demoteAfter = 2)
    {
        var yaml = $"""
            github:
              api-url: {GitHub.BaseUrl}
              token-env: {TokenVariable}
            live-deploy:
              host: github
              plugins: [{string.Join(", ", Plugins.Select(p => p.Name))}]
              clone-url: {_root.Combine("plugins", "workflow-plugin-{plugin}")}
              example: {Example}
              env: staging
              depth: {depth}
              wfctl: {Wfctl.Path}
              timeout: 20s
              teardown-timeout: 20s
              parallel: 3
              registry:
                repo: {RegistryName}
                manifest: plugins/workflow-plugin-{"{plugin}"}/manifest.json
                base: main
              tracker-repo: {Owner}/workflow-plugin-{"{plugin}"}
              demote-after: {demoteAfter}

            """;
        File.WriteAllText(ConfigPath, yaml);
    }

    public Dictionary<string, string> Environment(bool withToken = true)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = _root.Combine("home"),
            // digitalocean has no OIDC: its login needs the token variable even against the stand-in.
            ["DIGITALOCEAN_TOKEN"] = "dop_v1_integrationNotReal",
        };
        if (withToken)
        {
            environment[TokenVariable] = TokenValue;
        }

        foreach (var (name, value) in ExtraEnvironment)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Runs the real command in-process, as <c>pipelines live-deploy --config pipelines.yaml --run-id RUN</c> plus <paramref name="configure"/>.</summary>
    public async Task<CommandRun> RunAsync(string? runId, Func<LiveDeployOptions, LiveDeployOptions>? configure = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CommandContext(environment ?? Environment(), Directory, new PlainConsoleUi(output, error, TimeProvider.System), TimeProvider.System);
        var options = new LiveDeployOptions { ConfigPath = "pipelines.yaml", RunId = runId };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await new LiveDeployCommand(context).RunAsync(configure is null ? options : configure(options), timeout.Token);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// What a maintainer merging a status pull request amounts to: main takes the branch's
    /// manifest, and the pull request is closed (through the API, as the token "maintainer").
    /// </summary>
    public async Task MergeAsync(EmulatedPullRequest pull, string plugin)
    {
        Registry.SetFile("main", ManifestPath(plugin), Registry.ReadFile(pull.Head, ManifestPath(plugin))!);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(GitHub.BaseUrl, $"repos/{RegistryName}/issues/{pull.Number}"))
        {
            Content = new StringContent("""{"state":"closed"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", MaintainerToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Writes the tool made (requests with its token).</summary>
    public IReadOnlyList<string> ToolWrites() =>
        GitHub.Requests.Writes.Where(r => r.TokenName == TokenName).Select(r => $"{r.Method} {r.Path}").ToList();

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await Releases.DisposeAsync();
        foreach (var repository in _pluginRepositories)
        {
            repository.Dispose();
        }

        _root.Dispose();
    }

    private void Build()
    {
        System.IO.Directory.CreateDirectory(_root.Combine("home"));
        System.IO.Directory.CreateDirectory(_root.Combine("plugins"));
        var trackers = new List<string>();
        foreach (var plugin in Plugins)
        {
            Registry.SetFile("main", ManifestPath(plugin.Name), Manifest(plugin.Name, plugin.Status));
            trackers.Add(GitHub.AddRepository($"{Owner}/workflow-plugin-{plugin.Name}").FullName);

            var repository = TempGitRepository.Create();
            _pluginRepositories.Add(repository);
            Commits[plugin.Name] = repository.Commit(
                $"workflow-plugin-{plugin.Name}: release {LiveDeploySandbox.PluginVersion}",
                files: new Dictionary<string, string>
                {
                    [Example] = LiveDeploySandbox.ExampleConfig(new SandboxPlugin(plugin.Name, plugin.Status, "green", "integration"))!,
                });
            repository.Git("tag", "v" + LiveDeploySandbox.PluginVersion);

            // clone-url is one template for every plugin: each repository is reachable under its name.
            System.IO.Directory.CreateSymbolicLink(_root.Combine("plugins", $"workflow-plugin-{plugin.Name}"), repository.Path);
        }

        GitHub.AddToken(TokenValue, writeRepos: [RegistryName], issueRepos: trackers, name: TokenName);
        GitHub.AddToken(MaintainerToken, canWrite: true, name: "maintainer");
    }
}
