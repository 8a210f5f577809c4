using System.Collections.Immutable;
using Pipelines.Configuration;
using Pipelines.Execution;

namespace Pipelines.LiveDeploy.Validation;

/// <summary>
/// The wfctl command lines, built in one place. Values come from the validated configuration
/// and travel as separate arguments (never through a shell). <c>-y</c> is always given to
/// apply and destroy: without it a prompt with no terminal is cancelled and wfctl exits 0
/// having destroyed nothing.
/// </summary>
public sealed class WfctlCommands
{
    public const string OwnerVariable = "WORKFLOW_RESOURCE_OWNER";

    private readonly ProcessCommand _base;
    private readonly string _example;
    private readonly string _env;

    /// <param name="wfctl">The command or path to wfctl.</param>
    /// <param name="example">The example's path, relative to the plugin checkout.</param>
    /// <param name="environment">wfctl's complete environment (credentials included).</param>
    public WfctlCommands(string wfctl, string example, string env, string workingDirectory, ImmutableDictionary<string, string> environment, string resourceTag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wfctl);
        RejectOptionLike(example, nameof(example));
        RejectOptionLike(env, nameof(env));
        RejectOptionLike(resourceTag, nameof(resourceTag));
        _example = example;
        _env = env;
        ResourceTag = resourceTag;
        _base = new ProcessCommand(wfctl)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironment(environment)
            .WithTailLines(50);
    }

    /// <summary>The tag every resource of this run carries: <c>live-deploy-&lt;run id&gt;</c>.</summary>
    public string ResourceTag { get; }

    public static string TagFor(string runId) => "live-deploy-" + runId;

    public ProcessCommand Version() => _base.WithArguments("--version");

    /// <summary><c>wfctl --version</c>, run once per run before any plugin, for the report.</summary>
    public static ProcessCommand VersionCommand(string wfctl, ImmutableDictionary<string, string> environment) =>
        new ProcessCommand(wfctl).WithEnvironment(environment).WithArguments("--version").WithTailLines(5);

    public ProcessCommand Plan() => _base.WithArguments("infra", "plan", "-c", _example, "--env", _env);

    public ProcessCommand Apply() => Owned().WithArguments("infra", "apply", "-c", _example, "--env", _env, "-y");

    public ProcessCommand Status() => Owned().WithArguments("infra", "status", "-c", _example, "--env", _env);

    public ProcessCommand Destroy() => Owned().WithArguments("infra", "destroy", "-c", _example, "--env", _env, "-y");

    public ProcessCommand Cleanup() => Owned().WithArguments("infra", "cleanup", "--tag", ResourceTag, "--fix");

    /// <summary>What proves the example: a plan, or an apply whose status is then checked.</summary>
    public IReadOnlyList<ProcessCommand> Validation(ValidationDepth depth) =>
        depth == ValidationDepth.Plan ? [Plan()] : [Apply(), Status()];

    /// <summary>What must run afterwards whatever happened: nothing after a plan; destroy, then the tag backstop, after an apply.</summary>
    public IReadOnlyList<ProcessCommand> Teardown(ValidationDepth depth) =>
        depth == ValidationDepth.Plan ? [] : [Destroy(), Cleanup()];

    // Every resource created by this run is owned by (tagged with) the run, so the backstop finds it.
    private ProcessCommand Owned() => _base.WithEnvironmentVariable(OwnerVariable, ResourceTag);

    private static void RejectOptionLike(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.StartsWith('-'))
        {
            throw new ArgumentException($"{name} must not start with '-'", name);
        }
    }
}
