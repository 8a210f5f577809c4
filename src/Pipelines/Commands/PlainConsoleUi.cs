using System.Globalization;
using Pipelines.Execution;
using Pipelines.Promotion;

namespace Pipelines.Commands;

/// <summary>One line per event, for logs and CI; safe to call from several threads.</summary>
public sealed class PlainConsoleUi(TextWriter output, TextWriter error, TimeProvider time) : IConsoleUi
{
    private readonly object _lock = new();

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public IPromotionObserver PromotionProgress() => new LineObserver(this, time);

    public void PromotionResult(PromotionReport report)
    {
        WriteLine(string.Empty);
        WriteLine($"outcome: {Reporting.PromotionSummary.Word(report.Outcome)} (exit {report.ExitCode})");
        WriteLine(report.Message);
        foreach (var repo in report.Repos)
        {
            // A dry run is read to act on: full SHAs and what each branch would become.
            WriteLine(report.DryRun
                ? $"  {repo.Name,-16} {repo.Repo} {repo.To}: {repo.BeforeSha ?? "(no branch)"} -> {Reporting.PromotionSummary.WouldBecome(repo) ?? "(unchanged)"}  {Reporting.PromotionSummary.DryRunPlan(repo)}"
                : $"  {repo.Name,-16} {repo.Repo} {repo.To}: {Short(repo.BeforeSha)} -> {Short(repo.AfterSha)}  {Reporting.PromotionSummary.Word(repo.Status)}");
        }
    }

    public void PluginProgress(LiveDeploy.PluginProgress progress) =>
        WriteLine($"{time.GetUtcNow():HH:mm:ss} [{progress.Plugin}] {progress.Stage.ToString().ToLowerInvariant()}: {progress.Detail}");

    private static string Short(string? sha) => sha is null ? "(none)      " : CommitSha.Short(sha);

    internal void WriteLine(string line)
    {
        lock (_lock)
        {
            Out.WriteLine(line);
        }
    }

    private sealed class LineObserver(PlainConsoleUi ui, TimeProvider time) : IPromotionObserver
    {
        public void StageStarted(string stage, string? repo) =>
            ui.WriteLine($"{Stamp()} … {stage}{(repo is null ? "" : $" [{repo}]")}");

        public void StageFinished(StageRecord record)
        {
            var mark = record.Status switch { StageStatus.Passed => "✓", StageStatus.Failed => "✗", _ => "-" };
            var seconds = record.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            ui.WriteLine($"{Stamp()} {mark} {record.Name}{(record.Repo is null ? "" : $" [{record.Repo}]")} ({seconds}s): {record.Detail}");
        }

        public void CheckOutput(string check, OutputLine line) => ui.WriteLine($"[{check}] {line.Text}");

        public void Warning(string message) => ui.WriteLine($"{Stamp()} ! {message}");

        private string Stamp() => time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
