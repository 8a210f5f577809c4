using System.Text.Json.Nodes;
using Pipelines.Security;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Invariants;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Integration.Harness;

/// <summary>One repository of a <see cref="GitHubWorld"/>: its emulated repository, its staging service (maybe shared) and its push token.</summary>
public sealed class GitHubWorldRepo
{
    internal GitHubWorldRepo(string name, EmulatedRepository emulated, StagingServer staging, Secret pushToken, string? originalProd, string main)
    {
        Name = name;
        Emulated = emulated;
        Staging = staging;
        PushToken = pushToken;
        OriginalProd = originalProd;
        Main = main;
    }

    public string Name { get; }

    public string FullName => Emulated.FullName;

    public EmulatedRepository Emulated { get; }

    public StagingServer Staging { get; }

    /// <summary>The variable holding this repo's push token; <see cref="Secret.Name"/> of <see cref="PushToken"/>.</summary>
    public string PushTokenEnv => PushToken.Name;

    public Secret PushToken { get; }

    /// <summary>The token's name in the emulator's request log.</summary>
    public string PushTokenName => $"push-{Name}";

    public string? OriginalProd { get; }

    public string Main { get; }

    public string? Prod => Emulated.Branch("prod");
}

/// <summary>
/// The one promotion world on the GitHub emulator (integration and reliability scenarios alike):
/// repositories with main ahead of prod over a real commit graph, a read/comment token and one
/// push token per repository, staging reporting each main SHA, a tracker issue, and a config
/// (<see cref="PromotionWorld.Config"/>) pointing at all of it. <see cref="GitHubWorldOptions"/>
/// says who owns what; run it with <see cref="PromotionWorld.PromoteAsync"/> /
/// <see cref="PromotionWorld.PromoteWithCliAsync(IEnumerable{string}, IReadOnlyDictionary{string, string}?, PromotionInvariant[])"/>
/// (invariants asserted) or <see cref="InProcessPromote"/> / <see cref="CliPromote"/> (the raw
/// result, for tests that inject faults and judge the invariants themselves).
/// </summary>
public sealed class GitHubWorld : PromotionWorld
{
    /// <summary>The default world's tracker, read-token variable and the read token's name in the request log.</summary>
    public const string TrackerFullName = "WXYC/wxyc-shared";
    public const string ReadTokenEnv = "GITHUB_TOKEN";
    public const string ReadTokenName = "read";

    private readonly List<GitHubWorldRepo> _repos = [];
    private readonly StagingServer? _sharedStaging;

    private GitHubWorld(GitHubEmulator github, GitHubWorldOptions options, StagingServer? sharedStaging)
    {
        GitHub = github;
        Options = options;
        _sharedStaging = sharedStaging;
        Tracker = github.AddRepository(options.Tracker);
        TrackerIssue = Tracker.AddIssue("Promotion gate bypasses");
        var token = github.AddToken("ghp_read_" + Unique() + "READ", issueRepos: [options.Tracker], name: ReadTokenName);
        ReadToken = new Secret(options.ReadTokenEnv, token.Reveal());
        Environment[options.ReadTokenEnv] = ReadToken.Reveal();
    }

    public GitHubEmulator GitHub { get; }

    public GitHubWorldOptions Options { get; }

    public EmulatedRepository Tracker { get; }

    public int TrackerIssue { get; }

    public Secret ReadToken { get; }

    public IReadOnlyList<GitHubWorldRepo> Repos => _repos;

    public GitHubWorldRepo this[string name] => _repos.Single(r => r.Name == name);

    public IReadOnlyList<EmulatedComment> TrackerComments => Tracker.Comments(TrackerIssue);

    /// <summary>Every token the world handed out: none may show anywhere.</summary>
    public IReadOnlyList<Secret> Secrets => [.. WorldSecrets];

    /// <summary>The staging service every repository shares (only with <see cref="GitHubWorldOptions.SharedStaging"/>).</summary>
    public StagingServer Staging => _sharedStaging ?? throw new InvalidOperationException("each repository has its own staging service: use world[name].Staging");

    protected override IEnumerable<Secret> WorldSecrets => _repos.Select(r => r.PushToken).Append(ReadToken);

    /// <summary>Two repositories, backend and metadata, each with main two commits ahead of prod.</summary>
    public static Task<GitHubWorld> StartAsync() => StartAsync(GitHubWorldOptions.Default);

    public static Task<GitHubWorld> StartAsync(params RepoSetup[] setups) => StartAsync(GitHubWorldOptions.Default with { Repos = setups });

    public static async Task<GitHubWorld> StartAsync(GitHubWorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var github = await GitHubEmulator.StartAsync();
        GitHubWorld? world = null;
        try
        {
            var shared = options.SharedStaging ? await StagingServer.StartAsync() : null;
            world = new GitHubWorld(github, options, shared) { Config = new ConfigSpec() };
            foreach (var setup in options.Repos)
            {
                await world.AddRepoAsync(setup);
            }

            world.ServeMainHeads();
            world.Config = options.Configure(new ConfigSpec
            {
                Host = "github",
                ApiUrl = github.BaseUrl,
                TokenEnv = options.ReadTokenEnv,
                Repos = world._repos.Select(r => new RepoSpec(r.Name, r.FullName, r.Staging.HealthUrl.AbsoluteUri, r.Staging.VersionUrl.AbsoluteUri)
                {
                    PushTokenEnv = r.PushTokenEnv,
                    VersionField = options.SharedStaging ? $"{r.Name}.sha" : null,
                }).ToList(),
                Checks = [new CheckSpec("smoke", "test -n \"$SMOKE_TARGET\" && echo smoke passed") { Env = new Dictionary<string, string> { ["SMOKE_TARGET"] = "staging" } }],
                Tracker = $"{options.Tracker}#{world.TrackerIssue}",
            });
            world.WriteConfig();
            return world;
        }
        catch
        {
            if (world is not null)
            {
                await world.DisposeAsync();
            }
            else
            {
                await github.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Every write the emulator received (what a dry run or a blocked gate must leave empty).</summary>
    public IReadOnlyList<RecordedRequest> Writes => GitHub.Requests.Writes;

    /// <summary>Applied writes to a repository's refs, in order.</summary>
    public IReadOnlyList<RecordedRequest> RefWrites(string name) =>
        GitHub.Requests.All.Where(r => r.IsWrite && r.Path.StartsWith($"/repos/{this[name].FullName}/git/refs", StringComparison.Ordinal)).ToList();

    /// <summary>Starts watching the repositories and the tracker (before a run that is not one of the world's own).</summary>
    public EmulatorObservation Observe() => EmulatorObservation.Begin(GitHub, _repos.Select(r => new WatchedRepository(r.Name, r.FullName)));

    /// <summary>Adds a commit on each main and points staging at the new heads: the next promotion has work to do.</summary>
    public void AdvanceMain()
    {
        foreach (var repo in _repos)
        {
            repo.Emulated.SetBranch("main", repo.Emulated.Commit(repo.Emulated.Branch("main")!));
        }

        ServeMainHeads();
    }

    /// <summary>Staging answers healthy and reports each repository's current main head (the gate passes).</summary>
    public void ServeMainHeads()
    {
        if (_sharedStaging is null)
        {
            foreach (var repo in _repos)
            {
                repo.Staging.ServeCommit(repo.Emulated.Branch("main")!);
            }

            return;
        }

        var document = new JsonObject();
        foreach (var repo in _repos)
        {
            document[repo.Name] = new JsonObject { ["sha"] = repo.Emulated.Branch("main") };
        }

        _sharedStaging.Health.Respond(StagingResponse.Ok());
        _sharedStaging.Version.Respond(StagingResponse.Json(document.ToJsonString()));
    }

    protected override Func<ObservedWorld> BeginObservation() => Observe().End;

    protected override async ValueTask DisposeHostAsync()
    {
        foreach (var staging in _repos.Select(r => r.Staging).Append(_sharedStaging).OfType<StagingServer>().Distinct())
        {
            await staging.DisposeAsync();
        }

        await GitHub.DisposeAsync();
    }

    private async Task AddRepoAsync(RepoSetup setup)
    {
        var emulated = GitHub.AddRepository($"{Options.Owner}/{setup.Name}");
        var commits = emulated.Chain(null, 3);
        var main = commits[2];
        string? prod = setup.Shape switch
        {
            RepoShape.MainAhead => commits[0],
            RepoShape.Unchanged => main,
            RepoShape.NoProd => null,
            _ => emulated.Commit(commits[0]),
        };
        emulated.SetBranch("main", main);
        if (prod is not null)
        {
            emulated.SetBranch("prod", prod);
        }

        var variable = $"PUSH_TOKEN_{setup.Name.ToUpperInvariant().Replace('-', '_')}";
        var token = GitHub.AddToken($"ghp_push_{setup.Name}_{Unique()}", writeRepos: [emulated.FullName], name: $"push-{setup.Name}");
        var pushToken = new Secret(variable, token.Reveal());
        Environment[variable] = pushToken.Reveal();
        var staging = _sharedStaging ?? await StagingServer.StartAsync();
        _repos.Add(new GitHubWorldRepo(setup.Name, emulated, staging, pushToken, prod, main));
    }

    // Tokens differ per world, so a leak from one test cannot pass for another's.
    private static string Unique() => Guid.NewGuid().ToString("N")[..16];
}
