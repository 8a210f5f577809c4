namespace Pipelines.Benchmarks.Infrastructure;

/// <summary>The CLI as measured: <c>dotnet pipelines.dll</c> from a build, or a published apphost.</summary>
public sealed record CliUnderTest(string FileName, IReadOnlyList<string> Prefix, string Description)
{
    /// <summary>The build output run through the dotnet host, as tests and <c>dotnet run</c> users do.</summary>
    public static CliUnderTest Built(string dotnetHost, string assembly)
    {
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"the CLI is not built at {assembly}: build src/Pipelines.Cli in this configuration first", assembly);
        }

        return new CliUnderTest(dotnetHost, [assembly], $"dotnet {assembly}");
    }

    /// <summary>A published CLI started through its apphost, as an installed tool is.</summary>
    public static CliUnderTest Published(string directory) =>
        new(Path.Combine(directory, "pipelines"), [], $"{Path.Combine(directory, "pipelines")} (published)");

    public ChildCommand Command(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan timeout) =>
        new(FileName, [.. Prefix, .. arguments], environment, workingDirectory, timeout);
}
