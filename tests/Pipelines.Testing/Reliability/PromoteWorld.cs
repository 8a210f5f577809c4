using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Security;
using Pipelines.Testing.Git;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Invariants;
using Pipelines.Testing.Staging;

namespace Pipelines.Testing.Reliability;

/// <summary>How a <see cref="PromoteWorld"/> starts.</summary>
public sealed record PromoteWorldOptions
{
    /// <summary>"backend" or "metadata": that repository has no <c>prod</c> branch and the promotion seeds it.</summary>
    public string? Seeded { get; init; }

    /// <summary><c>rollback</c> or <c>hold</c>.</summary>
    public string OnSplit { get; init; } = "rollback";

    /// <summary>The items of <c>promote.checks</c> as YAML, indented for the list (null: no checks).</summary>
    public string? ChecksYaml { get; init; }

    /// <summary>Variables the promotion's environment holds besides the tokens, PATH and HOME.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    public static PromoteWorldOptions Default { get; } = new();
}

/// <summary>
/// A two-repository promotion against real loopback servers: the GitHub emulator holding
/// <c>acme/backend</c> and <c>acme/metadata</c> (prod behind main) and the tracker issue
/// <c>acme/ops#1</c>, one staging service reporting both main SHAs, and a <c>pipelines.yaml</c>
/// pointing at them. One read token (which may comment on the tracker) and one push token per
/// repository, each able to push only its own repository.
/// </summary>
public sealed class PromoteWorld : IAsyncDisposable
{
    public const string Backend = "acme/backend";
    public const string Metadata = "acme/metadata";
    public const string Tracker = "acme/ops";
    public const int TrackerIssue = 1;

    public const string ReadTokenVariable = "PIPELINES_READ_TOKEN";
    public const string BackendPushVariable = "PUSH_TOKEN_BACKEND";
    public const string MetadataPushVariable = "PUSH_TOKEN_METADATA";

    private PromoteWorld(GitHubEmulator github, StagingServer staging, PromoteWorldOptions options)
    {
        GitHub = github;
        Staging = staging;
        Options = options;
        ReadToken = github.AddToken("ghs_readTOKEN" + Unique(), issueRepos: [Tracker], name: "read");
        BackendPushToken = github.AddToken("ghp_pushBACKEND" + Unique(), writeRepos: [Backend], name: "push-backend");
        MetadataPushToken = github.AddToken("ghp_pushMETADATA" + Unique(), writeRepos: [Metadata], name: "push-metadata");
        BackendRepo = github.AddRepository(Backend);
        MetadataRepo = github.AddRepository(Metadata);
        TrackerRepo = github.AddRepository(Tracker);
        TrackerRepo.AddIssue("Production promotions");

        var backend = BackendRepo.Chain(null, 3);
        BackendRepo.SetBranch("main", backend[2]);
        if (options.Seeded != "backend")
        {
            BackendRepo.SetBranch("prod", backend[0]);
        }

        var metadata = MetadataRepo.Chain(null, 2);
        MetadataRepo.SetBranch("main", metadata[1]);
        if (options.Seeded != "metadata")
        {
            MetadataRepo.SetBranch("prod", metadata[0]);
        }

        ServeMainHeads();
        File.WriteAllText(ConfigPath, ConfigYaml());
    }

    public GitHubEmulator GitHub { get; }

    public StagingServer Staging { get; }

    public PromoteWorldOptions Options { get; }

    public EmulatedRepository BackendRepo { get; }

    public EmulatedRepository MetadataRepo { get; }

    public EmulatedRepository TrackerRepo { get; }

    public Secret ReadToken { get; }

    public Secret BackendPushToken { get; }

    public Secret MetadataPushToken { get; }

    public IReadOnlyList<Secret> Secrets => [ReadToken, BackendPushToken, MetadataPushToken];

    public TempDirectory Directory { get; } = new("promote-world");

    public string ConfigPath => Directory.Combine("pipelines.yaml");

    /// <summary>What the promotion runs with: the three tokens, PATH and HOME, nothing else.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(Options.ExtraEnvironment, StringComparer.Ordinal)
            {
                [ReadTokenVariable] = ReadToken.Reveal(),
                [BackendPushVariable] = BackendPushToken.Reveal(),
                [MetadataPushVariable] = MetadataPushToken.Reveal(),
                ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
                ["HOME"] = Directory.Path,
            };
            return environment;
        }
    }

    public static IReadOnlyList<WatchedRepository> Watched => [new("backend", Backend), new("metadata", Metadata)];

    public static async Task<PromoteWorld> StartAsync(PromoteWorldOptions? options = null, CancellationToken cancellationToken = default)
    {
        var github = await GitHubEmulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var staging = await StagingServer.StartAsync(cancellationToken).ConfigureAwait(false);
            return new PromoteWorld(github, staging, options ?? PromoteWorldOptions.Default);
        }
        catch
        {
            await github.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts watching the two repositories and the tracker (before a run).</summary>
    public EmulatorObservation Observe() => EmulatorObservation.Begin(GitHub, Watched);

    /// <summary>Adds a commit on each main and points staging at the new heads: the next promotion has work to do.</summary>
    public void AdvanceMain()
    {
        BackendRepo.SetBranch("main", BackendRepo.Commit(BackendRepo.Branch("main")!));
        MetadataRepo.SetBranch("main", MetadataRepo.Commit(MetadataRepo.Branch("main")!));
        ServeMainHeads();
    }

    /// <summary>Staging reports the current main heads (the gate passes).</summary>
    public void ServeMainHeads()
    {
        var document = new JsonObject
        {
            ["backend"] = new JsonObject { ["sha"] = BackendRepo.Branch("main") },
            ["metadata"] = new JsonObject { ["sha"] = MetadataRepo.Branch("main") },
        };
        Staging.Health.Respond(StagingResponse.Ok());
        Staging.Version.Respond(StagingResponse.Json(document.ToJsonString()));
    }

    /// <summary>The bypass audit entries and rollback entries on the tracker issue.</summary>
    public IReadOnlyList<EmulatedComment> TrackerComments => TrackerRepo.Comments(TrackerIssue);

    private string ConfigYaml()
    {
        var health = Staging.HealthUrl.AbsoluteUri;
        var version = Staging.VersionUrl.AbsoluteUri;
        return string.Create(CultureInfo.InvariantCulture, $"""
            github:
              api-url: {GitHub.BaseUrl.AbsoluteUri}
              token-env: {ReadTokenVariable}
            promote:
              host: github
              repos:
                - name: backend
                  repo: {Backend}
                  push-token-env: {BackendPushVariable}
                  health: {health}
                  version: {version}
                  version-field: backend.sha
                - name: metadata
                  repo: {Metadata}
                  push-token-env: {MetadataPushVariable}
                  health: {health}
                  version: {version}
                  version-field: metadata.sha
              poll:
                timeout: 5s
                interval: 20ms
                request-timeout: 2s
              bypass:
                tracker: {Tracker}#{TrackerIssue}
              on-split: {Options.OnSplit}
            {(Options.ChecksYaml is null ? string.Empty : "  checks:\n" + Options.ChecksYaml)}
            """);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync()
    {
        await Staging.DisposeAsync().ConfigureAwait(false);
        await GitHub.DisposeAsync().ConfigureAwait(false);
        Directory.Dispose();
    }
}
