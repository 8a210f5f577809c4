using System.Text.Json;
using System.Text.Json.Serialization;
using Pipelines.Benchmarks.Gate;
using Pipelines.Benchmarks.Infrastructure;
using Pipelines.Benchmarks.Matrix;
using Pipelines.Benchmarks.Startup;

namespace Pipelines.Benchmarks.Reporting;

/// <summary>Everything one benchmark run measured, written as results.json and results.md.</summary>
public sealed record BenchmarkResults(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    MachineInfo Machine,
    double LoadBefore,
    double LoadAfter,
    string Cli,
    int RunsPerScenario,
    IReadOnlyList<GateResult> Gate,
    IReadOnlyList<MatrixResult> Matrix,
    IReadOnlyList<StartupResult> Startup)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string Markdown() => ResultsMarkdown.Render(this);

    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.json"), ToJson(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.md"), Markdown(), cancellationToken).ConfigureAwait(false);
    }
}
