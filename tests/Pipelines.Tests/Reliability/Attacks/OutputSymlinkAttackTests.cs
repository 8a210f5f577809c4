using Pipelines.Commands;
using Pipelines.Testing.Cli;
using Pipelines.Testing.Git;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Reliability.Attacks;

/// <summary>
/// Attack (issue 13, point 5, output files): <c>--report</c>, <c>--summary</c> or <c>--junit</c>
/// names a symbolic link to a file the run must not touch. The built CLI refuses before it
/// contacts anything (exit 2, naming the flag) and the link's target keeps its content; a link
/// planted after the check is refused at the write and its target is untouched too.
/// </summary>
public sealed class OutputSymlinkAttackTests : IDisposable
{
    private const string VictimContent = "do not overwrite me\n";
    private readonly TempDirectory _files = new("output-symlink");

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("--report")]
    [InlineData("--summary")]
    public async Task Promote_refuses_an_output_path_that_is_a_symlink_and_leaves_its_target_alone(string flag)
    {
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        var (link, victim) = PlantLink("out-" + flag.TrimStart('-'));
        var prod = world["backend"].Emulated.Branch("prod");

        await using var cli = CliProcess.Start(["promote", "--config", world.ConfigPath, "--actor", "octocat", flag, link], world.Environment, world.Root.Path);
        var result = await cli.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{flag}: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("symbolic link", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(VictimContent, await File.ReadAllTextAsync(victim));
        Assert.Equal(prod, world["backend"].Emulated.Branch("prod"));
        Assert.Equal(0, world.Staging.Health.Requests);
    }

    [Theory]
    [InlineData("--report")]
    [InlineData("--summary")]
    [InlineData("--junit")]
    public async Task Live_deploy_refuses_an_output_path_that_is_a_symlink_before_reading_anything(string flag)
    {
        var (link, victim) = PlantLink("ld-" + flag.TrimStart('-'));

        await using var cli = CliProcess.Start(
            ["live-deploy", "--config", _files.Combine("pipelines.yaml"), flag, link],
            new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin", ["HOME"] = _files.Path },
            _files.Path);
        var result = await cli.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{flag}: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("symbolic link", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(VictimContent, await File.ReadAllTextAsync(victim));
    }

    [Fact]
    public async Task A_link_planted_after_the_check_is_refused_at_the_write_and_its_target_untouched()
    {
        var (link, victim) = PlantLink("late");

        await Assert.ThrowsAsync<IOException>(() => OutputPaths.WriteFileAsync(link, "overwritten", CancellationToken.None));

        Assert.Equal(VictimContent, await File.ReadAllTextAsync(victim));
        Assert.Equal(["out.txt", "victim.txt"], LeftInDirectory(link));
    }

    [Fact]
    public async Task A_write_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        var path = _files.Combine("report.json");
        await File.WriteAllTextAsync(path, "old and longer content");

        await OutputPaths.WriteFileAsync(path, "new", CancellationToken.None);

        Assert.Equal("new", await File.ReadAllTextAsync(path));
        Assert.Equal(["report.json"], LeftInDirectory(path));
    }

    private (string Link, string Victim) PlantLink(string name)
    {
        var directory = Directory.CreateDirectory(_files.Combine(name)).FullName;
        var victim = Path.Combine(directory, "victim.txt");
        File.WriteAllText(victim, VictimContent);
        var link = Path.Combine(directory, "out.txt");
        File.CreateSymbolicLink(link, victim);
        return (link, victim);
    }

    private static string[] LeftInDirectory(string path) =>
        [.. Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Order(StringComparer.Ordinal).OfType<string>()];
}
