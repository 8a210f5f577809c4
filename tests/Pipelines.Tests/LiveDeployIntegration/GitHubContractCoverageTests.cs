using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary>
/// Every GitHub call live-deploy's GitHub host makes, collected from the emulator's request log
/// over a whole life (promotion, investigation, demotion, recovery, a second demotion over the
/// leftover branch), must be in the GitHub REST contract subset and be validated against it by
/// the Prism contract test (tests/Pipelines.Tests/GitHub/Contract). A new call fails here until
/// it is added there.
/// </summary>
public sealed partial class GitHubContractCoverageTests
{
    private static readonly string[] HostCalls =
    [
        "GET /repos/{}/{}/contents/{}",
        "PUT /repos/{}/{}/contents/{}",
        "GET /repos/{}/{}/pulls",
        "POST /repos/{}/{}/pulls",
        "GET /repos/{}/{}/issues",
        "POST /repos/{}/{}/issues",
        "PATCH /repos/{}/{}/issues/{}",
        "GET /repos/{}/{}/issues/{}/comments",
        "POST /repos/{}/{}/issues/{}/comments",
        "GET /repos/{}/{}/git/ref/heads/{}",
        "POST /repos/{}/{}/git/refs",
        "PATCH /repos/{}/{}/git/refs/heads/{}",
        // Who the token acts as: asked once per run, when an open issue's run markers must be checked for their author.
        "GET /user",
    ];

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("AssertAccepted\\(\"(?<method>[A-Z]+)\", \\$?\"(?<path>[^\"?]+)")]
    private static partial Regex AcceptedCall();

    [Fact]
    public async Task Every_call_of_a_plugins_whole_life_is_in_the_contract_subset_and_its_prism_test()
    {
        var used = await CallsOfAWholeLifeAsync();

        Assert.Equal(HostCalls.Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
        var specified = SpecifiedCalls();
        Assert.All(used, call => Assert.Contains(call, specified));
        var contractTested = ContractTestedPaths();
        Assert.All(used, call => Assert.Contains(contractTested, tested => Matches(call, tested)));
    }

    private static async Task<IReadOnlyList<string>> CallsOfAWholeLifeAsync()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "experimental"), new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: boom");
        await world.RunAsync("6001");
        await world.RunAsync("6002");
        world.Wfctl.Pass("gcp");
        await world.RunAsync("6003");
        world.Wfctl.Fail("gcp", "plan", "Error: boom");
        await world.RunAsync("6004");
        var final = await world.RunAsync("6005");

        // The second demotion reused the branch its closed predecessor left: reset to base by force, then edited.
        Assert.Equal(1, final.ExitCode);
        Assert.Equal(["closed", "open"], world.Registry.PullRequests.Where(p => p.Head == "live-deploy/gcp-experimental").OrderBy(p => p.Number).Select(p => p.State));
        Assert.Contains(world.Registry.RefLog, change => change is { Branch: "live-deploy/gcp-experimental", Forced: true } && change.NewSha == world.Registry.Branch("main"));
        Assert.Equal(world.Manifest("gcp", "experimental"), world.Registry.ReadFile("live-deploy/gcp-experimental", GitHubLiveDeployWorld.ManifestPath("gcp")));
        Assert.All(world.GitHub.Requests.All, r => Assert.NotNull(r.Route));

        return world.GitHub.Requests.All.Select(r => Parameter().Replace(r.Route!, "{}")).Distinct().ToList();
    }

    private static HashSet<string> SpecifiedCalls()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "contract", "github-rest-subset.openapi.json")))!;
        return spec["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(method => $"{method.Key.ToUpperInvariant()} {Parameter().Replace(path.Key, "{}")}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static IReadOnlyList<(string Method, string Path)> ContractTestedPaths()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Pipelines.Tests", "GitHub", "Contract", "GitHubContractTests.cs"));
        return AcceptedCall().Matches(source).Select(m => (m.Groups["method"].Value, m.Groups["path"].Value)).ToList();
    }

    /// <summary>Whether a concrete contract-test request is an instance of the call (each {} one path segment).</summary>
    private static bool Matches(string call, (string Method, string Path) tested)
    {
        var space = call.IndexOf(' ');
        var pattern = "^" + string.Join("[^/]+", call[(space + 1)..].Split("{}").Select(Regex.Escape)) + "$";
        return call[..space] == tested.Method && Regex.IsMatch(tested.Path, pattern);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "tests", "contract", "github-rest-subset.openapi.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"tests/contract not found above {AppContext.BaseDirectory}");
    }
}
