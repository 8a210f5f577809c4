using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Pipelines.LiveDeploy.Sandbox.StandIn;

/// <summary>One module of a workflow config after <c>--env</c> resolution.</summary>
internal sealed record StandInModule(string Name, string Type, JsonObject Config)
{
    public bool IsResource => Type.StartsWith("infra.", StringComparison.Ordinal) || Type.StartsWith("platform.", StringComparison.Ordinal);

    public string? Text(string key) => Config[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;


    /// <summary>SHA-256 of the resolved config (what wfctl stores to detect updates).</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(Config)!.ToJsonString())));

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}

/// <summary>
/// Reads a workflow config the way wfctl's infra commands do (fact sheet 2.1): <c>modules</c>
/// with <c>environments.&lt;env&gt;</c> deep-merged (<c>null</c> removes the module; a <c>name</c>
/// in the override of an <c>infra.*</c> module renames the resource), and <c>${VAR}</c> expanded
/// from the process environment (unset is empty). Top-level <c>infra.auto_bootstrap</c> is kept.
/// </summary>
internal sealed partial class StandInConfig
{
    private StandInConfig(IReadOnlyList<StandInModule> modules, bool autoBootstrap)
    {
        Modules = modules;
        AutoBootstrap = autoBootstrap;
    }

    public IReadOnlyList<StandInModule> Modules { get; }

    public bool AutoBootstrap { get; }

    public IEnumerable<StandInModule> Resources => Modules.Where(m => m.IsResource);

    public IEnumerable<StandInModule> Providers => Modules.Where(m => m.Type == "iac.provider");

    public StandInModule? State => Modules.FirstOrDefault(m => m.Type == "iac.state");

    /// <summary>The iac.provider module a resource names (<c>iac_provider</c>, else <c>provider</c>).</summary>
    public StandInModule? ProviderOf(StandInModule resource)
    {
        var reference = resource.Text("iac_provider") ?? resource.Text("provider");
        return Providers.FirstOrDefault(p => p.Name == reference);
    }

    public static StandInConfig Load(string path, string? env, IReadOnlyDictionary<string, string> environment)
    {
        var root = ToJson(new DeserializerBuilder().Build().Deserialize<object?>(File.ReadAllText(path))) as JsonObject ?? [];
        var modules = new List<StandInModule>();
        foreach (var module in (root["modules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string?)module["name"] ?? string.Empty;
            var type = (string?)module["type"] ?? string.Empty;
            var config = module["config"] as JsonObject ?? [];
            if (env is not null && module["environments"] is JsonObject environments && environments.ContainsKey(env))
            {
                if (environments[env] is not JsonObject overrides)
                {
                    continue; // environments.<env>: null disables the module for that env
                }

                if (overrides["config"] is JsonObject overrideConfig)
                {
                    config = Merge(config, overrideConfig);
                }
            }

            config = (JsonObject)Expand(config, environment)!;
            if ((type.StartsWith("infra.", StringComparison.Ordinal) || type.StartsWith("platform.", StringComparison.Ordinal)) && config["name"] is JsonValue renamed)
            {
                name = renamed.ToString();
                config.Remove("name");
            }

            modules.Add(new StandInModule(name, type, config));
        }

        var autoBootstrap = root["infra"]?["auto_bootstrap"] is not JsonValue flag || !string.Equals(flag.ToString(), "false", StringComparison.OrdinalIgnoreCase);
        return new StandInConfig(modules, autoBootstrap);
    }

    private static JsonObject Merge(JsonObject baseConfig, JsonObject overrides)
    {
        var merged = (JsonObject)baseConfig.DeepClone();
        foreach (var (key, value) in overrides)
        {
            merged[key] = merged[key] is JsonObject left && value is JsonObject right ? Merge(left, right) : value?.DeepClone();
        }

        return merged;
    }

    private static JsonNode? Expand(JsonNode? node, IReadOnlyDictionary<string, string> environment) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Expand(p.Value, environment)))),
        JsonArray a => new JsonArray(a.Select(n => Expand(n, environment)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(Variable().Replace(text, m => environment.GetValueOrDefault(m.Groups[1].Value, string.Empty))),
        _ => node?.DeepClone(),
    };

    private static JsonNode? ToJson(object? yaml) => yaml switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key.ToString() ?? string.Empty, ToJson(p.Value)))),
        IEnumerable<object?> list when yaml is not string => new JsonArray(list.Select(ToJson).ToArray()),
        _ => JsonValue.Create(yaml.ToString()),
    };

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
