namespace Pipelines.Benchmarks.Infrastructure;

/// <summary>
/// The environment a measured process gets: only what it needs (PATH, HOME, the dotnet root),
/// never the caller's GitHub Actions variables, so a run on CI measures the same thing as one at a desk.
/// </summary>
public static class BenchmarkEnvironment
{
    private static readonly string[] Inherited = ["PATH", "HOME", "DOTNET_ROOT", "TMPDIR", "LANG"];

    public static Dictionary<string, string> Minimal(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var name in Inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }
}
