using YamlDotNet.RepresentationModel;

namespace Pipelines.Configuration;

/// <summary>Reads one entry of <c>promote.repos</c>.</summary>
internal static class RepoReader
{
    public const string DefaultFrom = "main";
    public const string DefaultTo = "prod";
    public const string DefaultVersionField = "sha";

    public static readonly string[] Keys = ["name", "repo", "from", "to", "push-token-env", "health", "version", "version-field"];

    public static RepoSettings Read(YamlNode node, string path, HostKind host, GitHubSettings github, ReadContext context)
    {
        var entry = MappingReader.Read(node, path, context, Keys);
        var repoValue = entry.RequiredText("repo", hint: host == HostKind.GitHub ? "owner/name" : "a path to a git repository");
        var (repo, shortName) = host == HostKind.GitHub
            ? GitHubRepo(repoValue)
            : LocalRepo(repoValue, context);
        var shownShortName = repoValue.Expanded ? $"from {repoValue.Display}" : DisplayText.Quote(shortName);

        var from = entry.Text("from")?.AsBranchName() ?? DefaultFrom;
        var to = entry.Text("to")?.AsBranchName() ?? DefaultTo;
        if (from == to)
        {
            throw new ConfigurationException("is the same branch as from; promotion moves one branch to another", entry.PathOf("to"), entry.Line);
        }

        return new RepoSettings(
            Name: Label(entry, shortName, shownShortName),
            Repo: repo,
            From: from,
            To: to,
            PushTokenEnv: entry.Text("push-token-env")?.AsEnvironmentVariableName() ?? github.TokenEnv,
            Health: entry.RequiredText("health", hint: "the staging health-check URL").AsHttpUrl(),
            Version: entry.RequiredText("version", hint: "the staging version URL").AsHttpUrl(),
            VersionField: VersionField(entry));
    }

    private static (string Repo, string ShortName) GitHubRepo(ConfigValue value)
    {
        var id = value.AsRepositoryId();
        return (id.ToString(), id.Name);
    }

    private static (string Repo, string ShortName) LocalRepo(ConfigValue value, ReadContext context)
    {
        var path = value.AsLocalPath(context);
        var shortName = Path.GetFileName(path);
        return (path, shortName.EndsWith(".git", StringComparison.Ordinal) ? shortName[..^4] : shortName);
    }

    private static string Label(MappingReader entry, string shortName, string shownShortName)
    {
        const string Why = "it prefixes $GITHUB_OUTPUT keys (<name>_sha), so only letters, digits, _ and - are allowed, at most 64";
        if (entry.Text("name") is { } name)
        {
            return NameRules.IsRepoLabel(name.Text)
                ? name.Text
                : throw name.Error($"{name.Display} is not a usable name: {Why}");
        }

        return NameRules.IsRepoLabel(shortName)
            ? shortName
            : throw new ConfigurationException(
                $"the default name (the repo's short name, {shownShortName}) is not usable: {Why}; set name: explicitly",
                entry.PathOf("name"),
                entry.Line);
    }

    private static string VersionField(MappingReader entry)
    {
        if (entry.Text("version-field") is not { } field)
        {
            return DefaultVersionField;
        }

        return field.Text.Split('.').All(part => part.Length > 0 && !part.Any(char.IsWhiteSpace))
            ? field.Text
            : throw field.Error($"{field.Display} is not a dotted path such as sha or build.commit");
    }
}
