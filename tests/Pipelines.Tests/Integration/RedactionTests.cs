using Pipelines.Commands;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>Token values never reach any output; a check sees a token only when it names it in pass-env.</summary>
public sealed class RedactionTests
{
    private const string E2eToken = "e2e-credential-value-0123456789";

    [Fact]
    public async Task A_token_a_check_echoes_is_shown_as_stars_and_appears_in_no_output()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = world.Config.WithChecks(new CheckSpec("e2e", "echo \"using token $E2E_TOKEN\"; echo \"read token: [$GITHUB_TOKEN]\"") { PassEnv = ["E2E_TOKEN"] });
        world.Environment["E2E_TOKEN"] = E2eToken;

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("[e2e] using token ***", run.Stdout, StringComparison.Ordinal);
        // Not passed by name: the check never had the read token at all.
        Assert.Contains("[e2e] read token: []", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(E2eToken, run.ReportJson!, StringComparison.Ordinal);
        Assert.DoesNotContain(E2eToken, run.Summary!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_check_that_prints_tokens_keeps_them_out_of_the_report_tail_and_summary()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = world.Config.WithChecks(new CheckSpec("e2e", "echo \"token=$E2E_TOKEN push=$PUSH_TOKEN_BACKEND\"; exit 1") { PassEnv = ["E2E_TOKEN", "PUSH_TOKEN_BACKEND"] });
        world.Environment["E2E_TOKEN"] = E2eToken;

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var tail = Assert.Single(run.Stages("run-checks:e2e")).Output;
        Assert.Contains("token=*** push=***", tail);
        Assert.Contains("token=*** push=***", run.Summary!, StringComparison.Ordinal);
        foreach (var secret in run.Result.Secrets)
        {
            Assert.DoesNotContain(secret.Reveal(), run.ReportJson!, StringComparison.Ordinal);
            Assert.DoesNotContain(secret.Reveal(), run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Under_github_actions_every_token_is_masked_before_anything_runs()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));

        var run = await world.PromoteAsync(environment: new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var maskLines = run.Stdout.Split('\n').Where(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToHashSet();
        foreach (var token in run.Result.Secrets.Select(s => s.Reveal()))
        {
            Assert.Contains("::add-mask::" + token, maskLines);
            Assert.Contains("::add-mask::" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token)), maskLines);
        }

        Assert.True(run.Stdout.IndexOf("::add-mask::", StringComparison.Ordinal) < run.Stdout.IndexOf("resolve-shas", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_pasted_into_the_justification_or_the_trigger_reaches_neither_the_audit_entry_nor_the_report()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));
        var pasted = world["backend"].PushToken.Reveal();

        var run = await world.PromoteAsync(new PromoteOptions
        {
            SkipGate = true,
            Justification = $"hotfix, used {pasted} to check",
            Trigger = $"{{\"token\":\"{pasted}\"}}",
        });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var entry = Assert.Single(world.TrackerComments);
        Assert.Contains("hotfix, used *** to check", entry.Body, StringComparison.Ordinal);
        Assert.Equal("hotfix, used *** to check", run.RequireReport().Bypass!.Justification);
        Assert.Equal("{\"token\":\"***\"}", run.RequireReport().Trigger);
    }
}
