using Pipelines.Testing.Git;
using Pipelines.Tests.Integration.Harness;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Reliability.Attacks;

/// <summary>
/// Attack (issue 13, point 4): a staging <c>/version</c> (and <c>/healthcheck</c>) answers with a
/// redirect to a second loopback service, an internal one holding a secret. The built CLI does
/// not follow it: the internal service is never asked, the gate blocks, and its body is quoted in
/// no channel (stdout, stderr, report, summary, step summary, <c>GITHUB_OUTPUT</c>).
/// </summary>
public sealed class StagingRedirectAttackTests : IDisposable
{
    private const string InternalSecret = "INTERNAL-ONLY-db-password-7f3a9c";

    private readonly TempDirectory _files = new("staging-redirect");

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("version")]
    [InlineData("health")]
    public async Task A_redirect_to_another_origin_is_not_followed_and_its_body_is_published_nowhere(string endpoint)
    {
        await using var inside = await StagingServer.StartAsync();
        inside.Version.Respond(StagingResponse.Json($$"""{"secret":"{{InternalSecret}}"}"""));
        inside.Health.Respond(StagingResponse.Ok(InternalSecret));
        var stepSummary = _files.Combine($"step-summary-{endpoint}.md");
        var githubOutput = _files.Combine($"github-output-{endpoint}");
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        world.WithEnvironment(new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = stepSummary, ["GITHUB_OUTPUT"] = githubOutput });
        if (endpoint == "version")
        {
            world.Staging.Version.Respond(StagingResponse.Redirect(inside.VersionUrl.AbsoluteUri));
        }
        else
        {
            world.Staging.Health.Respond(StagingResponse.Redirect(inside.HealthUrl.AbsoluteUri));
        }

        await using var cli = CliPromote.Start(world, PromoteArguments.Gate());
        var result = await cli.FinishAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 1, result.StandardOutput + result.StandardError);
        Assert.Equal(0, inside.Version.Requests + inside.Health.Requests);
        Assert.Contains(endpoint == "version" ? "302" : "timed out", result.StandardOutput + result.Summary, StringComparison.OrdinalIgnoreCase);
        new LeakChannels()
            .Add("stdout", result.StandardOutput)
            .Add("stderr", result.StandardError)
            .Add("the report", result.ReportJson)
            .Add("the summary", result.Summary)
            .AddFile("the step summary", stepSummary)
            .AddFile("GITHUB_OUTPUT", githubOutput)
            .AssertNowhere(InternalSecret, "the internal service's answer");
        Assert.Empty(world.TrackerComments);
    }
}
