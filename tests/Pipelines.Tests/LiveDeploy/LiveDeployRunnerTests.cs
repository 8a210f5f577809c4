using Pipelines.Configuration;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.CloudLogin;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Testing.LiveDeploy;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>
/// The real runner against real git repositories, a local registry and the recording stand-in
/// wfctl run as a real process: teardown on every path, -y, and what reaches wfctl's environment.
/// </summary>
public sealed class LiveDeployRunnerTests
{
    [Fact]
    public async Task After_a_failed_apply_the_example_is_destroyed_and_cleaned_up_by_tag()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "experimental"));
        world.Settings = world.Settings with { Depth = ValidationDepth.Apply };
        world.Wfctl.FailAll("apply", "Error: InvalidParameterValue: bad instance type");

        var report = await world.CreateRunner().RunAsync(world.Request("101"), CancellationToken.None);

        Assert.Equal(["--version", "plan", "apply", "destroy", "status", "cleanup"], world.Wfctl.Verbs());
        var row = Assert.Single(report.Plugins);
        Assert.Equal(Verdict.Red, row.Verdict);
        Assert.Equal(1, row.Failure!.ExitCode);
        Assert.Contains(row.Failure.OutputTail, l => l.StartsWith("error: 1 resource(s) failed: create/", StringComparison.Ordinal) && l.EndsWith("Error: InvalidParameterValue: bad instance type", StringComparison.Ordinal));
        Assert.Equal(LiveDeployExitCode.Red, report.ExitCode);
        Assert.Equal("v0.85.4", report.WfctlVersion);
        var cleanup = world.Wfctl.Calls().Single(c => c.Verb == "cleanup");
        Assert.Equal(["--env", "staging", "--tag", "live-deploy-101", "--fix"], cleanup.Arguments.TakeLast(5));
        Assert.Empty(world.Wfctl.Cloud());
    }

    [Fact]
    public async Task Apply_and_destroy_always_get_y()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "verified"));
        world.Settings = world.Settings with { Depth = ValidationDepth.Apply };

        await world.CreateRunner().RunAsync(world.Request("102"), CancellationToken.None);

        var writes = world.Wfctl.Calls().Where(c => c.Verb is "apply" or "destroy").ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, c => Assert.Contains("-y", c.Arguments));
    }

    [Fact]
    public async Task After_a_timeout_the_hung_apply_is_killed_and_teardown_runs()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "experimental"));
        world.Settings = world.Settings with { Depth = ValidationDepth.Apply, Timeout = TimeSpan.FromSeconds(8) };
        world.Wfctl.Hang("apply");

        var report = await world.CreateRunner().RunAsync(world.Request("103"), CancellationToken.None);

        Assert.Equal(["--version", "plan", "apply", "destroy", "status", "cleanup"], world.Wfctl.Verbs());
        var row = Assert.Single(report.Plugins);
        Assert.Equal(Verdict.Red, row.Verdict);
        Assert.Contains("timed out", row.Failure!.Termination);
        Assert.True(row.DurationMs < 30_000);
        Assert.Equal(1, row.Evidence!.Destroyed); // the hung apply had created it; teardown destroyed it
        Assert.Empty(world.Wfctl.Cloud());
    }

    [Fact]
    public async Task After_cancellation_a_wfctl_ignoring_sigterm_is_killed_teardown_runs_and_nothing_is_written()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "verified"));
        world.Settings = world.Settings with { Depth = ValidationDepth.Apply };
        world.Wfctl.Hang("apply");
        using var run = new CancellationTokenSource();
        var request = world.Request("104").WithProgress(p =>
        {
            if (p.Detail == "wfctl infra apply")
            {
                // Late enough for the stand-in to have started, created the resource and hung.
                run.CancelAfter(TimeSpan.FromSeconds(4));
            }
        });

        var report = await world.CreateRunner().RunAsync(request, run.Token);

        Assert.Equal(["--version", "plan", "apply", "destroy", "status", "cleanup"], world.Wfctl.Verbs());
        Assert.True(report.Cancelled);
        var row = Assert.Single(report.Plugins);
        Assert.False(row.Counted);
        Assert.Equal(ReportAction.None, row.Action);
        Assert.Empty(world.IssueFiles("aws"));
        Assert.Equal(LiveDeployExitCode.Red, report.ExitCode);
        Assert.Empty(world.Wfctl.Cloud()); // what the killed apply created, destroy removed
    }

    [Fact]
    public async Task A_hung_destroy_is_leaked_with_the_tag_and_exit_code_3()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "verified"));
        world.Settings = world.Settings with { Depth = ValidationDepth.Apply, TeardownTimeout = TimeSpan.FromSeconds(2) };
        world.Wfctl.Hang("destroy");

        var report = await world.CreateRunner().RunAsync(world.Request("105"), CancellationToken.None);

        var row = Assert.Single(report.Plugins);
        Assert.Equal(Verdict.Leaked, row.Verdict);
        Assert.Equal("live-deploy-105", row.LeakedTag);
        Assert.Equal(LiveDeployExitCode.Leaked, report.ExitCode);
        Assert.Equal(["--version", "plan", "apply", "status", "destroy", "status", "cleanup"], world.Wfctl.Verbs());
        // Leaked counts as red for the status policy: a verified plugin gets an investigation issue.
        Assert.Equal(ReportAction.IssueOpened, row.Action);
    }

    [Fact]
    public async Task Plan_depth_runs_only_plan_and_records_its_output()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "verified"));

        var report = await world.CreateRunner().RunAsync(world.Request("106").WithDepth(ValidationDepth.Plan), CancellationToken.None);

        Assert.Equal(["--version", "plan"], world.Wfctl.Verbs());
        var row = Assert.Single(report.Plugins);
        Assert.Equal(Verdict.Green, row.Verdict);
        Assert.Equal(ValidationDepth.Plan, row.Depth);
        Assert.Contains("Plan: 1 to create, 0 to update, 0 to replace, 0 to destroy.", row.OutputTail);
        Assert.Equal(1, row.Evidence!.Planned);
        Assert.Matches("^[0-9a-f]{40}$", row.Commit);
    }

    [Fact]
    public async Task Aws_credentials_from_oidc_reach_wfctl_and_github_tokens_never_do()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "verified"));
        await using var oidc = await FakeActionsOidc.StartAsync();
        await using var sts = await FakeAwsSts.StartAsync();
        world.Settings = world.Settings with
        {
            Depth = ValidationDepth.Apply,
            Auth = new Dictionary<string, CloudAuthSettings> { ["aws"] = new("aws", RoleArn: "arn:aws:iam::123456789012:role/live-deploy", Region: "us-east-2") },
        };
        var secrets = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "ghs_readtoken000000",
            ["REGISTRY_TOKEN"] = "ghp_registrytoken111",
            ["PUSH_TOKEN_BS"] = "ghp_pushtoken222222",
            ["UNRELATED_SECRET"] = "unrelated-value-333",
            [GitHubActionsOidc.RequestUrlVariable] = oidc.RequestUrl.ToString(),
            [GitHubActionsOidc.RequestTokenVariable] = oidc.RequestToken,
        };
        var request = world.Request("107", secrets) with { GitHubTokenEnv = "REGISTRY_TOKEN", TokenVariables = ["PUSH_TOKEN_BS"] };
        var runner = world.CreateRunner(s => s.WithCloudLogin(CloudLoginOptions.Default.WithAwsStsEndpoint(sts.Endpoint)));

        var report = await runner.RunAsync(request, CancellationToken.None);

        Assert.Equal(Verdict.Green, Assert.Single(report.Plugins).Verdict);
        var calls = world.Wfctl.Calls().Where(c => c.Verb != "--version").ToList();
        Assert.Equal(["plan", "apply", "status", "destroy", "status", "cleanup"], calls.Select(c => c.Verb));
        foreach (var call in calls)
        {
            Assert.Equal(FakeAwsSts.AccessKeyId, call.Environment["AWS_ACCESS_KEY_ID"]);
            Assert.Equal(FakeAwsSts.SecretAccessKey, call.Environment["AWS_SECRET_ACCESS_KEY"]);
            Assert.Equal(FakeAwsSts.SessionToken, call.Environment["AWS_SESSION_TOKEN"]);
            Assert.Equal("us-east-2", call.Environment["AWS_REGION"]);
            Assert.False(call.Environment.ContainsKey(WfctlCommands.OwnerVariable)); // ownership only when configured
            foreach (var value in secrets.Values)
            {
                Assert.DoesNotContain(call.Environment.Values, v => v.Contains(value, StringComparison.Ordinal));
            }

            var unexpected = call.Environment.Keys
                .Except(["PATH", "HOME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"])
                .Except([WfctlCommands.PluginDirVariable, "WFCTL_NO_UPDATE_CHECK", "CI"])
                // The stand-in's /bin/sh shim and the dotnet host add these on their way.
                .Except(["PWD", "SHLVL", "_", "DOTNET_NOLOGO", "DOTNET_TieredPGO", "DOTNET_ROOT"]);
            Assert.Empty(unexpected);
        }

        // The AWS keys went to wfctl only: git never saw them, nor any token.
        foreach (var git in world.Runner.Commands.Where(c => c.FileName == "git"))
        {
            Assert.DoesNotContain(git.Environment.Values, v => v.Contains(FakeAwsSts.SecretAccessKey, StringComparison.Ordinal) || secrets.Values.Any(s => v.Contains(s, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Gcp_credential_files_are_private_while_wfctl_runs_and_gone_afterwards()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("gcp", "verified"));
        await using var oidc = await FakeActionsOidc.StartAsync();
        await using var google = await FakeGoogleSts.StartAsync();
        world.Settings = world.Settings with
        {
            Depth = ValidationDepth.Apply,
            Auth = new Dictionary<string, CloudAuthSettings>
            {
                ["gcp"] = new("gcp", WorkloadIdentityProvider: "projects/1/locations/global/workloadIdentityPools/p/providers/gh", ServiceAccount: "ld@proj-123456.iam.gserviceaccount.com", Project: "proj-123456"),
            },
        };
        var environment = new Dictionary<string, string>
        {
            [GitHubActionsOidc.RequestUrlVariable] = oidc.RequestUrl.ToString(),
            [GitHubActionsOidc.RequestTokenVariable] = oidc.RequestToken,
        };
        var runner = world.CreateRunner(s => s.WithCloudLogin(CloudLoginOptions.Default.WithGoogleEndpoints(google.TokenUrl, google.IamCredentialsUrl)));

        var report = await runner.RunAsync(world.Request("108", environment), CancellationToken.None);

        Assert.Equal(Verdict.Green, Assert.Single(report.Plugins).Verdict);
        var calls = world.Wfctl.Calls().Where(c => c.Verb != "--version").ToList();
        Assert.All(calls, c => Assert.Equal("600 " + c.Environment["GOOGLE_APPLICATION_CREDENTIALS"], Assert.Single(c.CredentialFiles)));
        var file = calls[0].Environment["GOOGLE_APPLICATION_CREDENTIALS"];
        Assert.False(File.Exists(file));
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
    }

    [Fact]
    public async Task A_failed_login_is_red_not_counted_and_runs_no_wfctl_validation()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));
        world.Settings = world.Settings with
        {
            Auth = new Dictionary<string, CloudAuthSettings> { ["digitalocean"] = new("digitalocean", TokenEnv: "MISSING_DO_TOKEN") },
        };

        var report = await world.CreateRunner().RunAsync(world.Request("109"), CancellationToken.None);

        var row = Assert.Single(report.Plugins);
        Assert.Equal(Verdict.Red, row.Verdict);
        Assert.False(row.Counted);
        Assert.Contains("MISSING_DO_TOKEN", row.Failure!.Termination);
        Assert.Equal(["--version"], world.Wfctl.Verbs());
        Assert.Empty(world.IssueFiles("digitalocean"));
    }

    [Fact]
    public async Task One_plugin_failing_never_stops_the_others()
    {
        await using var world = await LiveDeployWorld.CreateAsync(
            LiveDeployWorld.Plugin("aws", "verified"),
            LiveDeployWorld.Plugin("gcp", "verified"),
            LiveDeployWorld.Plugin("azure", "verified"));
        // gcp's repository is gone: its clone fails, the others go on.
        Directory.Delete(Path.Combine(world.Sandbox.Directory, "plugins", "workflow-plugin-gcp"), recursive: true);

        var report = await world.CreateRunner().RunAsync(world.Request("110"), CancellationToken.None);

        Assert.Equal(["aws", "gcp", "azure"], report.Plugins.Select(p => p.Plugin));
        Assert.Equal([Verdict.Green, Verdict.Red, Verdict.Green], report.Plugins.Select(p => p.Verdict));
        Assert.Equal("git clone", report.Plugins[1].Failure!.Command);
    }

    [Fact]
    public async Task A_plugin_that_is_not_configured_is_a_usage_error_before_anything_runs()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "verified"));

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => world.CreateRunner().RunAsync(world.Request("111").WithPlugins("nope"), CancellationToken.None));

        Assert.Contains("--plugin", error.Message);
        Assert.Empty(world.Wfctl.Calls());
    }
}
