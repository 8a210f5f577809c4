using Pipelines.Execution;
using Pipelines.LiveDeploy.Fetch;
using Pipelines.LiveDeploy.Registry;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Security;

namespace Pipelines.Tests.LiveDeploy;

public sealed class SmallPartsTests
{
    [Fact]
    public void Wfctl_environment_keeps_path_and_home_adds_credentials_and_drops_every_token()
    {
        var caller = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin", ["HOME"] = "/home/ci", ["GITHUB_TOKEN"] = "ghs_1", ["PUSH"] = "ghp_2",
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "req", ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://x", ["OTHER"] = "o",
        };
        // A credential map that (wrongly) carries a token name must still lose it.
        var credentials = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIA", ["GITHUB_TOKEN"] = "ghs_1" };

        var environment = WfctlEnvironment.Build(caller, credentials, ["PUSH"]);

        Assert.Equal(["AWS_ACCESS_KEY_ID", "HOME", "PATH"], environment.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_https_clone_gets_the_token_only_as_an_extra_header_in_gits_environment()
    {
        var runner = new ScriptedRunner();
        runner.On("rev-parse HEAD", ScriptedRunner.Exit(0, new string('e', 40)));
        var checkout = new GitPluginCheckout(runner, new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["HOME"] = "/h", ["GITHUB_TOKEN"] = "ghs_secret" }, TimeSpan.FromMinutes(1));

        var result = await checkout.FetchAsync("https://github.com/GoCodeAlone/workflow-plugin-aws.git", "main", "/tmp/x", new Secret("GITHUB_TOKEN", "ghs_secret"), CancellationToken.None);

        Assert.Equal(new string('e', 40), result.Commit);
        var clone = runner.Calls.First().Command;
        Assert.Equal(["clone", "--quiet", "--depth", "1", "--branch", "main", "--", "https://github.com/GoCodeAlone/workflow-plugin-aws.git", "/tmp/x"], clone.Arguments.ToArray());
        Assert.DoesNotContain(clone.Arguments, a => a.Contains("ghs_secret", StringComparison.Ordinal));
        Assert.Equal("2", clone.Environment["GIT_CONFIG_COUNT"]);
        Assert.Equal("http.extraHeader", clone.Environment["GIT_CONFIG_KEY_0"]);
        Assert.Equal("Authorization: Basic " + Convert.ToBase64String("x-access-token:ghs_secret"u8.ToArray()), clone.Environment["GIT_CONFIG_VALUE_0"]);
        Assert.Equal(("http.followRedirects", "false"), (clone.Environment["GIT_CONFIG_KEY_1"], clone.Environment["GIT_CONFIG_VALUE_1"]));
        Assert.Equal("0", clone.Environment["GIT_TERMINAL_PROMPT"]);
        Assert.False(clone.Environment.ContainsKey("GITHUB_TOKEN"));
        var revParse = runner.Calls.Last().Command;
        Assert.False(revParse.Environment.ContainsKey("GIT_CONFIG_VALUE_0"));
    }

    [Fact]
    public async Task A_local_clone_gets_no_token_and_a_failed_clone_names_the_url_not_the_token()
    {
        var runner = new ScriptedRunner();
        runner.On("clone --quiet --depth 1 --branch main -- /repos/aws /tmp/y", ScriptedRunner.Exit(128, "fatal: repository not found"));
        var checkout = new GitPluginCheckout(runner, new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<PluginFetchException>(() => checkout.FetchAsync("/repos/aws", "main", "/tmp/y", new Secret("GITHUB_TOKEN", "ghs_secret"), CancellationToken.None));

        Assert.False(runner.Calls.First().Command.Environment.ContainsKey("GIT_CONFIG_VALUE_0"));
        Assert.Contains("/repos/aws", error.Message);
        Assert.Equal(["fatal: repository not found"], error.OutputTail);
    }

    [Fact]
    public void A_local_thread_file_round_trips_body_and_comments_exactly()
    {
        var thread = new LocalThread(
            new LocalThreadHeader(4, "live-deploy: aws fails", "open", ["live-deploy"], null, null, DateTimeOffset.UnixEpoch),
            "<!-- live-deploy-run: 1 plugin: aws result: red -->\n\nbody ends with newline\n",
            ["first\n\n", "second with a fake separator\n<!-- pipelines-local-comment: 9 -->\nstill second"]);

        var back = LocalThread.Parse(thread.Render());

        Assert.Equal(thread.Header, back.Header with { Labels = thread.Header.Labels });
        Assert.Equal(["live-deploy"], back.Header.Labels);
        Assert.Equal(thread.Body, back.Body);
        Assert.Equal(2, back.Comments.Count);
        Assert.Equal("first\n\n", back.Comments[0]);
        Assert.Contains("still second", back.Comments[1]);
    }
}
