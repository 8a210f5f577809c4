using System.Collections.Immutable;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.LiveDeploy.Registry;
using Pipelines.LiveDeploy.Sandbox.StandIn;
using Pipelines.Promotion;

namespace Pipelines.LiveDeploy.Sandbox;

/// <summary>How a sandbox plugin starts and what its release, example and stand-in wfctl do.</summary>
/// <param name="Behaviour">
/// <c>green</c> (alias <c>pass</c>): an example with resources, the plugin installs and runs;
/// <c>red</c> (alias <c>fail</c>): the plugin fails its apply; <c>leaked</c>: the provider cannot be
/// loaded for the cleanup backstop, so teardown is not verified; <c>flaky</c>: a throttling error on
/// the first plan; <c>no-resources</c>: an example without infra.* resources (aws and azure today);
/// <c>no-example</c>: no examples/minimal at the tag (gcp today); <c>not-iac</c>: not an IaC provider (tofu).
/// </param>
public sealed record SandboxPlugin(string Name, string Status, string Behaviour, string Story)
{
    public string Kind => Behaviour switch
    {
        "pass" => "green",
        "fail" => "red",
        var other => other,
    };
}

/// <summary>
/// A throwaway live-deploy world on disk: plugin repositories tagged at the version their manifest
/// lists, a local registry (a git repository with manifests whose downloads point at release
/// tarballs served on 127.0.0.1), tracker directories, the faithful stand-in wfctl and a config.
/// Then the real matrix runs twice against it (host local), so a newcomer sees every verdict:
/// green and a promotion pull request, not-validated with its reason, red with an investigation
/// and a demotion, and leaked. Dispose it to stop the release server.
/// </summary>
public sealed class LiveDeploySandbox : IAsyncDisposable
{
    public const string PluginVersion = "1.4.2";

    public static IReadOnlyList<SandboxPlugin> DefaultPlugins { get; } =
    [
        new("digitalocean", "experimental", "green", "green while experimental: the installed release planned, applied and tore down its droplet; a promotion pull request opens (once, however often it runs)"),
        new("aws", "verified", "no-resources", "its example declares no infra.* resource, as aws's does today: not-validated, no status change"),
        new("gcp", "verified", "no-example", "no examples/minimal at the release tag, as gcp today: not-validated, no status change"),
        new("tofu", "verified", "not-iac", "a step plugin, not an IaC provider: not-validated, no status change"),
        new("acme", "verified", "red", "the plugin fails its apply: red while verified, an investigation issue, and the second red a demotion pull request"),
        new("leaky", "experimental", "leaked", "the provider cannot be loaded for the cleanup backstop: teardown not verified, leaked (exit 3)"),
    ];

    private readonly IProcessRunner _runner;
    private readonly ReleaseServer _releases;

    private LiveDeploySandbox(string directory, IProcessRunner runner, ReleaseServer releases, StandInWorld world, LiveDeploySettings settings, IReadOnlyDictionary<string, string> environment, string configYaml)
    {
        Directory = directory;
        _runner = runner;
        _releases = releases;
        World = world;
        Settings = settings;
        Environment = environment;
        ConfigYaml = configYaml;
    }

    public string Directory { get; }

    /// <summary>Serves the release tarballs the manifests list (a test may serve other bytes at a path).</summary>
    public ReleaseServer Releases => _releases;

    public LiveDeploySettings Settings { get; }

    /// <summary>The stand-in wfctl's world: its cloud (empty after a clean run), faults and calls.</summary>
    public StandInWorld World { get; }

    /// <summary>The environment runs use: the caller's PATH and HOME and a sandbox DigitalOcean token that is not real.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The equivalent <c>pipelines.yaml</c> (also written to the sandbox directory), to show a real config.</summary>
    public string ConfigYaml { get; }

    public string RegistryPath => Path.Combine(Directory, "registry");

    public string PluginRepository(string plugin) => Path.Combine(Directory, "plugins", $"workflow-plugin-{plugin}");

    public static string ReleasePath(string plugin) => $"/workflow-plugin-{plugin}/v{PluginVersion}/workflow-plugin-{plugin}.tar.gz";

    public string TrackerPath(string plugin) => Path.Combine(Directory, "trackers", $"workflow-plugin-{plugin}");

    public string PullsPath => Path.Combine(RegistryPath, LocalRegistryHost.PullsDirectoryName);

    /// <param name="launcher">How to start the stand-in wfctl; null: this very CLI.</param>
    public static async Task<LiveDeploySandbox> CreateAsync(
        string directory,
        IProcessRunner runner,
        IReadOnlyDictionary<string, string> callerEnvironment,
        CancellationToken cancellationToken,
        IReadOnlyList<SandboxPlugin>? plugins = null,
        StandInLauncher? launcher = null)
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

        var releases = new ReleaseServer();
        try
        {
            var world = new StandInWorld(Path.Combine(directory, "wfctl-world"));
            var git = new LocalGit(runner, environment);
            foreach (var plugin in plugins)
            {
                var repo = Path.Combine(directory, "plugins", $"workflow-plugin-{plugin.Name}");
                if (ExampleConfig(plugin) is { } example)
                {
                    await WriteAsync(Path.Combine(repo, "examples", "minimal", "config.yaml"), example, cancellationToken).ConfigureAwait(false);
                }

                await WriteAsync(Path.Combine(repo, "README.md"), $"# workflow-plugin-{plugin.Name} (sandbox)\n\n{plugin.Story}\n", cancellationToken).ConfigureAwait(false);
                await CommitAllAsync(git, repo, $"workflow-plugin-{plugin.Name}: release {PluginVersion}", cancellationToken).ConfigureAwait(false);
                await git.RunAsync(repo, cancellationToken, "tag", "v" + PluginVersion).ConfigureAwait(false);
                System.IO.Directory.CreateDirectory(Path.Combine(directory, "trackers", $"workflow-plugin-{plugin.Name}"));
                Inject(world, plugin);
            }

            var registry = Path.Combine(directory, "registry");
            foreach (var plugin in plugins)
            {
                var tarball = ReleaseTarball.ForPlugin(plugin.Name, PluginVersion);
                var url = releases.Serve(ReleasePath(plugin.Name), tarball.Bytes);
                await WriteAsync(Path.Combine(registry, "plugins", $"workflow-plugin-{plugin.Name}", "manifest.json"), Manifest(plugin, url, tarball.Sha256), cancellationToken).ConfigureAwait(false);
            }

            await CommitAllAsync(git, registry, "registry: sandbox manifests", cancellationToken).ConfigureAwait(false);

            var wfctl = StandInWfctl.Install(Path.Combine(directory, "bin"), world.Directory, launcher ?? StandInLauncher.FromCurrentProcess());
            var settings = new LiveDeploySettings(
                HostKind.Local,
                plugins.Select(p => p.Name).ToList(),
                Path.Combine(directory, "plugins", "workflow-plugin-{plugin}"),
                LiveDeploySectionReader.DefaultRef,
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
            return new LiveDeploySandbox(directory, runner, releases, world, settings, environment.ToImmutableDictionary(StringComparer.Ordinal), yaml);
        }
        catch
        {
            await releases.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _releases.DisposeAsync();

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

    /// <summary>Creates the sandbox in <paramref name="directory"/> and runs the matrix twice; the caller disposes the sandbox.</summary>
    public static async Task<(LiveDeploySandbox Sandbox, IReadOnlyList<LiveDeployReport> Reports)> CreateAndRunAsync(
        string directory,
        IProcessRunner runner,
        IReadOnlyDictionary<string, string> callerEnvironment,
        Action<PluginProgress>? progress,
        CancellationToken cancellationToken,
        StandInLauncher? launcher = null)
    {
        var sandbox = await CreateAsync(directory, runner, callerEnvironment, cancellationToken, launcher: launcher).ConfigureAwait(false);
        return (sandbox, await sandbox.RunTwiceAsync(progress, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The stand-in's fault for plugins whose story needs one (clearly injected, never pretended).</summary>
    private static void Inject(StandInWorld world, SandboxPlugin plugin)
    {
        _ = plugin.Kind switch
        {
            "red" => world.Inject(plugin.Name, "apply", $"error:{plugin.Name}: POST /v2/networks: 422 Unprocessable Entity: ip_range 10.42.0.0/16 overlaps an existing network"),
            "leaked" => world.Inject(plugin.Name, "cleanup", "load-fails"),
            "flaky" => world.Inject(plugin.Name, "plan", "transient-once"),
            _ => world,
        };
    }

    /// <summary>DigitalOcean's real example (workflow-plugin-digitalocean examples/minimal/config.yaml); for others one network resource, none, or no file.</summary>
    internal static string? ExampleConfig(SandboxPlugin plugin) => plugin.Kind switch
    {
        "no-example" => null,
        "not-iac" => null,
        "no-resources" => $"""
            # Like aws's and azure's minimal examples today: a provider module and no infra.* resource.
            modules:
              - name: {plugin.Name}-provider
                type: iac.provider
                config:
                  provider: {plugin.Name}

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
        _ when plugin.Name == "digitalocean" => """
            # Minimal workflow-plugin-digitalocean example (as in the plugin's repository).
            # Provisions a single Droplet on DigitalOcean.
            infra:
              auto_bootstrap: false

            modules:
              - name: do-provider
                type: iac.provider
                config:
                  provider: digitalocean
                  token: ${DIGITALOCEAN_TOKEN}

              - name: my-droplet
                type: infra.droplet
                config:
                  provider: do-provider
                environments:
                  staging:
                    config:
                      name: my-app
                      region: nyc1
                      size: s-1vcpu-1gb
                      image: ubuntu-24-04-x64
                      monitoring: true

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
        _ => $"""
            infra:
              auto_bootstrap: false

            modules:
              - name: {plugin.Name}-provider
                type: iac.provider
                config:
                  provider: {plugin.Name}

              - name: sandbox-network
                type: infra.vpc
                config:
                  provider: {plugin.Name}-provider
                environments:
                  staging:
                    config:
                      name: live-deploy-sandbox
                      cidr: 10.42.0.0/16

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
    };

    // Hand-formatted on purpose: the promotion and demotion pull requests must change only the status line.
    internal static string Manifest(SandboxPlugin plugin, string url, string sha256)
    {
        var capabilities = plugin.Kind switch
        {
            "not-iac" => """{ "moduleTypes": [], "stepTypes": ["step.tofu_plan"] }""",
            "no-resources" or "no-example" => """{ "moduleTypes": ["iac.provider"] }""",
            _ => $$"""{ "moduleTypes": ["iac.provider"], "iacProvider": { "name": "{{plugin.Name}}" } }""",
        };
        var (os, arch) = Install.RegistryManifest.CurrentPlatform();
        return $$"""
            {
              "name": "workflow-plugin-{{plugin.Name}}",
              "version": "{{PluginVersion}}",
              "status": "{{plugin.Status}}",
              "author": "Pipelines sandbox",
              "description": "Sandbox {{plugin.Name}} plugin (a stand-in release)",
              "minEngineVersion": "0.80.1",
              "capabilities": {{capabilities}},
              {{(plugin.Kind == "not-iac" ? "" : "\"iacProvider\": { \"computePlanVersion\": \"v2\" },")}}              "downloads": [
                { "os": "{{os}}", "arch": "{{arch}}", "url": "{{url}}", "sha256": "{{sha256}}" }
              ],
              "tags": ["iac", "{{plugin.Name}}"]
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string ConfigText(LiveDeploySettings settings) => $"""
        # Generated by `pipelines sandbox live-deploy`: host local, a stand-in wfctl.
        live-deploy:
          host: local
          plugins: [{string.Join(", ", settings.Plugins)}]
          clone-url: {settings.CloneUrl}
          ref: "{settings.Ref}"
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
