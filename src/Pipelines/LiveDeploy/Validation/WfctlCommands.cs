using System.Collections.Immutable;
using Pipelines.Configuration;
using Pipelines.Execution;

namespace Pipelines.LiveDeploy.Validation;

/// <summary>
/// The wfctl command lines, built in one place as wfctl really parses them (fact sheet 2.1, 6.6):
/// flags only, never a positional argument (Go's flag parsing stops at the first one), the
/// run's plugin directory as an absolute <c>--plugin-dir</c> on every infra command (and as
/// <c>WFCTL_PLUGIN_DIR</c>), <c>-y</c> on apply and destroy (without a terminal the prompt fails).
/// Values come from the validated configuration and travel as separate arguments.
/// </summary>
public sealed class WfctlCommands
{
    public const string OwnerVariable = "WORKFLOW_RESOURCE_OWNER";
    public const string PluginDirVariable = "WFCTL_PLUGIN_DIR";

    private readonly ProcessCommand _base;
    private readonly string _example;
    private readonly string _env;
    private readonly string _pluginDir;

    /// <param name="wfctl">The command or path to wfctl.</param>
    /// <param name="example">The config to validate, relative to <paramref name="workingDirectory"/> (the checkout).</param>
    /// <param name="pluginDir">The plugin directory, absolute.</param>
    /// <param name="environment">wfctl's environment (credentials included); the plugin directory and CI switches are added.</param>
    /// <param name="planFile">Where <c>plan -o</c> writes the machine-readable plan, absolute.</param>
    /// <param name="owner">The owner for wfctl's ownership gate, or null to leave it off.</param>
    public WfctlCommands(string wfctl, string example, string env, string workingDirectory, ImmutableDictionary<string, string> environment, string resourceTag, string pluginDir, string planFile, string? owner = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wfctl);
        RejectOptionLike(example, nameof(example));
        RejectOptionLike(env, nameof(env));
        RejectOptionLike(resourceTag, nameof(resourceTag));
        if (!Path.IsPathFullyQualified(pluginDir) || !Path.IsPathFullyQualified(planFile))
        {
            throw new ArgumentException("the plugin directory and the plan file must be absolute paths");
        }

        if (owner is not null)
        {
            RejectOptionLike(owner, nameof(owner));
        }

        _example = example;
        _env = env;
        _pluginDir = pluginDir;
        PlanFile = planFile;
        Owner = owner;
        ResourceTag = resourceTag;
        _base = new ProcessCommand(wfctl)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironment(WfctlEnvironment.ForInfra(environment, pluginDir))
            .WithTailLines(50);
    }

    /// <summary>The tag the cleanup backstop looks for: <c>live-deploy-&lt;run id&gt;</c>.</summary>
    public string ResourceTag { get; }

    public string PlanFile { get; }

    public string? Owner { get; }

    public static string TagFor(string runId) => "live-deploy-" + runId;

    /// <summary><c>wfctl --version</c>, run once per run before any plugin, for the report and the minEngineVersion check.</summary>
    public static ProcessCommand VersionCommand(string wfctl, ImmutableDictionary<string, string> environment) =>
        new ProcessCommand(wfctl).WithEnvironment(WfctlEnvironment.ForInfra(environment, null)).WithArguments("--version").WithTailLines(5);

    public ProcessCommand Plan() => Infra("plan", "-o", PlanFile);

    public ProcessCommand Apply() => Owner is null ? Infra("apply", "-y") : Infra("apply", "-y", "--owner", Owner);

    public ProcessCommand Status() => Infra("status");

    public ProcessCommand Destroy() => Infra("destroy", "-y");

    /// <summary>The tag backstop: with the config (its providers), the env and the plugin dir, or wfctl finds no provider to ask.</summary>
    public ProcessCommand Cleanup() => Infra("cleanup", "--tag", ResourceTag, "--fix");

    public ProcessCommand? Owners() => Owner is null ? null : Infra("owners", "--owner", Owner);

    private ProcessCommand Infra(string action, params string[] flags) =>
        _base.WithArguments(["infra", action, "--plugin-dir", _pluginDir, "-c", _example, "--env", _env, .. flags]);

    private static void RejectOptionLike(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.StartsWith('-'))
        {
            throw new ArgumentException($"{name} must not start with '-'", name);
        }
    }
}
