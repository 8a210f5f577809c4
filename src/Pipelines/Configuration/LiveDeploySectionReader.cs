using System.Text.RegularExpressions;
using Pipelines.GitHub;

namespace Pipelines.Configuration;

/// <summary>Reads <c>live-deploy:</c>.</summary>
internal static partial class LiveDeploySectionReader
{
    public const string PluginPlaceholder = "{plugin}";
    public const string DefaultRef = "v{version}";
    public const string DefaultExample = "examples/minimal/config.yaml";
    public const string DefaultEnv = "staging";
    public const string DefaultWfctl = "wfctl";
    public const string DefaultManifest = "plugins/workflow-plugin-{plugin}/manifest.json";
    public const string DefaultBase = "main";
    public const int DefaultParallel = 5;
    public const int DefaultDemoteAfter = 2;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultTeardownTimeout = TimeSpan.FromMinutes(15);

    public static readonly string[] Keys =
    [
        "host", "plugins", "clone-url", "ref", "example", "env", "depth", "wfctl", "timeout",
        "teardown-timeout", "parallel", "auth", "registry", "tracker-repo", "demote-after",
        "install", "plugin-dir", "owner",
    ];

    private static readonly string[] RegistryKeys = ["repo", "manifest", "base"];

    public static LiveDeploySettings Read(MappingReader section, ReadContext context)
    {
        var host = HostKinds.Read(section);
        var plugins = Plugins(section);
        var install = section.Text("install")?.AsChoice(("release", PluginInstallMode.Release), ("none", PluginInstallMode.None)) ?? PluginInstallMode.Release;
        var pluginDir = section.Text("plugin-dir");
        if (install == PluginInstallMode.None && pluginDir is null)
        {
            throw section.Missing("plugin-dir", "with install: none, the directory where the plugins are installed");
        }

        if (install == PluginInstallMode.Release && pluginDir is not null)
        {
            throw pluginDir.Error("plugin-dir is only for install: none (install: release uses a private directory per run)");
        }

        return new LiveDeploySettings(
            Host: host,
            Plugins: plugins,
            CloneUrl: CloneUrl(section, plugins, context),
            Ref: Ref(section),
            Example: section.Text("example")?.AsPathInRepository() ?? DefaultExample,
            Env: Env(section),
            Depth: section.Text("depth")?.AsChoice(("plan", ValidationDepth.Plan), ("apply", ValidationDepth.Apply)) ?? ValidationDepth.Plan,
            Wfctl: Wfctl(section, context),
            Timeout: section.Text("timeout")?.AsDuration() ?? DefaultTimeout,
            TeardownTimeout: section.Text("teardown-timeout")?.AsDuration() ?? DefaultTeardownTimeout,
            Parallel: section.Text("parallel")?.AsInteger(1, 64) ?? DefaultParallel,
            Auth: CloudAuthReader.Read(section, context),
            Registry: Registry(section, host, plugins, context),
            TrackerRepo: TrackerRepo(section, host, plugins, context),
            DemoteAfter: section.Text("demote-after")?.AsInteger(1, 100) ?? DefaultDemoteAfter)
        {
            Install = install,
            PluginDir = pluginDir?.AsLocalPath(context),
            Owner = Owner(section),
        };
    }

    /// <summary>A branch or tag; <c>{version}</c> expands to the version the registry lists.</summary>
    private static string Ref(MappingReader section)
    {
        if (section.Text("ref") is not { } value)
        {
            return DefaultRef;
        }

        var sample = value.Text.Replace(LiveDeploySettings.VersionPlaceholder, "1.2.3", StringComparison.Ordinal);
        return NameRules.BranchNameProblem(sample) is { } problem
            ? throw value.Error($"{value.Display} is not a valid branch or tag name: it {problem}")
            : value.Text;
    }

    /// <summary>An owner for wfctl's ownership gate: letters, digits, '-', '_' and '{run}', so it is a valid DO tag and GCP label.</summary>
    private static string? Owner(MappingReader section)
    {
        if (section.Text("owner") is not { } value)
        {
            return null;
        }

        var sample = value.Text.Replace(LiveDeploySettings.RunPlaceholder, "run-1", StringComparison.Ordinal);
        return OwnerName().IsMatch(sample)
            ? value.Text
            : throw value.Error($"{value.Display} is not an owner (lowercase letters, digits, '-' and '_', at most 63 once {{run}} is filled in)");
    }

    private static List<string> Plugins(MappingReader section)
    {
        var values = section.TextList("plugins");
        if (values.Count == 0)
        {
            throw new ConfigurationException("must list at least one plugin, e.g. [aws, gcp]", section.PathOf("plugins"), section.Line);
        }

        var plugins = new List<string>(values.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (!NameRules.IsPluginName(value.Text))
            {
                throw value.Error($"{value.Display} is not a plugin name (lowercase letters, digits and -, at most 64)");
            }

            if (!seen.Add(value.Text))
            {
                throw value.Error($"{value.Display} is listed twice");
            }

            plugins.Add(value.Text);
        }

        return plugins;
    }

    /// <summary>
    /// An https URL, or a path on this machine (made absolute). SSH and other schemes are refused:
    /// the clone authenticates with a GitHub token over https and nothing else.
    /// </summary>
    private static string CloneUrl(MappingReader section, IReadOnlyList<string> plugins, ReadContext context)
    {
        var value = section.RequiredText("clone-url", hint: "e.g. https://github.com/GoCodeAlone/workflow-plugin-{plugin}.git, or a local path");
        RequirePlaceholder(value, plugins);
        var text = value.Text;
        if (Path.IsPathRooted(text) || (!text.Contains("://", StringComparison.Ordinal) && !ScpLike().IsMatch(text)))
        {
            return value.AsLocalPath(context);
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            throw value.Error("ssh clone addresses are not supported; use an https URL or a local path");
        }

        foreach (var plugin in plugins)
        {
            ValueConversions.HttpUrl(LiveDeploySettings.ForPlugin(text, plugin), value);
        }

        return text;
    }

    private static string Env(MappingReader section)
    {
        if (section.Text("env") is not { } env)
        {
            return DefaultEnv;
        }

        return EnvironmentName().IsMatch(env.Text)
            ? env.Text
            : throw env.Error($"{env.Display} is not an environment name (letters, digits, _, . and -, starting with a letter or digit)");
    }

    /// <summary>A command looked up on PATH, or, when it contains a slash, a path made absolute.</summary>
    private static string Wfctl(MappingReader section, ReadContext context)
    {
        if (section.Text("wfctl") is not { } wfctl)
        {
            return DefaultWfctl;
        }

        if (string.IsNullOrWhiteSpace(wfctl.Text) || wfctl.Text.StartsWith('-'))
        {
            throw wfctl.Error("must be a command name or a path");
        }

        return wfctl.Text.Contains('/', StringComparison.Ordinal) ? wfctl.AsLocalPath(context) : wfctl.Text;
    }

    private static RegistrySettings Registry(MappingReader section, HostKind host, IReadOnlyList<string> plugins, ReadContext context)
    {
        var registry = section.Mapping("registry", RegistryKeys)
            ?? throw section.Missing("registry", "the registry repository whose manifests carry each plugin's status");
        var repoValue = registry.RequiredText("repo", hint: host == HostKind.GitHub ? "owner/name" : "a path to a git repository");
        var repo = host == HostKind.GitHub ? repoValue.AsRepositoryId().ToString() : repoValue.AsLocalPath(context);

        var manifest = registry.Text("manifest");
        if (manifest is not null)
        {
            RequirePlaceholder(manifest, plugins);
            foreach (var plugin in plugins)
            {
                if (ValueConversions.PathInRepositoryProblem(LiveDeploySettings.ForPlugin(manifest.Text, plugin)) is { } problem)
                {
                    throw manifest.Error($"{manifest.Display} {problem}");
                }
            }
        }

        return new RegistrySettings(
            Repo: repo,
            Manifest: manifest?.Text ?? DefaultManifest,
            Base: registry.Text("base")?.AsBranchName() ?? DefaultBase);
    }

    private static string TrackerRepo(MappingReader section, HostKind host, IReadOnlyList<string> plugins, ReadContext context)
    {
        var value = section.RequiredText("tracker-repo", hint: host == HostKind.GitHub ? "owner/name, where investigation issues open ({plugin} expands)" : "a path to the local tracker directory");
        if (host == HostKind.Local)
        {
            return value.AsLocalPath(context);
        }

        foreach (var plugin in plugins)
        {
            if (!RepositoryId.TryParse(LiveDeploySettings.ForPlugin(value.Text, plugin), out _))
            {
                throw value.Error($"{value.Display} is not a GitHub repository of the form owner/name once {{plugin}} is filled in");
            }
        }

        return value.Text;
    }

    /// <summary>Without {plugin}, several plugins would share one clone or one manifest.</summary>
    private static void RequirePlaceholder(ConfigValue value, IReadOnlyList<string> plugins)
    {
        if (plugins.Count > 1 && !value.Text.Contains(PluginPlaceholder, StringComparison.Ordinal))
        {
            throw value.Error($"must contain {PluginPlaceholder} when several plugins are configured, or they would all share it");
        }
    }

    [GeneratedRegex(@"^[^/\s:]+@[^/\s:]+:")]
    private static partial Regex ScpLike();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,62}\z")]
    private static partial Regex OwnerName();
}
