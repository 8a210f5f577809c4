using Pipelines.Commands;
using Pipelines.Execution;
using Pipelines.Promotion;
using Pipelines.Reporting;
using Spectre.Console;

namespace Pipelines.Cli;

/// <summary>Colour, stage marks and a results table for a person at a terminal.</summary>
internal sealed class SpectreConsoleUi(TimeProvider time) : IConsoleUi
{
    private readonly object _lock = new();

    public TextWriter Out => Console.Out;

    public TextWriter Error => Console.Error;

    public IPromotionObserver PromotionProgress() => new Observer(this, time);

    public void PromotionResult(PromotionReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("repo").AddColumn("branch").AddColumn("before").AddColumn("after").AddColumn("status");
        foreach (var repo in report.Repos)
        {
            table.AddRow(
                Markup.Escape($"{repo.Name} ({repo.Repo})"),
                Markup.Escape($"{repo.From} → {repo.To}"),
                Short(repo.BeforeSha),
                Short(repo.AfterSha),
                Colour(PromotionSummary.Word(repo.Status), repo.Status is RepoStatus.Failed or RepoStatus.Unknown or RepoStatus.Superseded ? "red" : "green"));
        }

        lock (_lock)
        {
            AnsiConsole.Write(table);
            var colour = report.ExitCode switch { 0 => "green", 3 => "red bold", _ => "yellow" };
            AnsiConsole.MarkupLine($"[{colour}]{Markup.Escape(PromotionSummary.Word(report.Outcome))}[/]: {Markup.Escape(report.Message)}");
        }
    }

    public void PluginProgress(Pipelines.LiveDeploy.PluginProgress progress)
    {
        var colour = progress.Verdict switch
        {
            null => "blue",
            Pipelines.LiveDeploy.Validation.Verdict.Green => "green",
            Pipelines.LiveDeploy.Validation.Verdict.NotValidated => "grey",
            _ => "red",
        };
        Line($"[grey]{time.GetUtcNow():HH:mm:ss}[/] [cyan]{Markup.Escape(progress.Plugin)}[/] [{colour}]{Markup.Escape(progress.Stage.ToString().ToLowerInvariant())}[/] {Markup.Escape(progress.Detail)}");
    }

    private static string Short(string? sha) => sha is null ? "[grey](none)[/]" : Markup.Escape(CommitSha.Short(sha));

    private static string Colour(string text, string colour) => $"[{colour}]{Markup.Escape(text)}[/]";

    private void Line(string markup)
    {
        lock (_lock)
        {
            AnsiConsole.MarkupLine(markup);
        }
    }

    private sealed class Observer(SpectreConsoleUi ui, TimeProvider time) : IPromotionObserver
    {
        public void StageStarted(string stage, string? repo) =>
            ui.Line($"[grey]{Stamp()}[/] [blue]…[/] {Markup.Escape(stage)}{Repo(repo)}");

        public void StageFinished(StageRecord record)
        {
            var mark = record.Status switch { StageStatus.Passed => "[green]✓[/]", StageStatus.Failed => "[red]✗[/]", _ => "[grey]-[/]" };
            ui.Line($"[grey]{Stamp()}[/] {mark} {Markup.Escape(record.Name)}{Repo(record.Repo)} [grey]({record.Duration.TotalSeconds:0.0}s)[/] {Markup.Escape(record.Detail)}");
        }

        public void CheckOutput(string check, OutputLine line) =>
            ui.Line($"[grey][[{Markup.Escape(check)}]][/] {Markup.Escape(line.Text)}");

        public void Warning(string message) => ui.Line($"[yellow]! {Markup.Escape(message)}[/]");

        private static string Repo(string? repo) => repo is null ? "" : $" [cyan]{Markup.Escape(repo)}[/]";

        private string Stamp() => time.GetUtcNow().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
    }
}
