using System.Text;
using Pipelines.Promotion;
using Pipelines.Testing.Git;
using Pipelines.Testing.Invariants;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// What a check's real process receives, through the whole <c>pipelines promote</c>: two bash
/// checks dump their environment. Neither inherits a GitHub token (wherever it lives), a push
/// token or a runner token; only the check that names one in <c>pass-env</c> gets it.
/// </summary>
public sealed class CheckEnvironmentHygieneTests : IDisposable
{
    private static readonly Dictionary<string, string> CallerSecrets = new()
    {
        ["GITHUB_TOKEN"] = "ghs_callerGITHUBTOKEN0001",
        ["GH_TOKEN"] = "gho_callerGHTOKEN0002",
        ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "oidc-request-token-0003",
        ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.actions.example/oidc?x=0004",
        ["ACTIONS_RUNTIME_TOKEN"] = "actions-runtime-token-0005",
    };

    private readonly TempDirectory _dumps = new("check-env");

    public void Dispose() => _dumps.Dispose();

    [Fact]
    public async Task A_check_process_gets_no_token_or_secret_unless_it_passes_it_by_name()
    {
        var dumpDir = new Dictionary<string, string> { ["DUMP_DIR"] = _dumps.Path };
        var extra = new Dictionary<string, string>(CallerSecrets) { ["HARMLESS"] = "visible" };
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        world.WithConfig(config => config.WithChecks(
            new CheckSpec("plain", "env -0 > \"$DUMP_DIR/plain.env\"") { Env = dumpDir },
            new CheckSpec("trusted", "env -0 > \"$DUMP_DIR/trusted.env\"") { Env = dumpDir, PassEnv = ["GITHUB_TOKEN"] }));
        world.WithEnvironment(extra);

        var result = await InProcessPromote.RunAsync(world, PromoteArguments.Gate(), MatrixClient.For("none"));

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        PromotionInvariants.AssertHolds(result with { Secrets = [.. result.Secrets, .. CallerSecrets.Select(s => new Security.Secret(s.Key, s.Value))] });
        var plain = Dump("plain.env");
        var trusted = Dump("trusted.env");
        Assert.Equal("visible", plain["HARMLESS"]);
        Assert.Equal("visible", trusted["HARMLESS"]);
        var tokens = CallerSecrets.Values.Concat(world.Secrets.Select(s => s.Reveal())).ToList();
        Assert.DoesNotContain(plain.Values, value => tokens.Any(token => value.Contains(token, StringComparison.Ordinal)));
        Assert.Equal(CallerSecrets["GITHUB_TOKEN"], trusted["GITHUB_TOKEN"]);
        var passed = new[] { CallerSecrets["GITHUB_TOKEN"] };
        Assert.DoesNotContain(trusted.Values, value => tokens.Except(passed).Any(token => value.Contains(token, StringComparison.Ordinal)));
    }

    private Dictionary<string, string> Dump(string name)
    {
        var entries = Encoding.UTF8.GetString(File.ReadAllBytes(_dumps.Combine(name))).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return entries.Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
    }
}
