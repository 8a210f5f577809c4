using System.Reflection;

namespace Pipelines.Benchmarks.Infrastructure;

/// <summary>Where the repository, the CLI's build output and the dotnet host are, found from a running assembly.</summary>
public sealed record RepositoryLayout(string Root)
{
    public static RepositoryLayout Find(string? startDirectory = null)
    {
        var directory = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipelines.sln")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new InvalidOperationException($"no Pipelines.sln above {startDirectory ?? AppContext.BaseDirectory}: run the benchmark from the repository")
            : new RepositoryLayout(directory.FullName);
    }

    public string CliProject => Path.Combine(Root, "src", "Pipelines.Cli", "Pipelines.Cli.csproj");

    /// <summary>The CLI as <c>dotnet build</c> leaves it (the ProjectReference builds it in the referencing configuration).</summary>
    public string CliAssembly(string configuration) =>
        Path.Combine(Root, "src", "Pipelines.Cli", "bin", configuration, "net10.0", "pipelines.dll");

    /// <summary>Debug or Release: the configuration <paramref name="assembly"/> was built in, so a test finds the CLI it built.</summary>
    public static string ConfigurationOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The dotnet host: the one that runs this process when it is known, else the first on PATH.</summary>
    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "dotnet"))
            .FirstOrDefault(File.Exists) ?? "dotnet";
    }
}
