using System.Collections.Immutable;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.LiveDeploy.Registry;
using Pipelines.Promotion;

namespace Pipelines.LiveDeploy.Sandbox;

/// <summary>How a sandbox plugin starts and how its stand-in validation behaves.</summary>
public sealed record SandboxPlugin(string Name, string Status, string Behaviour, string Story);

/// <summary>
/// A throwaway live-deploy world on disk: plugin repositories with an example, a local registry
/// (a git repository with manifests), tracker directories, a stand-in wfctl and a config. Then
/// the real matrix runs twice against it (host local), so a newcomer sees a promotion pull
/// request, an investigation issue on the first red and a demotion after the second.
/// </summary>
public sealed class LiveDeploySandbox
{
    public static IReadOnlyList<SandboxPlugin> DefaultPlugins { get; } =
    [
        new("aws", "experimental", "pass", "green while experimental: a promotion pull request opens (once, however often it runs)"),
        new("gcp", "verified", "fail", "red while verified: an investigation issue opens, and the second red opens a demotion pull request"),
        new("azure", "verified", "pass", "green while verified: nothing to do"),
        new("digitalocean", "experimental", "fail", "red while experimental: recorded in the report only"),
        new("tofu", "verified", "flaky", "a throttling error on the first try: retried once, then green"),
    ];

    private readonly IProcessRunner _runner;

    private LiveDeploySandbox(string directory, IProcessRunner runner, LiveDeploySettings settings, IReadOnlyDictionary<string, string> environment, string configYaml)
    {
        Directory = directory;
        _runner = runner;
        Settings = settings;
        Environment = environment;
        ConfigYaml = configYaml;
    }

    public string Directory { get; }

    public LiveDeploySettings Settings { get; }

    /// <summary>The environment runs use: the caller's PATH and HOME and a sandbox DigitalOcean token that is not real.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The equivalent <c>pipelines.yaml</c> (also written to the sandbox directory), to show a real config.</summary>
    public string ConfigYaml { get; }

    public string RegistryPath => Path.Combine(Directory, "registry");

    public string TrackerPath(string plugin) => Path.Combine(Directory, "trackers", $"workflow-plugin-{plugin}");

    public string PullsPath => Path.Combine(RegistryPath, LocalRegistryHost.PullsDirectoryName);

    public static async Task<LiveDeploySandbox> CreateAsync(
        string directory,
        IProcessRunner runner,
        IReadOnlyDictionary<string, string> callerEnvironment,
        CancellationToken cancellationToken,
        IReadOnlyList<SandboxPlugin>? plugins = null)
    {
        plugins ??= DefaultPlugins;
        directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(directory);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SANDBOX_DIGITALOCEAN_TOKEN"] = "sandbox-token-not-real",
        };
        foreach (var name in (string[])["PATH", "HOME"])
        {
            if (callerEnvironment.TryGetValue(name, out var value))
            {
                environment[name] = value;
            }
        }

        var git = new LocalGit(runner, environment);
        foreach (var plugin in plugins)
        {
            var repo = Path.Combine(directory, "plugins", $"workflow-plugin-{plugin.Name}");
            await WriteAsync(Path.Combine(repo, "examples", "minimal", "config.yaml"), ExampleConfig(plugin), cancellationToken).ConfigureAwait(false);
            await WriteAsync(Path.Combine(repo, "README.md"), $"# workflow-plugin-{plugin.Name} (sandbox)\n\n{plugin.Story}\n", cancellationToken).ConfigureAwait(false);
            await CommitAllAsync(git, repo, $"workflow-plugin-{plugin.Name}: minimal example", cancellationToken).ConfigureAwait(false);
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "trackers", $"workflow-plugin-{plugin.Name}"));
        }

        var registry = Path.Combine(directory, "registry");
        foreach (var plugin in plugins)
        {
            await WriteAsync(Path.Combine(registry, "plugins", $"workflow-plugin-{plugin.Name}", "manifest.json"), Manifest(plugin), cancellationToken).ConfigureAwait(false);
        }

        await CommitAllAsync(git, registry, "registry: sandbox manifests", cancellationToken).ConfigureAwait(false);

        var wfctl = Path.Combine(directory, "bin", "wfctl");
        await WriteAsync(wfctl, StandInWfctl.Script(Path.Combine(directory, "state")), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wfctl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var settings = new LiveDeploySettings(
            HostKind.Local,
            plugins.Select(p => p.Name).ToList(),
            Path.Combine(directory, "plugins", "workflow-plugin-{plugin}"),
            "main",
            "examples/minimal/config.yaml",
            "staging",
            ValidationDepth.Apply,
            wfctl,
            TimeSpan.FromMinutes(1),
            TimeSpan.FromMinutes(1),
            3,
            new Dictionary<string, CloudAuthSettings>(StringComparer.Ordinal)
            {
                ["digitalocean"] = new("digitalocean", TokenEnv: "SANDBOX_DIGITALOCEAN_TOKEN"),
            },
            new RegistrySettings(registry, "plugins/workflow-plugin-{plugin}/manifest.json", "main"),
            Path.Combine(directory, "trackers", "workflow-plugin-{plugin}"),
            2);
        var yaml = ConfigText(settings);
        await WriteAsync(Path.Combine(directory, "pipelines.yaml"), yaml, cancellationToken).ConfigureAwait(false);
        return new LiveDeploySandbox(directory, runner, settings, environment.ToImmutableDictionary(StringComparer.Ordinal), yaml);
    }

    /// <summary>The request for one run of the real matrix against this sandbox.</summary>
    public LiveDeployRequest Request(string runId) =>
        new(Settings, new RunIdentity(runId, null), Environment);

    public LiveDeployServices Services(TimeProvider? time = null) =>
        new(_runner, new LocalRegistryHost(_runner, Environment, Settings.Registry, Settings.TrackerRepo, time ?? TimeProvider.System), time ?? TimeProvider.System);

    /// <summary>Runs the matrix twice (run ids <c>sandbox-1</c>, <c>sandbox-2</c>) and returns both reports.</summary>
    public async Task<IReadOnlyList<LiveDeployReport>> RunTwiceAsync(Action<PluginProgress>? progress, CancellationToken cancellationToken)
    {
        var runner = new LiveDeployRunner(Services());
        var reports = new List<LiveDeployReport>();
        foreach (var runId in (string[])["sandbox-1", "sandbox-2"])
        {
            reports.Add(await runner.RunAsync(Request(runId).WithProgress(progress), cancellationToken).ConfigureAwait(false));
        }

        return reports;
    }

    /// <summary>Creates the sandbox in <paramref name="directory"/> and runs the matrix twice: the entry point of <c>pipelines sandbox live-deploy</c>.</summary>
    public static async Task<(LiveDeploySandbox Sandbox, IReadOnlyList<LiveDeployReport> Reports)> CreateAndRunAsync(
        string directory,
        IProcessRunner runner,
        IReadOnlyDictionary<string, string> callerEnvironment,
        Action<PluginProgress>? progress,
        CancellationToken cancellationToken)
    {
        var sandbox = await CreateAsync(directory, runner, callerEnvironment, cancellationToken).ConfigureAwait(false);
        return (sandbox, await sandbox.RunTwiceAsync(progress, cancellationToken).ConfigureAwait(false));
    }

    private static string ExampleConfig(SandboxPlugin plugin) => $"""
        # sandbox-behaviour: {plugin.Behaviour}
        # The sandbox's stand-in wfctl reads the line above; a real example describes real resources.
        infrastructure:
          - name: live-deploy-minimal
            provider: {plugin.Name}
            type: network
            config:
              cidr: 10.42.0.0/16

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    // Hand-formatted on purpose: the promotion and demotion pull requests must change only the status line.
    private static string Manifest(SandboxPlugin plugin) => $$"""
        {
          "name": "workflow-plugin-{{plugin.Name}}",
          "version": "0.1.0",
          "status": "{{plugin.Status}}",
          "description": "Sandbox {{plugin.Name}} plugin",
          "tags": ["iac", "{{plugin.Name}}"]
        }

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string ConfigText(LiveDeploySettings settings) => $"""
        # Generated by `pipelines sandbox live-deploy`: host local, a stand-in wfctl.
        live-deploy:
          host: local
          plugins: [{string.Join(", ", settings.Plugins)}]
          clone-url: {settings.CloneUrl}
          ref: {settings.Ref}
          example: {settings.Example}
          env: {settings.Env}
          depth: apply
          wfctl: {settings.Wfctl}
          timeout: 1m
          teardown-timeout: 1m
          parallel: {settings.Parallel}
          auth:
            digitalocean: {"{"} token-env: SANDBOX_DIGITALOCEAN_TOKEN {"}"}
          registry:
            repo: {settings.Registry.Repo}
            manifest: {settings.Registry.Manifest}
            base: {settings.Registry.Base}
          tracker-repo: {settings.TrackerRepo}
          demote-after: {settings.DemoteAfter}

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static async Task WriteAsync(string path, string content, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CommitAllAsync(LocalGit git, string repo, string message, CancellationToken cancellationToken)
    {
        await git.RunAsync(repo, cancellationToken, "init", "--quiet", "--initial-branch", "main").ConfigureAwait(false);
        await git.RunAsync(repo, cancellationToken, "add", "--all").ConfigureAwait(false);
        await git.RunAsync(repo, cancellationToken, "commit", "--quiet", "-m", message).ConfigureAwait(false);
    }
}
