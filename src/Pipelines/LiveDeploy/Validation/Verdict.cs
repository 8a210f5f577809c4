namespace Pipelines.LiveDeploy.Validation;

public enum Verdict
{
    Green,
    Red,
    /// <summary>Teardown failed or timed out: resources tagged with the run may still exist. Always red.</summary>
    Leaked,
}
