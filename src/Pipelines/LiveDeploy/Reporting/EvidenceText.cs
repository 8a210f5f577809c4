using System.Globalization;

namespace Pipelines.LiveDeploy.Reporting;

/// <summary>One line of evidence, the same in the summary, issues and pull requests.</summary>
public static class EvidenceText
{
    public static string Line(ValidationEvidence evidence)
    {
        var parts = new List<string>
        {
            $"version {evidence.Version ?? "unknown"}" + (evidence.Ref is null ? "" : $" (ref {evidence.Ref})"),
            $"tarball sha256 {evidence.TarballSha256 ?? "not installed by live-deploy"}",
            $"wfctl {evidence.WfctlVersion ?? "unknown"}",
            $"resources planned {Count(evidence.Planned)}, applied {Count(evidence.Applied)}, destroyed {Count(evidence.Destroyed)}",
        };
        return string.Join("; ", parts);
    }

    private static string Count(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
