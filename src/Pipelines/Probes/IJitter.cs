namespace Pipelines.Probes;

/// <summary>
/// Spreads a poll interval so that several pollers started together do not hit a service in
/// lockstep. Injected so that tests choose the spread and stay deterministic.
/// </summary>
public interface IJitter
{
    TimeSpan Apply(TimeSpan interval);
}
