using Pipelines.Configuration;
using Pipelines.LiveDeploy.CloudLogin;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Testing.LiveDeploy;
using Pipelines.Testing.Reliability;
using Pipelines.Tests.LiveDeploy;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// The credential files of a cloud login (the OIDC token, GCP's external_account file, Azure's
/// federated token file) are private to this user while they exist and are gone on every way a
/// plugin's run can end: red, timed out, cancelled, and a login that fails after writing them.
/// </summary>
public sealed class CredentialFileTests
{
    public enum Ending
    {
        Red,
        TimedOut,
        Cancelled,
    }

    [Theory]
    [InlineData(Ending.Red)]
    [InlineData(Ending.TimedOut)]
    [InlineData(Ending.Cancelled)]
    public async Task Gcp_credential_files_are_private_and_gone_however_the_run_ends(Ending ending)
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("gcp", "verified"));
        await using var oidc = await FakeActionsOidc.StartAsync();
        await using var google = await FakeGoogleSts.StartAsync();
        world.Settings = world.Settings with
        {
            Depth = ValidationDepth.Apply,
            Timeout = ending == Ending.TimedOut ? TimeSpan.FromSeconds(1) : world.Settings.Timeout,
            Auth = new Dictionary<string, CloudAuthSettings> { ["gcp"] = Gcp("projects/1/locations/global/workloadIdentityPools/p/providers/gh") },
        };
        _ = ending == Ending.Red ? world.Wfctl.FailAll("apply", "Error: quota exceeded") : world.Wfctl.Hang("apply");
        using var run = new CancellationTokenSource();
        var request = world.Request("301", Oidc(oidc)).WithProgress(p =>
        {
            if (ending == Ending.Cancelled && p.Detail == "wfctl infra apply")
            {
                run.CancelAfter(TimeSpan.FromMilliseconds(300));
            }
        });
        var runner = world.CreateRunner(s => s.WithCloudLogin(CloudLoginOptions.Default.WithGoogleEndpoints(google.TokenUrl, google.IamCredentialsUrl)));

        var report = await runner.RunAsync(request, run.Token);

        Assert.NotEqual(Verdict.Green, Assert.Single(report.Plugins).Verdict);
        AssertPrivateWhileUsedAndGoneAfter(world.Wfctl.Calls(), "GOOGLE_APPLICATION_CREDENTIALS");
    }

    [Fact]
    public async Task Azure_federated_token_file_is_private_and_gone_after_a_red_run()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("azure", "verified"));
        await using var oidc = await FakeActionsOidc.StartAsync();
        await using var authority = await FakeAzureAuthority.StartAsync();
        world.Settings = world.Settings with
        {
            Depth = ValidationDepth.Apply,
            Auth = new Dictionary<string, CloudAuthSettings>
            {
                ["azure"] = new("azure", TenantId: "11111111-2222-3333-4444-555555555555", ClientId: "66666666-7777-8888-9999-000000000000", SubscriptionId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
            },
        };
        world.Wfctl.FailAll("apply", "Error: AuthorizationFailed");
        var runner = world.CreateRunner(s => s.WithCloudLogin(CloudLoginOptions.Default.WithAzureAuthorityHost(authority.AuthorityHost).WithHttpHandlerFactory(authority.CreateHandler)));

        var report = await runner.RunAsync(world.Request("302", Oidc(oidc)), CancellationToken.None);

        Assert.Equal(Verdict.Red, Assert.Single(report.Plugins).Verdict);
        AssertPrivateWhileUsedAndGoneAfter(world.Wfctl.Calls(), "AZURE_FEDERATED_TOKEN_FILE");
    }

    [Fact]
    public async Task A_gcp_login_that_fails_after_writing_its_files_removes_them()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("gcp", "verified"));
        await using var oidc = await FakeActionsOidc.StartAsync();
        await using var google = await RejectingGoogleSts.StartAsync();
        // A provider of its own, so the subject token (and so the file holding it) is this test's alone.
        var provider = $"projects/{Guid.NewGuid():N}/locations/global/workloadIdentityPools/p/providers/gh";
        world.Settings = world.Settings with { Auth = new Dictionary<string, CloudAuthSettings> { ["gcp"] = Gcp(provider) } };
        var runner = world.CreateRunner(s => s.WithCloudLogin(CloudLoginOptions.Default.WithGoogleEndpoints(google.TokenUrl, google.IamCredentialsUrl)));

        var report = await runner.RunAsync(world.Request("303", Oidc(oidc)), CancellationToken.None);

        var row = Assert.Single(report.Plugins);
        Assert.False(row.Counted);
        Assert.Contains("gcp", row.Failure!.Termination, StringComparison.Ordinal);
        var seen = Assert.Single(google.TokenFilesSeen);
        Assert.StartsWith("600 ", seen, StringComparison.Ordinal);
        var file = seen["600 ".Length..];
        Assert.False(File.Exists(file), $"{file} outlived the failed login");
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
        Assert.Equal(["--version"], world.Wfctl.Verbs());
    }

    private static CloudAuthSettings Gcp(string provider) =>
        new("gcp", WorkloadIdentityProvider: provider, ServiceAccount: "ld@proj-123456.iam.gserviceaccount.com", Project: "proj-123456");

    private static Dictionary<string, string> Oidc(FakeActionsOidc oidc) => new()
    {
        [GitHubActionsOidc.RequestUrlVariable] = oidc.RequestUrl.ToString(),
        [GitHubActionsOidc.RequestTokenVariable] = oidc.RequestToken,
    };

    private static void AssertPrivateWhileUsedAndGoneAfter(IReadOnlyList<WfctlCall> calls, string variable)
    {
        var used = calls.Where(c => c.Verb != "--version").ToList();
        Assert.NotEmpty(used);
        Assert.All(used, c => Assert.Equal("600 " + c.Environment[variable], Assert.Single(c.CredentialFiles)));
        var file = used[0].Environment[variable];
        Assert.False(File.Exists(file), $"{file} outlived the run");
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
    }
}
