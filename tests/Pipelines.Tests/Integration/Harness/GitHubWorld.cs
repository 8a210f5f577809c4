using Pipelines.Security;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Invariants;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Integration.Harness;

/// <summary>One repository of a <see cref="GitHubWorld"/>: its emulated repository, its staging service and its push token.</summary>
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
/// A promotion world on the GitHub emulator: repositories with main ahead of prod over a real
/// commit graph, a read/comment token and one push token per repository, a staging server per
/// repository reporting its main SHA, a tracker issue, and a config pointing at all of it.
/// </summary>
public sealed class GitHubWorld : PromotionWorld
{
    public const string TrackerFullName = "WXYC/wxyc-shared";
    public const string ReadTokenEnv = "GITHUB_TOKEN";
    public const string ReadTokenName = "read";

    private readonly List<GitHubWorldRepo> _repos = [];

    private GitHubWorld(GitHubEmulator github)
    {
        GitHub = github;
        Tracker = github.AddRepository(TrackerFullName);
        TrackerIssue = Tracker.AddIssue("Promotion gate bypasses");
        var token = github.AddToken("ghp_read_0123456789abcdefREAD", issueRepos: [TrackerFullName], name: ReadTokenName);
        ReadToken = new Secret(ReadTokenEnv, token.Reveal());
        Environment[ReadTokenEnv] = ReadToken.Reveal();
    }

    public GitHubEmulator GitHub { get; }

    public EmulatedRepository Tracker { get; }

    public int TrackerIssue { get; }

    public Secret ReadToken { get; }

    public IReadOnlyList<GitHubWorldRepo> Repos => _repos;

    public GitHubWorldRepo this[string name] => _repos.Single(r => r.Name == name);

    public IReadOnlyList<EmulatedComment> TrackerComments => Tracker.Comments(TrackerIssue);

    protected override IEnumerable<Secret> WorldSecrets => _repos.Select(r => r.PushToken).Append(ReadToken);

    /// <summary>Two repositories, backend and metadata, each with main two commits ahead of prod.</summary>
    public static Task<GitHubWorld> StartAsync() => StartAsync(new RepoSetup("backend"), new RepoSetup("metadata"));

    public static async Task<GitHubWorld> StartAsync(params RepoSetup[] setups)
    {
        var github = await GitHubEmulator.StartAsync();
        var world = new GitHubWorld(github) { Config = new ConfigSpec() };
        try
        {
            foreach (var setup in setups)
            {
                await world.AddRepoAsync(setup);
            }

            world.Config = new ConfigSpec
            {
                Host = "github",
                ApiUrl = github.BaseUrl,
                TokenEnv = ReadTokenEnv,
                Repos = world._repos.Select(r => new RepoSpec(r.Name, r.FullName, r.Staging.HealthUrl.AbsoluteUri, r.Staging.VersionUrl.AbsoluteUri)
                {
                    PushTokenEnv = r.PushTokenEnv,
                }).ToList(),
                Checks = [new CheckSpec("smoke", "test -n \"$SMOKE_TARGET\" && echo smoke passed") { Env = new Dictionary<string, string> { ["SMOKE_TARGET"] = "staging" } }],
                Tracker = $"{TrackerFullName}#{world.TrackerIssue}",
            };
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every write the emulator received (what a dry run or a blocked gate must leave empty).</summary>
    public IReadOnlyList<RecordedRequest> Writes => GitHub.Requests.Writes;

    /// <summary>Applied writes to a repository's refs, in order.</summary>
    public IReadOnlyList<RecordedRequest> RefWrites(string name) =>
        GitHub.Requests.All.Where(r => r.IsWrite && r.Path.StartsWith($"/repos/{this[name].FullName}/git/refs", StringComparison.Ordinal)).ToList();

    protected override Func<ObservedWorld> BeginObservation()
    {
        var observation = EmulatorObservation.Begin(GitHub, _repos.Select(r => new WatchedRepository(r.Name, r.FullName)));
        return observation.End;
    }

    protected override async ValueTask DisposeHostAsync()
    {
        foreach (var repo in _repos)
        {
            await repo.Staging.DisposeAsync();
        }

        await GitHub.DisposeAsync();
    }

    private async Task AddRepoAsync(RepoSetup setup)
    {
        var emulated = GitHub.AddRepository($"WXYC/{setup.Name}");
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
        var token = GitHub.AddToken($"ghp_push_{setup.Name}_0123456789abcdef", writeRepos: [emulated.FullName], name: $"push-{setup.Name}");
        var pushToken = new Secret(variable, token.Reveal());
        Environment[variable] = pushToken.Reveal();
        var staging = await StagingServer.StartAsync();
        staging.ServeCommit(main);
        _repos.Add(new GitHubWorldRepo(setup.Name, emulated, staging, pushToken, prod, main));
    }
}
