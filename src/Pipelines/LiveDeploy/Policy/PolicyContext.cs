using Pipelines.Configuration;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.LiveDeploy.Policy;

/// <summary>What the issue, comment and pull request texts cite about one plugin's run.</summary>
public sealed record PolicyContext(
    string Plugin,
    string RunId,
    Uri? RunUrl,
    string? Commit,
    ValidationDepth Depth,
    string Env,
    Verdict Verdict,
    CommandFailure? Failure,
    CommandFailure? TeardownFailure,
    string? LeakedTag,
    int DemoteAfter,
    ValidationEvidence? Evidence = null)
{
    public RecordedResult Result => Verdict == Verdict.Green ? RecordedResult.Green : RecordedResult.Red;

    public RunMarker Marker(RecordedResult result) => new(RunId, Plugin, result);
}
