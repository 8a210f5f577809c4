namespace Pipelines.LiveDeploy.Policy;

/// <summary>What the policy decided for one plugin: the steps in order, the action the report names, and why.</summary>
public sealed record PolicyDecision(ReportAction Action, IReadOnlyList<PolicyStep> Steps, string Reason)
{
    public static PolicyDecision Nothing(string reason) => new(ReportAction.None, [], reason);
}
