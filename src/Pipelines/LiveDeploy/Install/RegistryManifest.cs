using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.LiveDeploy.Install;

/// <summary>One <c>downloads[]</c> entry: the release tarball for one platform and its SHA-256.</summary>
public sealed record PluginDownload(string Os, string Arch, string Url, string Sha256);

/// <summary>
/// What live-deploy needs from a registry manifest (e.g. workflow-registry
/// plugins/workflow-plugin-digitalocean/manifest.json): the listed version, its downloads, the
/// engine it needs, and whether it is an IaC provider and under which provider name.
/// </summary>
public sealed record RegistryManifest(
    string Name,
    string Version,
    string? MinEngineVersion,
    IReadOnlyList<PluginDownload> Downloads,
    string? IacProviderName,
    bool DeclaresIacProvider,
    JsonObject Raw)
{
    /// <exception cref="FormatException">Not a JSON object with string <c>name</c> and <c>version</c>.</exception>
    public static RegistryManifest Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 }) as JsonObject
                ?? throw new FormatException("the manifest is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"the manifest is not valid JSON: {e.Message}", e);
        }

        var name = Text(root, "name") ?? throw new FormatException("the manifest has no string \"name\"");
        var version = Text(root, "version") ?? throw new FormatException("the manifest has no string \"version\"");
        var downloads = (root["downloads"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(d => new PluginDownload(Text(d, "os") ?? string.Empty, Text(d, "arch") ?? string.Empty, Text(d, "url") ?? string.Empty, Text(d, "sha256") ?? string.Empty))
            .ToList();
        var capabilities = root["capabilities"] as JsonObject;
        var providerName = capabilities?["iacProvider"] is JsonObject iac ? Text(iac, "name") : null;

        // An IaC provider contributes the iac.provider module type, or says so in an iacProvider block
        // (tofu, a step plugin, has moduleTypes: [] and neither: REG plugins/workflow-plugin-tofu/manifest.json:26).
        var moduleTypes = (capabilities?["moduleTypes"] as JsonArray ?? []).Select(t => t?.GetValueKind() == JsonValueKind.String ? (string?)t : null);
        var declares = providerName is not null || capabilities?["iacProvider"] is JsonObject || root["iacProvider"] is JsonObject || moduleTypes.Contains("iac.provider");
        return new RegistryManifest(name, version.TrimStart('v'), Text(root, "minEngineVersion"), downloads, providerName, declares, root);
    }

    /// <summary>The name wfctl installs under: the manifest name without <c>workflow-plugin-</c> (W cmd/wfctl/multi_registry.go:55-57).</summary>
    public string ShortName => Name.StartsWith("workflow-plugin-", StringComparison.Ordinal) ? Name["workflow-plugin-".Length..] : Name;

    /// <summary>The download for this machine, by Go's GOOS/GOARCH names (W cmd/wfctl/plugin_registry.go:239-246).</summary>
    public PluginDownload? DownloadFor(string os, string arch) =>
        Downloads.FirstOrDefault(d => d.Os == os && d.Arch == arch);

    /// <summary>This machine as GOOS/GOARCH.</summary>
    public static (string Os, string Arch) CurrentPlatform() => (
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "windows" : RuntimeInformation.OSDescription,
        RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "386",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        });

    private static string? Text(JsonObject node, string key) =>
        node[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? (string?)value : null;
}
