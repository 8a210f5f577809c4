using System.Collections.Immutable;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.GitHub;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.CloudLogin;
using Pipelines.LiveDeploy.Fetch;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Registry;
using Pipelines.Promotion;
using Pipelines.Security;
using Pipelines.Testing.GitHub;

namespace Pipelines.Testing.Reliability;

/// <summary>
/// A live-deploy run of plugin <c>aws</c> whose status update goes to the GitHub emulator: the
/// registry <c>acme/registry</c> (manifest on main), the tracker <c>acme/workflow-plugin-aws</c>,
/// and the real <see cref="LiveDeployRunner"/> with <see cref="GitHubRegistryHost"/>. Fetching,
/// cloud login and wfctl are stand-ins that only decide the verdict: the GitHub side is what
/// this world is for.
/// </summary>
public sealed class RegistryWorld : IAsyncDisposable
{
    public const string Registry = "acme/registry";
    public const string Tracker = "acme/workflow-plugin-aws";
    public const string ManifestPath = "plugins/workflow-plugin-aws/manifest.json";
    public const string TokenVariable = "GITHUB_TOKEN";

    private readonly GitHubClientFactory _factory;
    private readonly string _workDirectory = System.IO.Directory.CreateTempSubdirectory("registry-world-").FullName;

    /// <summary>The login the world's token acts as: the author of what the run writes.</summary>
    public const string Login = "registry";

    private RegistryWorld(GitHubEmulator github, GitHubClientOptions clientOptions, bool appToken)
    {
        GitHub = github;
        Token = github.AddToken("ghs_registryTOKEN" + Guid.NewGuid().ToString("N")[..12], canWrite: true, name: "registry", login: Login, app: appToken);
        RegistryRepo = github.AddRepository(Registry);
        TrackerRepo = github.AddRepository(Tracker);
        _factory = new GitHubClientFactory(clientOptions.WithApiUrl(github.BaseUrl));
    }

    public GitHubEmulator GitHub { get; }

    public Secret Token { get; }

    public EmulatedRepository RegistryRepo { get; }

    public EmulatedRepository TrackerRepo { get; }

    /// <summary>The verdict the stand-in wfctl produces.</summary>
    public bool Green { get; set; } = true;

    /// <summary>The configured <c>github.identity</c> the run is given; null: learned with <c>GET /user</c>.</summary>
    public string? Identity { get; set; }

    /// <param name="appToken">The token is a GitHub App installation token: <c>GET /user</c> answers 403.</param>
    public static async Task<RegistryWorld> StartAsync(GitHubClientOptions clientOptions, CancellationToken cancellationToken = default, bool appToken = false)
    {
        var github = await GitHubEmulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return new RegistryWorld(github, clientOptions, appToken);
    }

    /// <summary>The registry's main holds the aws manifest with <paramref name="status"/>.</summary>
    public RegistryWorld WithManifest(string status)
    {
        var root = RegistryRepo.CommitFiles(new Dictionary<string, string?>
        {
            [ManifestPath] = $"{{\n  \"name\": \"workflow-plugin-aws\",\n  \"version\": \"2.3.7\",\n  \"status\": \"{status}\",\n  \"tier\": \"core\",\n  \"capabilities\": {{ \"moduleTypes\": [\"iac.provider\"], \"iacProvider\": {{ \"name\": \"aws\" }} }}\n}}\n",
            ["README.md"] = "registry\n",
        });
        RegistryRepo.SetBranch("main", root);
        return this;
    }

    /// <summary>A branch left by an earlier, closed pull request, not at main.</summary>
    public RegistryWorld WithLeftoverBranch(string branch)
    {
        var stale = RegistryRepo.CommitFiles(new Dictionary<string, string?> { ["stale.txt"] = "left over\n" }, RegistryRepo.Branch("main")!);
        RegistryRepo.SetBranch(branch, stale);
        return this;
    }

    /// <summary>An investigation issue an earlier run opened on a red (by default with this world's token).</summary>
    public int WithOpenIssue(string previousRunId, string author = Login) =>
        TrackerRepo.AddIssue(
            "live-deploy: aws fails live validation",
            new RunMarker(previousRunId, "aws", RecordedResult.Red).Render() + "\n\naws failed.",
            ["live-deploy"],
            author: author);

    public async Task<LiveDeployReport> RunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var settings = new LiveDeploySettings(
            HostKind.GitHub,
            ["aws"],
            "https://github.invalid/acme/workflow-plugin-{plugin}.git",
            "main",
            "examples/minimal/config.yaml",
            "staging",
            ValidationDepth.Plan,
            "wfctl",
            TimeSpan.FromMinutes(1),
            TimeSpan.FromMinutes(1),
            1,
            ImmutableDictionary<string, CloudAuthSettings>.Empty,
            new RegistrySettings(Registry, "plugins/workflow-plugin-{plugin}/manifest.json", "main"),
            "acme/workflow-plugin-{plugin}",
            2)
        {
            // The plugin is "installed" by the operator: this world is about GitHub faults, not downloads.
            Install = PluginInstallMode.None,
            PluginDir = Path.Combine(_workDirectory, "plugins"),
        };
        var registry = new GitHubRegistryHost(_factory.Create(Token), settings.Registry, settings.TrackerRepo, Identity);
        var services = new LiveDeployServices(new StandInWfctl(() => Green), registry, TimeProvider.System)
            .WithCheckout(new StandInCheckout())
            .WithLogins(new NoLogin());
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TokenVariable] = Token.Reveal(),
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = _workDirectory,
        };
        var request = new LiveDeployRequest(settings, new RunIdentity(runId, new Uri($"https://github.example/acme/ci/actions/runs/{runId}")), environment);
        return await new LiveDeployRunner(services).RunAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _factory.Dispose();
        await GitHub.DisposeAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// wfctl that answers --version (on stderr) and passes or fails the plan with the stand-in's
    /// own lines (wfctl fact sheet 2.2, 0.1); nothing is started: this world measures GitHub faults.
    /// </summary>
    private sealed class StandInWfctl(Func<bool> green) : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(ProcessCommand command, Action<OutputLine>? onOutput = null, CancellationToken cancellationToken = default)
        {
            var version = command.Arguments.Contains("--version");
            var passes = version || green();
            var line = version ? "v0.85.4" : passes ? "Plan: 1 to create, 0 to update, 0 to replace, 0 to destroy." : "error: rpc error: code = Unknown desc = the provider refused the plan";
            onOutput?.Invoke(new OutputLine(version || !passes ? OutputStream.StandardError : OutputStream.StandardOutput, line));
            return Task.FromResult(new ProcessResult(passes ? 0 : 1, ProcessTermination.Exited, TimeSpan.FromMilliseconds(1), [line]));
        }
    }

    private sealed class StandInCheckout : IPluginCheckout
    {
        public Task<PluginCheckout> FetchAsync(string cloneUrl, string gitRef, string directory, Secret? token, CancellationToken cancellationToken)
        {
            var example = Path.Combine(directory, "examples", "minimal", "config.yaml");
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(example)!);
            File.WriteAllText(example, "modules:\n  - name: aws-provider\n    type: iac.provider\n    config:\n      provider: aws\n  - name: vpc\n    type: infra.vpc\n    config:\n      provider: aws-provider\n");
            return Task.FromResult(new PluginCheckout(directory, "0123456789abcdef0123456789abcdef01234567"));
        }
    }

    private sealed class NoLogin : ICloudLoginSelector, ICloudLogin
    {
        public ICloudLogin Select(string plugin, CloudAuthSettings? auth, bool oidcAvailable) => this;

        public Task<CloudSession> LoginAsync(CloudLoginRequest request, CancellationToken cancellationToken) => Task.FromResult(CloudSession.None);
    }
}
