using System.IO.Compression;
using System.Xml.Linq;
using Pipelines.Commands;
using Pipelines.Testing.Git;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Tool;

/// <summary>
/// The installed <c>pipelines</c> tool used from a consumer's directory that holds only its own
/// files (a pipelines.yaml and a check script), outside this repository, against real git
/// repositories (host: local) and staging services on 127.0.0.1.
/// </summary>
public sealed class InstalledToolTests(PackedTool tool) : IClassFixture<PackedTool>, IDisposable
{
    private readonly TempDirectory _consumer = new("pipelines-consumer");

    [Fact]
    public async Task The_installed_tool_names_its_version_and_the_commit_it_was_built_from()
    {
        var run = await ToolProcess.RunAsync(tool.Pipelines, ["--version"], _consumer.Path, TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 0, run.Output);
        var commit = await HeadCommitAsync(tool.Repository);
        Assert.Equal($"pipelines {tool.ExpectedVersion} ({(commit is null ? "commit unknown" : $"commit {commit}")})", run.Stdout.Trim());
    }

    [Fact]
    public async Task The_installed_tool_promotes_from_a_consumer_directory_outside_the_repository()
    {
        using var backend = TempGitRepository.MainAheadOfProd();
        using var metadata = TempGitRepository.MainAheadOfProd();
        await using var backendStaging = (await StagingServer.StartAsync()).ServeCommit(backend.Head("main")!);
        await using var metadataStaging = (await StagingServer.StartAsync()).ServeCommit(metadata.Head("main")!);
        Directory.CreateDirectory(_consumer.Combine("e2e"));
        File.WriteAllText(_consumer.Combine("e2e", "smoke.sh"), "set -eu\ntest -f pipelines.yaml\necho \"smoke against $E2E_BASE_URL\" > e2e-ran\n");
        File.WriteAllText(_consumer.Combine("pipelines.yaml"), $"""
            promote:
              host: local
              repos:
                - name: backend
                  repo: '{backend.Path}'
                  health: '{backendStaging.HealthUrl}'
                  version: '{backendStaging.VersionUrl}'
                - name: metadata
                  repo: '{metadata.Path}'
                  health: '{metadataStaging.HealthUrl}'
                  version: '{metadataStaging.VersionUrl}'
              checks:
                - name: e2e
                  run: bash e2e/smoke.sh
                  env: {"{"} E2E_BASE_URL: '{backendStaging.BaseUrl}' {"}"}
              poll: {"{"} timeout: 30s, interval: 100ms, request-timeout: 2s {"}"}
            """);

        var validate = await ToolProcess.RunAsync(tool.Pipelines, ["validate"], _consumer.Path, TimeSpan.FromMinutes(1));
        var promote = await ToolProcess.RunAsync(tool.Pipelines, ["promote", "--run-id", "tool-1", "--report", "report.json"], _consumer.Path, TimeSpan.FromMinutes(2));

        Assert.True(validate.ExitCode == ExitCodes.Success, validate.Output);
        Assert.True(promote.ExitCode == ExitCodes.Success, promote.Output);
        Assert.Equal(backend.Head("main"), backend.Head("prod"));
        Assert.Equal(metadata.Head("main"), metadata.Head("prod"));
        Assert.Contains("\"outcome\": \"promoted\"", File.ReadAllText(_consumer.Combine("report.json")), StringComparison.Ordinal);
        Assert.StartsWith("smoke against http://127.0.0.1", File.ReadAllText(_consumer.Combine("e2e-ran")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_package_is_a_dotnet_tool_named_pipelines_with_the_readme_and_the_licence()
    {
        using var package = ZipFile.OpenRead(tool.Package);
        var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var settings = XDocument.Load(package.Entries.Single(e => e.Name == "DotnetToolSettings.xml").Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;

        Assert.Equal("DotnetTool", nuspec.Descendants(ns + "packageType").Single().Attribute("name")!.Value);
        Assert.Equal("pipelines", settings.Descendants("Command").Single().Attribute("Name")!.Value);
        Assert.Equal("README.md", nuspec.Descendants(ns + "readme").Single().Value);
        Assert.Equal("MIT", nuspec.Descendants(ns + "license").Single().Value);
        Assert.Equal(
            File.ReadAllText(Path.Combine(tool.Repository, "LICENSE")),
            new StreamReader(package.GetEntry("LICENSE")!.Open()).ReadToEnd());
        Assert.NotNull(package.GetEntry("README.md"));
    }

    public void Dispose() => _consumer.Dispose();

    private static async Task<string?> HeadCommitAsync(string repository)
    {
        var git = await ToolProcess.RunAsync("git", ["rev-parse", "HEAD"], repository, TimeSpan.FromSeconds(30));
        return git.ExitCode == 0 ? git.Stdout.Trim() : null;
    }
}
