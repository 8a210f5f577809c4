namespace Pipelines.Configuration;

/// <summary>Reads <c>promote:</c>.</summary>
internal static class PromoteSectionReader
{
    public static readonly string[] Keys = ["host", "repos", "checks", "poll", "bypass", "on-split"];

    private static readonly string[] PollKeys = ["timeout", "interval", "request-timeout"];
    private static readonly string[] BypassKeys = ["tracker"];

    public static PromoteSettings Read(MappingReader section, GitHubSettings github, ReadContext context)
    {
        var host = HostKinds.Read(section);
        return new PromoteSettings(
            Host: host,
            Repos: Repos(section, host, github, context),
            Checks: Checks(section, context),
            Poll: Poll(section),
            Bypass: Bypass(section, host, context),
            OnSplit: section.Text("on-split")?.AsChoice(("rollback", SplitPolicy.Rollback), ("hold", SplitPolicy.Hold)) ?? SplitPolicy.Rollback);
    }

    private static List<RepoSettings> Repos(MappingReader section, HostKind host, GitHubSettings github, ReadContext context)
    {
        var items = section.Items("repos");
        if (items.Count == 0)
        {
            throw new ConfigurationException("must list at least one repo to promote", section.PathOf("repos"), section.Line);
        }

        var repos = new List<RepoSettings>(items.Count);
        // GitHub names are case-insensitive; paths on disk are not.
        var repoComparer = host == HostKind.GitHub ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var lineOfRepo = new Dictionary<string, int>(repoComparer);
        var lineOfName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var path = KeyPath.Item(section.PathOf("repos"), i);
            var line = Nodes.Line(items[i]);
            var repo = RepoReader.Read(items[i], path, host, github, context);
            if (!lineOfRepo.TryAdd(repo.Repo, line))
            {
                throw new ConfigurationException($"the same repo as the entry on line {lineOfRepo[repo.Repo]}; each repo is promoted once", KeyPath.Child(path, "repo"), line);
            }

            // Names key $GITHUB_OUTPUT, where outputs are case-insensitive.
            if (!lineOfName.TryAdd(repo.Name, line))
            {
                throw new ConfigurationException($"is also the name of the entry on line {lineOfName[repo.Name]} (names are compared ignoring case); names must be unique, set name: to tell them apart", KeyPath.Child(path, "name"), line);
            }

            repos.Add(repo);
        }

        return repos;
    }

    private static List<CheckSettings> Checks(MappingReader section, ReadContext context)
    {
        var items = section.Items("checks");
        var checks = new List<CheckReader.Result>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            checks.Add(CheckReader.Read(items[i], KeyPath.Item(section.PathOf("checks"), i), context));
        }

        CheckOrder.Validate(checks);
        return checks.Select(c => c.Settings).ToList();
    }

    private static PollSettings Poll(MappingReader section)
    {
        var defaults = PollSettings.Default;
        if (section.Mapping("poll", PollKeys) is not { } poll)
        {
            return defaults;
        }

        var settings = new PollSettings(
            Timeout: poll.Text("timeout")?.AsDuration() ?? defaults.Timeout,
            Interval: poll.Text("interval")?.AsDuration() ?? defaults.Interval,
            RequestTimeout: poll.Text("request-timeout")?.AsDuration() ?? defaults.RequestTimeout);
        if (settings.Interval > settings.Timeout)
        {
            throw new ConfigurationException("must not be longer than poll.timeout, or the URL is polled at most once", poll.PathOf("interval"), poll.Line);
        }

        return settings.RequestTimeout > settings.Timeout
            ? throw new ConfigurationException("must not be longer than poll.timeout, which bounds the whole wait", poll.PathOf("request-timeout"), poll.Line)
            : settings;
    }

    private static BypassSettings? Bypass(MappingReader section, HostKind host, ReadContext context)
    {
        if (section.Mapping("bypass", BypassKeys) is not { } bypass)
        {
            return null;
        }

        if (host == HostKind.Local)
        {
            var file = bypass.RequiredText("tracker", hint: "a path to the Markdown file audit entries are appended to");
            return new BypassSettings(file.AsLocalPath(context));
        }

        var tracker = bypass.RequiredText("tracker", hint: "the issue audit entries are posted to, owner/name#N");
        return Pipelines.GitHub.IssueReference.TryParse(tracker.Text, out var issue)
            ? new BypassSettings(issue.ToString())
            : throw tracker.Error($"{tracker.Display} is not an issue of the form owner/name#N with N > 0");
    }
}
