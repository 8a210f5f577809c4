using Pipelines.LiveDeploy.Registry;

namespace Pipelines.LiveDeploy;

/// <summary>
/// Whether a run may write to the registry and trackers. Dry run is a mode passed in, not a
/// flag tested all over: it swaps the writer for one that records what it would have done,
/// while validation and every read run for real.
/// </summary>
public abstract class LiveDeployMode
{
    public static LiveDeployMode Live { get; } = new LiveMode();

    public static LiveDeployMode DryRun { get; } = new DryRunMode();

    public abstract bool WritesAnything { get; }

    /// <summary>How the report words a write: done, or only planned.</summary>
    public abstract string WriteWord { get; }

    public abstract IRegistryWriter Writer(IRegistryHost host);

    private sealed class LiveMode : LiveDeployMode
    {
        public override bool WritesAnything => true;

        public override string WriteWord => "done";

        public override IRegistryWriter Writer(IRegistryHost host) => host;
    }

    private sealed class DryRunMode : LiveDeployMode
    {
        public override bool WritesAnything => false;

        public override string WriteWord => "dry run, would";

        public override IRegistryWriter Writer(IRegistryHost host) => new RecordingRegistryWriter();
    }
}
