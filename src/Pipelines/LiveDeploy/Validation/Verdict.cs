namespace Pipelines.LiveDeploy.Validation;

public enum Verdict
{
    /// <summary>wfctl exercised this plugin (a plan that loaded it and planned at least one of its resources) and, at depth apply, teardown was proven.</summary>
    Green,
    Red,
    /// <summary>Teardown failed, timed out or could not be verified: resources may still exist. Always red.</summary>
    Leaked,
    /// <summary>
    /// The plugin could not be exercised for a reason that is not a regression of the plugin (no
    /// example at the ref, an example without resources, no download for this platform, wfctl older
    /// than minEngineVersion, not an IaC provider). Never promotes, demotes or counts; never fails the run.
    /// </summary>
    NotValidated,
}
