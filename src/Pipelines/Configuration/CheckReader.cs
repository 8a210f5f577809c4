using YamlDotNet.RepresentationModel;

namespace Pipelines.Configuration;

/// <summary>Reads one entry of <c>promote.checks</c>.</summary>
internal static class CheckReader
{
    public const string DefaultWorkdir = ".";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(20);

    public static readonly string[] Keys = ["name", "run", "workdir", "env", "pass-env", "timeout", "image", "after"];

    /// <summary>A check as read, with the values the cross-check rules (unique names, <c>after</c>) report against.</summary>
    public sealed record Result(CheckSettings Settings, ConfigValue Name, IReadOnlyList<ConfigValue> After);

    public static Result Read(YamlNode node, string path, ReadContext context)
    {
        var entry = MappingReader.Read(node, path, context, Keys);
        var name = entry.RequiredText("name");
        if (!NameRules.IsCheckName(name.Text))
        {
            throw name.Error($"{name.Display} is not a usable check name: letters, digits, _, . and -, starting with a letter or digit, at most 64");
        }

        // run is the one value never expanded: a command sees values only through its environment,
        // so text from the environment can never become shell syntax.
        var run = entry.RequiredText("run", expand: false, hint: "the command to run with bash -c");
        var env = Environment(entry);
        var passEnv = PassEnv(entry, env);

        var after = entry.TextList("after");
        var settings = new CheckSettings(
            Name: name.Text,
            Run: run.Text,
            Workdir: (entry.Text("workdir") ?? Default(entry, "workdir", DefaultWorkdir)).AsLocalPath(context),
            Env: env,
            PassEnv: passEnv,
            Timeout: entry.Text("timeout")?.AsDuration() ?? DefaultTimeout,
            Image: entry.Text("image")?.Text.Trim(),
            After: after.Select(a => a.Text).ToList());
        return new Result(settings, name, after);
    }

    private static ConfigValue Default(MappingReader entry, string key, string text) =>
        new(text, text, Expanded: false, entry.PathOf(key), entry.Line);

    private static Dictionary<string, string> Environment(MappingReader entry)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, line, value) in entry.OpenEntries("env"))
        {
            var path = KeyPath.Child(entry.PathOf("env"), key);
            if (!NameRules.IsEnvironmentVariableName(key))
            {
                throw new ConfigurationException("is not an environment variable name (letters, digits and _, not starting with a digit)", path, line);
            }

            env[key] = Nodes.Text(value, path, entry.Context)?.Text ?? string.Empty;
        }

        return env;
    }

    private static List<string> PassEnv(MappingReader entry, IReadOnlyDictionary<string, string> env)
    {
        var names = new List<string>();
        foreach (var value in entry.TextList("pass-env"))
        {
            var name = value.AsEnvironmentVariableName();
            if (names.Contains(name, StringComparer.Ordinal))
            {
                throw value.Error($"{value.Display} is listed twice");
            }

            if (env.ContainsKey(name))
            {
                throw value.Error($"{value.Display} is also set in env; a variable comes from one or the other");
            }

            names.Add(name);
        }

        return names;
    }
}
