using Pipelines.Testing.Git;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Reliability.Attacks;

/// <summary>
/// Attack (issue 13, point 1): a check passed a PEM private key by name echoes it, as is, as
/// base64 and JSON-escaped, under GitHub Actions. The built CLI masks every line of the key with
/// its own <c>::add-mask::</c> (the runner masks log lines one at a time), and no line of the key
/// reaches stdout, stderr, the report (<c>stages[].output</c>), the summary, the step summary or
/// <c>GITHUB_OUTPUT</c>.
/// </summary>
public sealed class MultiLineSecretAttackTests : IDisposable
{
    // A 4-line PEM key (not a usable key: the body is random base64).
    private const string Key = "-----BEGIN PRIVATE KEY-----\n"
        + "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3LQmlQY\n"
        + "x2eqzDVxeG8kxsGFV18q5wZPvIl3H9Se3hJuHR3M7sCAwEAAQJAXt9mA0ZkQ8Yw\n"
        + "-----END PRIVATE KEY-----";

    private readonly TempDirectory _files = new("multiline-secret");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_pem_key_a_failing_check_echoes_is_masked_line_by_line_and_reaches_no_channel()
    {
        // One line: the config writes every value as a single-quoted YAML scalar, which folds line breaks.
        var leaky = new CheckSpec(
            "leaky",
            """printf '%s\n' "$SIGNING_KEY"; printf '%s' "$SIGNING_KEY" | base64 -w0; echo; json=${SIGNING_KEY//$'\n'/\\n}; echo "{\"key\":\"$json\"}"; exit 1""")
        {
            PassEnv = ["SIGNING_KEY"],
        };
        var stepSummary = _files.Combine("step-summary.md");
        var githubOutput = _files.Combine("github-output");
        var environment = new Dictionary<string, string>
        {
            ["SIGNING_KEY"] = Key,
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_STEP_SUMMARY"] = stepSummary,
            ["GITHUB_OUTPUT"] = githubOutput,
        };
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        world.WithConfig(config => config.WithChecks(leaky));
        world.WithEnvironment(environment);

        await using var cli = CliPromote.Start(world, PromoteArguments.Gate());
        var result = await cli.FinishAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 1, result.StandardOutput + result.StandardError);
        Assert.Contains("[leaky] ***", result.StandardOutput, StringComparison.Ordinal);
        var masks = result.StandardOutput.Split('\n').Where(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToHashSet();
        foreach (var line in Key.Split('\n'))
        {
            Assert.Contains("::add-mask::" + line, masks);
        }

        Assert.Contains("::add-mask::" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Key)), masks);
        Assert.Contains("::add-mask::" + Key.Replace("\n", "\\n", StringComparison.Ordinal), masks);
        var channels = new LeakChannels()
            .Add("stdout", result.StandardOutput)
            .Add("stderr", result.StandardError)
            .Add("the report", result.ReportJson)
            .Add("the summary", result.Summary)
            .AddFile("the step summary", stepSummary)
            .AddFile("GITHUB_OUTPUT", githubOutput);
        Assert.Contains("***", result.ReportJson, StringComparison.Ordinal);
        Assert.True(File.Exists(stepSummary) && File.Exists(githubOutput), "the step summary and GITHUB_OUTPUT were written");
        foreach (var (line, index) in Key.Split('\n').Select((l, i) => (l, i)))
        {
            channels.AssertNowhere(line, $"line {index + 1} of the key");
        }

        channels.AssertNowhere(Key.Split('\n')[1][..20], "a piece of the key body");
        channels.AssertNowhere(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Key))[..40], "the key's base64");
    }
}
