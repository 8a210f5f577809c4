using System.Globalization;
using System.Xml.Linq;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.LiveDeploy.Reporting;

/// <summary>JUnit XML: one test case per plugin, so CI systems show the matrix as tests; a red carries the command, exit and output tail.</summary>
public static class LiveDeployJUnit
{
    public static string Render(LiveDeployReport report)
    {
        var failures = report.Plugins.Count(p => p.Verdict is Verdict.Red or Verdict.Leaked);
        var suite = new XElement("testsuite",
            new XAttribute("name", "live-deploy"),
            new XAttribute("tests", report.Plugins.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", report.Plugins.Count(p => p.Verdict == Verdict.NotValidated)),
            new XAttribute("time", Seconds(report.DurationMs)),
            new XAttribute("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "run_id"), new XAttribute("value", report.RunId)),
                new XElement("property", new XAttribute("name", "wfctl_version"), new XAttribute("value", Clean(report.WfctlVersion ?? "unknown")))),
            report.Plugins.Select(Case));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite));
        return document.Declaration + "\n" + document.Root;
    }

    private static XElement Case(PluginReport row)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", "live-deploy"),
            new XAttribute("name", row.Plugin),
            new XAttribute("time", Seconds(row.DurationMs)));
        if (row.Verdict == Verdict.Green)
        {
            return element;
        }

        if (row.Verdict == Verdict.NotValidated)
        {
            // Not a failure and not a pass: the matrix could not cover this plugin, and says why.
            element.Add(new XElement("skipped", new XAttribute("message", Clean(row.Reason ?? "not validated"))));
            return element;
        }

        var failure = row.TeardownFailure is not null && row.Verdict == Verdict.Leaked ? row.TeardownFailure : row.Failure ?? row.TeardownFailure;
        var message = row.Verdict == Verdict.Leaked
            ? $"leaked: teardown did not finish; resources tagged {row.LeakedTag}"
            : failure is null ? "red" : $"{failure.Command}: {failure.Termination}";
        var details = failure is null
            ? string.Empty
            : $"command: {failure.Command}\nexit code: {(failure.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none")}\n{failure.Termination}\n\n{string.Join('\n', failure.OutputTail)}";
        element.Add(new XElement("failure",
            new XAttribute("message", Clean(message)),
            new XAttribute("type", row.Verdict == Verdict.Leaked ? "leaked" : "red"),
            Clean(details)));
        return element;
    }

    private static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    // XML 1.0 cannot carry most control characters, even escaped.
    private static string Clean(string text) =>
        new(text.Where(c => c is '\n' or '\t' or '\r' || (!char.IsControl(c) && !char.IsSurrogate(c))).ToArray());
}
