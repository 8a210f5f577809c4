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

        var exitCode = await new SandboxCommand(context).RunAsync(new SandboxOptions("live-deploy", Directory: directory), timeout.Token);

        var text = output.ToString();
        Assert.True(exitCode == 0, $"exit {exitCode}\n{text}\n{error}");
        Assert.Contains("STAND-IN wfctl", text);
        var runs = text.Split("Running: pipelines live-deploy --config pipelines.yaml --run-id ");
        Assert.Equal(3, runs.Length);
        var (first, second) = (runs[1], runs[2]);

        // Run 1: aws (green, experimental) is promoted; gcp (red, verified) is investigated.
        Assert.Matches(@"\| aws \| ✅ green \|[^\n]*\| experimental \| [^\n]*promote", first);
        Assert.Matches(@"\| gcp \| ❌ red \|[^\n]*\| verified \| issue\\?-opened \|", first);
        Assert.Contains("open investigation issue", first);
        // Run 2: the second red of gcp demotes it.
        Assert.Matches(@"\| gcp \| ❌ red \|[^\n]*\| verified \| demote\\?-pr \|", second);
        Assert.Contains("--- registry/.pulls/", second);
        Assert.Contains("aws: promote to verified", second);
        Assert.Contains("gcp: demote to experimental", second);
        Assert.Contains("Live-deploy sandbox behaved as designed", text);
        Assert.Contains("The sandbox was removed", text);
        Assert.False(Directory.Exists(directory));
    }
}
