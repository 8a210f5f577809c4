using System.Xml.Linq;
using Pipelines.Testing.Cli;
using Pipelines.Testing.Git;

namespace Pipelines.Tests.Tool;

/// <summary>
/// The .NET tool as a user gets it: <c>dotnet pack -c Release</c> of this checkout into a temp
/// folder, then <c>dotnet tool install --tool-path</c> from that folder. Packing takes tens of
/// seconds, so it happens once for the test class. Build output goes to a private artifacts path,
/// so the checkout's bin/obj are neither read nor written.
/// </summary>
public sealed class PackedTool : IAsyncLifetime
{
    private readonly TempDirectory _root = new("pipelines-tool");

    public string Repository { get; } = CliProcess.RepositoryRoot();

    public string PackageFolder => _root.Combine("packages");

    public string ToolPath => _root.Combine("tool");

    /// <summary>The installed command.</summary>
    public string Pipelines => Path.Combine(ToolPath, "pipelines");

    /// <summary>The version Directory.Build.props sets: the one place it comes from.</summary>
    public string ExpectedVersion { get; } =
        XDocument.Load(Path.Combine(CliProcess.RepositoryRoot(), "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    public string Package => Path.Combine(PackageFolder, $"Pipelines.Cli.{ExpectedVersion}.nupkg");

    public async Task InitializeAsync()
    {
        var pack = await ToolProcess.RunAsync(
            ToolProcess.Dotnet(),
            ["pack", Path.Combine(Repository, "src", "Pipelines.Cli", "Pipelines.Cli.csproj"), "-c", "Release",
             "-o", PackageFolder, "--artifacts-path", _root.Combine("build"), "--disable-build-servers", "-nodeReuse:false", "--nologo"],
            Repository,
            TimeSpan.FromMinutes(8));
        Assert.True(pack.ExitCode == 0, pack.Output);

        var install = await ToolProcess.RunAsync(
            ToolProcess.Dotnet(),
            ["tool", "install", "Pipelines.Cli", "--tool-path", ToolPath, "--add-source", PackageFolder, "--version", ExpectedVersion],
            _root.Path,
            TimeSpan.FromMinutes(3));
        Assert.True(install.ExitCode == 0, install.Output);
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
