using System.Collections.Concurrent;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.Sandbox;
using Pipelines.Promotion;
using Pipelines.Testing.LiveDeploy;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>A process runner that records every command it starts (git and wfctl alike) before running it for real.</summary>
internal sealed class RecordingProcessRunner(IProcessRunner inner) : IProcessRunner
{
    public ConcurrentQueue<ProcessCommand> Commands { get; } = new();

    public Task<ProcessResult> RunAsync(ProcessCommand command, Action<OutputLine>? onOutput = null, CancellationToken cancellationToken = default)
    {
        Commands.Enqueue(command);
        return inner.RunAsync(command, onOutput, cancellationToken);
    }
}

/// <summary>
/// Real plugin repositories, a real local registry and trackers (built by the sandbox), and the
/// recording stand-in wfctl in place of the sandbox's own. Removed on dispose.
/// </summary>
internal sealed class LiveDeployWorld : IAsyncDisposable
{
    private LiveDeployWorld(string directory, LiveDeploySandbox sandbox, WfctlStandIn wfctl, RecordingProcessRunner runner)
    {
        Directory = directory;
        Sandbox = sandbox;
        Wfctl = wfctl;
        Runner = runner;
        Settings = sandbox.Settings with
        {
            Depth = ValidationDepth.Plan,
            Timeout = TimeSpan.FromSeconds(20),
            TeardownTimeout = TimeSpan.FromSeconds(20),
        };
    }

    public string Directory { get; }

    public LiveDeploySandbox Sandbox { get; }

    /// <summary>The sandbox's own faithful stand-in wfctl (one implementation everywhere).</summary>
    public WfctlStandIn Wfctl { get; }

    public RecordingProcessRunner Runner { get; }

    public LiveDeploySettings Settings { get; set; }

    public static async Task<LiveDeployWorld> CreateAsync(params SandboxPlugin[] plugins)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("live-deploy-world-").FullName;
        var runner = new RecordingProcessRunner(new ProcessRunner());
        var caller = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? directory,
        };
        var sandbox = await LiveDeploySandbox.CreateAsync(Path.Combine(directory, "world"), runner, caller, CancellationToken.None, plugins, WfctlStandIn.Launcher());
        return new LiveDeployWorld(directory, sandbox, new WfctlStandIn(sandbox.World, sandbox.Settings.Wfctl, [.. plugins.Select(p => p.Name)]), runner);
    }

    /// <summary>A plugin whose release installs and whose example has one resource (see <see cref="SandboxPlugin"/>).</summary>
    public static SandboxPlugin Plugin(string name, string status, string behaviour = "green") => new(name, status, behaviour, "test");

    public LiveDeployRequest Request(string runId, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var environment = new Dictionary<string, string>(Sandbox.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return new LiveDeployRequest(Settings, new RunIdentity(runId, new Uri($"https://github.example/acme/ci/actions/runs/{runId}")), environment);
    }

    public LiveDeployRunner CreateRunner(Func<LiveDeployServices, LiveDeployServices>? configure = null)
    {
        var services = Sandbox.Services() with { Processes = Runner };
        return new LiveDeployRunner(configure is null ? services : configure(services));
    }

    /// <summary>Runs git in a repository of the world (to move a tag, commit a manifest edit).</summary>
    public Task GitAsync(string repository, params string[] arguments) =>
        new Pipelines.LiveDeploy.Registry.LocalGit(Runner, Sandbox.Environment).RunAsync(repository, CancellationToken.None, arguments);

    /// <summary>Edits a plugin's manifest on the registry's main branch (a commit, as a maintainer would).</summary>
    public async Task EditManifestAsync(string plugin, Func<string, string> edit)
    {
        var path = Path.Combine(Sandbox.RegistryPath, "plugins", $"workflow-plugin-{plugin}", "manifest.json");
        await File.WriteAllTextAsync(path, edit(await File.ReadAllTextAsync(path)));
        await GitAsync(Sandbox.RegistryPath, "commit", "--quiet", "-am", $"edit {plugin}");
    }

    public IReadOnlyList<string> IssueFiles(string plugin) =>
        System.IO.Directory.Exists(Sandbox.TrackerPath(plugin)) ? System.IO.Directory.GetFiles(Sandbox.TrackerPath(plugin), "*.md").Order().ToList() : [];

    public IReadOnlyList<string> PullFiles() =>
        System.IO.Directory.Exists(Sandbox.PullsPath) ? System.IO.Directory.GetFiles(Sandbox.PullsPath, "*.md").Order().ToList() : [];

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
