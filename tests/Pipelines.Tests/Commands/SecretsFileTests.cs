using Pipelines.Commands;
using Pipelines.Testing.Cli;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Commands;

/// <summary>--secrets-file: tokens handed over as one file, every value masked; a bad line is named by number only.</summary>
public sealed class SecretsFileTests
{
    private const string Password = "correct-horse-battery-staple-42";

    [Fact]
    public async Task Tokens_from_a_secrets_file_promote_and_every_value_in_it_is_masked()
    {
        await using var world = await GitHubWorld.StartAsync();
        var file = world.Root.Combine("secrets.env");
        File.WriteAllText(file, string.Join('\n',
            "# tokens for the gate",
            $"export {GitHubWorld.ReadTokenEnv}={world.ReadToken.Reveal()}",
            $"{world["backend"].PushTokenEnv}=\"{world["backend"].PushToken.Reveal()}\"",
            $"{world["metadata"].PushTokenEnv}='{world["metadata"].PushToken.Reveal()}'",
            $"E2E_PASSWORD={Password}",
            string.Empty));
        foreach (var name in (string[])[GitHubWorld.ReadTokenEnv, world["backend"].PushTokenEnv, world["metadata"].PushTokenEnv])
        {
            world.Environment.Remove(name);
        }

        // The check names E2E_PASSWORD in pass-env, the only way a secrets-file value reaches it; being from the file, it is masked.
        world.Config = world.Config.WithChecks(new CheckSpec("e2e", "echo \"password=$E2E_PASSWORD\"") { PassEnv = ["E2E_PASSWORD"] });
        world.WriteConfig();

        var run = await InProcess.RunAsync(
            context => new PromoteCommand(SecretsFile.Apply(context, file)).RunAsync(new PromoteOptions { ConfigPath = world.ConfigPath, ReportPath = world.ReportPath }, CancellationToken.None),
            world.Environment,
            world.Root.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
        Assert.All(world.Repos, r => Assert.Equal(r.PushTokenName, Assert.Single(world.RefWrites(r.Name)).TokenName));
        Assert.Contains("[e2e] password=***", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, File.ReadAllText(world.ReportPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secrets_file_value_reaches_only_the_check_that_names_it_in_pass_env()
    {
        await using var world = await GitHubWorld.StartAsync();
        var file = world.Root.Combine("secrets.env");
        File.WriteAllText(file, $"E2E_PASSWORD={Password}\nDEPLOY_KEY=deploy-key-from-the-file\n");
        world.Environment["PLAIN_SETTING"] = "inherited-as-before";
        // Each check is a real process that dumps its whole environment to a file of its own.
        const string Dump = "env > \"$DUMP_TO\"";
        world.Config = world.Config.WithChecks(
            new CheckSpec("asks", Dump) { Env = new Dictionary<string, string> { ["DUMP_TO"] = world.Root.Combine("asks.env") }, PassEnv = ["E2E_PASSWORD"] },
            new CheckSpec("silent", Dump) { Env = new Dictionary<string, string> { ["DUMP_TO"] = world.Root.Combine("silent.env") } });
        world.WriteConfig();

        var run = await InProcess.RunAsync(
            context => new PromoteCommand(SecretsFile.Apply(context, file)).RunAsync(new PromoteOptions { ConfigPath = world.ConfigPath, ReportPath = world.ReportPath }, CancellationToken.None),
            world.Environment,
            world.Root.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output);
        var asks = File.ReadAllLines(world.Root.Combine("asks.env"));
        var silent = File.ReadAllLines(world.Root.Combine("silent.env"));
        Assert.Contains($"E2E_PASSWORD={Password}", asks);
        Assert.DoesNotContain(asks, line => line.StartsWith("DEPLOY_KEY=", StringComparison.Ordinal));
        Assert.DoesNotContain(silent, line => line.StartsWith("E2E_PASSWORD=", StringComparison.Ordinal) || line.StartsWith("DEPLOY_KEY=", StringComparison.Ordinal));
        // Only the file's values are withheld: an ordinary caller variable is still inherited.
        Assert.Contains("PLAIN_SETTING=inherited-as-before", silent);
    }

    [Fact]
    public async Task A_bad_line_exits_2_naming_its_number_and_not_its_content()
    {
        using var temp = new Testing.Git.TempDirectory();
        var file = Path.Combine(temp.Path, "secrets.env");
        File.WriteAllText(file, "GOOD=value\nthis-line-holds-ghp_leakable_secret\n");

        var result = await CliProcess.RunAsync(["--secrets-file", file, "validate", "--config", "pipelines.yaml"], InProcess.BaseEnvironment(temp.Path), temp.Path);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--secrets-file: line 2 is not NAME=VALUE", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_leakable_secret", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A=1\nSECRET=\"s3cr3t-value\n", "line 2 has an unterminated quote", "s3cr3t-value")]
    [InlineData("\n\n=s3cr3t-value\n", "line 3 is not NAME=VALUE", "s3cr3t-value")]
    public void Parse_errors_name_only_the_line(string text, string message, string content)
    {
        var error = Assert.Throws<UsageException>(() => SecretsFile.Parse(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(content, error.Message, StringComparison.Ordinal);
    }
}
