using Pipelines.Promotion;

namespace Pipelines.Commands;

/// <summary>How a command talks to a person: plain lines in logs, live progress in a terminal.</summary>
public interface IConsoleUi
{
    TextWriter Out { get; }

    TextWriter Error { get; }

    IPromotionObserver PromotionProgress();

    void PromotionResult(PromotionReport report);

    /// <summary>One step of one plugin in a live-deploy run; called from several threads, never throws.</summary>
    void PluginProgress(LiveDeploy.PluginProgress progress);
}
