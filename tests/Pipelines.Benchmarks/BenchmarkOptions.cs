using System.Globalization;

namespace Pipelines.Benchmarks;

/// <summary>The command line: <c>[scenario] [--out DIR] [--runs N] [--repos 2,8,32] [--latency 0,50] [--plugins 5,20] [--cli build|published]</c>.</summary>
public sealed record BenchmarkOptions
{
    public static IReadOnlyList<string> Scenarios { get; } = ["all", "gate", "parallel", "bypass", "matrix", "startup"];

    public string Scenario { get; init; } = "all";

    public string OutDirectory { get; init; } = Path.Combine("artifacts", "benchmarks");

    public int Runs { get; init; } = 5;

    public IReadOnlyList<int> Repositories { get; init; } = [2, 8, 32];

    public IReadOnlyList<int> LatenciesMs { get; init; } = [0, 50];

    public IReadOnlyList<int> MatrixPlugins { get; init; } = [5, 20];

    /// <summary>
    /// Which CLI the gate and the matrix run: <c>build</c>, the Release build output through the
    /// dotnet host (the default), or <c>published</c>, <c>dotnet publish</c> output (ReadyToRun)
    /// through its apphost, as it ships.
    /// </summary>
    public string Cli { get; init; } = "build";

    public bool Includes(string scenario) => Scenario == "all" || Scenario == scenario;

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--out" => options with { OutDirectory = Value() },
                "--runs" => options with { Runs = Positive(Value(), "--runs") },
                "--repos" => options with { Repositories = List(Value(), "--repos") },
                "--latency" => options with { LatenciesMs = List(Value(), "--latency") },
                "--plugins" => options with { MatrixPlugins = List(Value(), "--plugins") },
                "--cli" => options with { Cli = CliKind(Value()) },
                var scenario when Scenarios.Contains(scenario) => options with { Scenario = scenario },
                var other => throw new ArgumentException($"unknown argument '{other}'; scenarios: {string.Join(", ", Scenarios)}; options: --out DIR, --runs N, --repos 2,8,32, --latency 0,50, --plugins 5,20, --cli build|published"),
            };
        }

        return options;
    }

    private static string CliKind(string text) =>
        text is "build" or "published" ? text : throw new ArgumentException($"--cli: '{text}' is not build or published");

    private static int Positive(string text, string flag) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{flag}: '{text}' is not a positive whole number");

    private static int[] List(string text, string flag) =>
        [.. text.Split(',').Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{flag}: '{part}' is not a whole number"))];
}
