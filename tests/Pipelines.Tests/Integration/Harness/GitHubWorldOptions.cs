namespace Pipelines.Tests.Integration.Harness;

/// <summary>
/// How a <see cref="GitHubWorld"/> starts: who owns the repositories, which repositories and in
/// what shape, where the bypass tracker lives, which variable holds the read token, and whether
/// the repositories share one staging service. Everything else (checks, on-split, poll timings)
/// is <see cref="GitHubWorld.Config"/>, changed by the test before it runs.
/// </summary>
public sealed record GitHubWorldOptions
{
    public string Owner { get; init; } = "WXYC";

    public IReadOnlyList<RepoSetup> Repos { get; init; } = [new("backend"), new("metadata")];

    /// <summary>The bypass tracker repository (its first issue is the tracker issue).</summary>
    public string Tracker { get; init; } = "WXYC/wxyc-shared";

    public string ReadTokenEnv { get; init; } = "GITHUB_TOKEN";

    /// <summary>
    /// One staging service for every repository, reporting each main SHA under <c>NAME.sha</c>
    /// (the config's <c>version-field</c>); false: one service per repository reporting its own SHA.
    /// </summary>
    public bool SharedStaging { get; init; }

    /// <summary>Changes the generated config before it is first written (the default: one smoke check, 2s poll timeout).</summary>
    public Func<ConfigSpec, ConfigSpec> Configure { get; init; } = config => config;

    /// <summary>Two repositories, <c>WXYC/backend</c> and <c>WXYC/metadata</c>, each with its own staging service.</summary>
    public static GitHubWorldOptions Default { get; } = new();

    /// <summary>
    /// The reliability suite's world: <c>acme/backend</c> and <c>acme/metadata</c> behind one staging
    /// service, tracker <c>acme/ops#1</c>, the read token in <c>PIPELINES_READ_TOKEN</c> (so a
    /// caller's <c>GITHUB_TOKEN</c> is a different secret), no checks, a 5s poll at 20ms. The fault
    /// matrix's request paths name these repositories.
    /// </summary>
    public static GitHubWorldOptions Reliability { get; } = new()
    {
        Owner = "acme",
        Tracker = "acme/ops",
        ReadTokenEnv = "PIPELINES_READ_TOKEN",
        SharedStaging = true,
        Configure = config => config with { Checks = [], PollTimeout = "5s", PollInterval = "20ms", RequestTimeout = "2s" },
    };

    /// <summary>This world with the named repository missing its <c>prod</c> branch (the promotion seeds it).</summary>
    public GitHubWorldOptions Seeding(string? name) => name is null
        ? this
        : this with { Repos = Repos.Select(r => r.Name == name ? r with { Shape = RepoShape.NoProd } : r).ToList() };
}
