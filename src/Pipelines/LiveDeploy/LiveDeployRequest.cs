using Pipelines.Configuration;
using Pipelines.Promotion;

namespace Pipelines.LiveDeploy;

/// <summary>One run of the matrix.</summary>
/// <param name="Settings">The validated <c>live-deploy:</c> section.</param>
/// <param name="Run">The run id (GITHUB_RUN_ID, or one generated and printed) and link: markers carry the id.</param>
/// <param name="CallerEnvironment">A snapshot of the caller's variables; nothing below reads the process environment.</param>
public sealed record LiveDeployRequest(LiveDeploySettings Settings, RunIdentity Run, IReadOnlyDictionary<string, string> CallerEnvironment)
{
    /// <summary>The plugins to validate (<c>--plugin</c>); empty means every configured plugin.</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary><c>--depth</c>; null keeps the configured depth.</summary>
    public ValidationDepth? Depth { get; init; }

    public LiveDeployMode Mode { get; init; } = LiveDeployMode.Live;

    /// <summary>The variable holding the GitHub token (github.token-env): used for https clones, never given to wfctl.</summary>
    public string GitHubTokenEnv { get; init; } = GitHubSettings.DefaultTokenEnv;

    /// <summary>The configured <c>github.api-url</c>: https clones send the token only to its git host.</summary>
    public Uri GitHubApiUrl { get; init; } = GitHubSettings.DefaultApiUrl;

    /// <summary>Other variables that hold GitHub tokens (push tokens): never given to wfctl.</summary>
    public IReadOnlyList<string> TokenVariables { get; init; } = [];

    /// <summary>
    /// Called with each plugin's cloud credentials as soon as the login returns them, before wfctl
    /// runs (the CLI masks them under GitHub Actions); called from several threads.
    /// </summary>
    public Action<IReadOnlyList<Security.Secret>>? OnCredentials { get; init; }

    /// <summary>Per plugin progress for a live display; called from several threads.</summary>
    public Action<PluginProgress>? Progress { get; init; }

    public LiveDeployRequest WithPlugins(params IEnumerable<string> plugins) => this with { Plugins = [.. plugins] };

    public LiveDeployRequest WithDepth(ValidationDepth? depth) => this with { Depth = depth };

    public LiveDeployRequest WithMode(LiveDeployMode mode) => this with { Mode = mode };

    public LiveDeployRequest WithProgress(Action<PluginProgress>? progress) => this with { Progress = progress };

    public ValidationDepth EffectiveDepth => Depth ?? Settings.Depth;

    /// <summary>The selected plugins in configuration order.</summary>
    /// <exception cref="ConfigurationException">A selected plugin is not configured (exit 2).</exception>
    public IReadOnlyList<string> SelectedPlugins()
    {
        foreach (var plugin in Plugins)
        {
            if (!Settings.Plugins.Contains(plugin, StringComparer.Ordinal))
            {
                throw new ConfigurationException($"'{plugin}' is not in live-deploy.plugins ({string.Join(", ", Settings.Plugins)})", "--plugin");
            }
        }

        return Plugins.Count == 0 ? Settings.Plugins : Settings.Plugins.Where(p => Plugins.Contains(p, StringComparer.Ordinal)).ToList();
    }
}

public enum PluginStage
{
    Queued,
    Fetching,
    LoggingIn,
    Validating,
    Deciding,
    Done,
}

/// <summary>One step of one plugin, for a live display. <see cref="Verdict"/> is set when <see cref="Stage"/> is Done.</summary>
public sealed record PluginProgress(string Plugin, PluginStage Stage, string Detail, Validation.Verdict? Verdict = null);
