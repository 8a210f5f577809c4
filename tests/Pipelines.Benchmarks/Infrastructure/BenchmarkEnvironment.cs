namespace Pipelines.Benchmarks.Infrastructure;

/// <summary>
/// The environment a measured process gets: only what it needs (PATH, HOME, the dotnet root),
/// never the caller's GitHub Actions variables, so a run on CI measures the same thing as one at a desk.
/// For experiments, <c>PIPELINES_BENCH_ENV_NAME=VALUE</c> in the benchmark's environment gives
/// every measured process <c>NAME=VALUE</c> (e.g. a DOTNET_ runtime setting).
/// </summary>
public static class BenchmarkEnvironment
{
    public const string PassPrefix = "PIPELINES_BENCH_ENV_";

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

        foreach (var entry in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>())
        {
            if (entry.Key is string name && name.StartsWith(PassPrefix, StringComparison.Ordinal) && name.Length > PassPrefix.Length)
            {
                environment[name[PassPrefix.Length..]] = entry.Value as string ?? string.Empty;
            }
        }

        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }
}
