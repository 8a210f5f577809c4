namespace Pipelines.LiveDeploy.Policy;

/// <summary>A validation result as recorded in an issue, comment or pull request marker.</summary>
public enum RecordedResult
{
    Green,
    Red,
}
