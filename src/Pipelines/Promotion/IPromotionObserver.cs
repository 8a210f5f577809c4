using Pipelines.Execution;

namespace Pipelines.Promotion;

/// <summary>Live progress of a run, for a terminal display or log lines. Calls may come from several threads.</summary>
public interface IPromotionObserver
{
    void StageStarted(string stage, string? repo);

    void StageFinished(StageRecord record);

    void CheckOutput(string check, OutputLine line);

    void Warning(string message);

    public static IPromotionObserver None { get; } = new NoObserver();

    private sealed class NoObserver : IPromotionObserver
    {
        public void StageStarted(string stage, string? repo) { }

        public void StageFinished(StageRecord record) { }

        public void CheckOutput(string check, OutputLine line) { }

        public void Warning(string message) { }
    }
}
