using Pipelines.Promotion;

namespace Pipelines.Commands;

/// <summary>How a command talks to a person: plain lines in logs, live progress in a terminal.</summary>
public interface IConsoleUi
{
    TextWriter Out { get; }

    TextWriter Error { get; }

    IPromotionObserver PromotionProgress();

    void PromotionResult(PromotionReport report);
}
