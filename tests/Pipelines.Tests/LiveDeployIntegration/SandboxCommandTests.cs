using Pipelines.Testing.LiveDeploy;
using Pipelines.Commands;
using Pipelines.Testing.Git;

namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary><c>pipelines sandbox live-deploy</c> through <see cref="SandboxCommand"/>, as a newcomer runs it.</summary>
public sealed class SandboxCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("live-deploy-sandbox-command");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Sandbox_live_deploy_exits_0_and_shows_a_promotion_an_investigation_and_a_demotion_then_removes_itself()
    {
        var directory = _temp.Combine("sandbox");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = _temp.Path,
        };
        var context = new CommandContext(environment, _temp.Path, new PlainConsoleUi(output, error, TimeProvider.System), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var exitCode = await new SandboxCommand(context).RunAsync(new SandboxOptions("live-deploy", Directory: directory) { WfctlLauncher = WfctlStandIn.Launcher() }, timeout.Token);

        var text = output.ToString();
        Assert.True(exitCode == 0, $"exit {exitCode}\n{text}\n{error}");
        Assert.Contains("STAND-IN wfctl", text);
        var runs = text.Split("Running: pipelines live-deploy --config pipelines.yaml --run-id ");
        Assert.Equal(3, runs.Length);
        var (first, second) = (runs[1], runs[2]);

        // Run 1: all four verdicts. digitalocean (green, experimental) is promoted; aws, gcp and tofu
        // are not-validated with their reasons; acme (red, verified) is investigated; leaky leaked.
        Assert.Matches(@"\| digitalocean \| ✅ green \|[^\n]*\| experimental \| [^\n]*promote", first);
        Assert.Matches(@"\| aws \| ⚪ not\\?-validated \|[^\n]*\| none \|", first);
        Assert.Contains("### Not validated", first);
        Assert.Contains("declares no infra", first);
        Assert.Contains("is not an IaC provider", first.Replace("not an IaC provider plugin", "is not an IaC provider", StringComparison.Ordinal));
        Assert.Matches(@"\| acme \| ❌ red \|[^\n]*\| verified \| issue\\?-opened \|", first);
        Assert.Matches(@"\| leaky \| 🚨 leaked \|", first);
        Assert.Contains("teardown not verified", first);
        // Run 2: the second red of acme demotes it.
        Assert.Matches(@"\| acme \| ❌ red \|[^\n]*\| verified \| demote\\?-pr \|", second);
        Assert.Contains("--- registry/.pulls/", second);
        Assert.Contains("digitalocean: promote to verified", second);
        Assert.Contains("acme: demote to experimental", second);
        Assert.Contains("release tarball sha256", second);
        Assert.Contains("Live-deploy sandbox behaved as designed", text);
        Assert.Contains("The sandbox was removed", text);
        Assert.False(Directory.Exists(directory));
    }
}
