using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipelines.LiveDeploy.Sandbox.StandIn;

/// <summary>A provider plugin the stand-in found and "started".</summary>
internal sealed record StandInPlugin(string Directory, string Name, string Version, string Provider);

/// <summary>An error wfctl prints as <c>error: MESSAGE</c> (the root cause only, fact sheet 0.1), exit 1.</summary>
internal sealed class WfctlError(string message) : Exception(message);

/// <summary>
/// IaC provider discovery as wfctl does it (fact sheet 1.2, 1.3; W cmd/wfctl/deploy_providers.go:95-219,
/// plugin/manifest.go:263-303): exactly one directory (<c>--plugin-dir</c>, else <c>WFCTL_PLUGIN_DIR</c>
/// untrimmed, else <c>./data/plugins</c> under the working directory), each sub-directory's
/// <c>plugin.json</c> matched on <c>capabilities.iacProvider.name</c>, the binary <c>&lt;D&gt;/&lt;D&gt;</c>.
/// </summary>
internal sealed partial class StandInPluginDirectory(string? flag, IReadOnlyDictionary<string, string> environment, string workingDirectory, TextWriter stderr)
{
    public string Display { get; } = flag ?? (environment.TryGetValue("WFCTL_PLUGIN_DIR", out var env) && env.Length > 0 ? env : "./data/plugins");

    private string Resolved => Path.GetFullPath(Display, workingDirectory);

    /// <exception cref="WfctlError">No plugin declares the provider, or it cannot be started.</exception>
    public StandInPlugin Load(string provider, string? injected)
    {
        foreach (var directory in Directory.Exists(Resolved) ? Directory.GetDirectories(Resolved).Order(StringComparer.Ordinal).ToArray() : [])
        {
            var d = Path.GetFileName(directory);
            if (ReadManifest(Path.Combine(directory, "plugin.json")) is not { } manifest
                || (string?)manifest["capabilities"]?["iacProvider"]?["name"] != provider)
            {
                continue; // unparseable, missing or another provider: skipped silently (deploy_providers.go:131-152)
            }

            var computePlan = (string?)manifest["iacProvider"]?["computePlanVersion"] ?? string.Empty;
            if (computePlan is not ("" or "v1" or "v2"))
            {
                throw new WfctlError($"plugin \"{d}\" manifest has invalid iacProvider.computePlanVersion \"{computePlan}\" (must be \"\", \"v1\", or \"v2\")");
            }

            var binary = Path.Combine(directory, d);
            if (!File.Exists(binary))
            {
                throw new WfctlError($"plugin \"{d}\" declares provider \"{provider}\" but binary is missing — run: wfctl plugin install {d}");
            }

            var name = (string?)manifest["name"] ?? string.Empty;
            var version = (string?)manifest["version"] ?? string.Empty;
            foreach (var field in (string[])["name", "version", "author", "description"])
            {
                if (string.IsNullOrWhiteSpace((string?)manifest[field]))
                {
                    // [inferred wording] plugin/manifest.go:263-303 requires all four.
                    throw new WfctlError($"plugin {d}: invalid manifest: {field} is required");
                }
            }

            if (!PluginName().IsMatch(name) || !PluginVersion().IsMatch(version))
            {
                throw new WfctlError($"plugin {d}: invalid manifest: name must be lowercase alphanumeric with hyphens and version semver");
            }

            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(binary) & UnixFileMode.UserExecute) == 0)
            {
                throw new WfctlError($"fork/exec {binary}: permission denied");
            }

            Noise($"starting plugin \"{d}\" (version {version})");
            stderr.WriteLine($"{Clock()} [DEBUG] plugin: starting plugin: path={binary}");
            stderr.WriteLine($"{Clock()} [DEBUG] plugin: waiting for RPC address: plugin={binary}");
            if (injected == "load-fails")
            {
                stderr.WriteLine($"{Clock()} [ERROR] plugin: plugin process exited: plugin={binary} error=\"exit status 2\"");
                throw new WfctlError("plugin exited before we could connect");
            }

            Noise($"plugin \"{d}\" loaded successfully");
            return new StandInPlugin(d, name, version.TrimStart('v'), provider);
        }

        throw new WfctlError($"no plugin found for IaC provider \"{provider}\" in {Display} — run: wfctl plugin install <plugin-name>");
    }

    public void Shutdown(StandInPlugin plugin)
    {
        Noise($"shutting down plugin \"{plugin.Directory}\"");
        stderr.WriteLine($"{Clock()} [INFO]  plugin: plugin process exited: plugin={Path.Combine(Resolved, plugin.Directory, plugin.Directory)}");
    }

    private void Noise(string text) => stderr.WriteLine($"[external-plugins] {DateTime.Now:yyyy/MM/dd HH:mm:ss} {text}");

    private static string Clock() => DateTime.Now.ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject? ReadManifest(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*\\z")]
    private static partial Regex PluginName();

    [GeneratedRegex("^v?[0-9]+\\.[0-9]+\\.[0-9]+\\z")]
    private static partial Regex PluginVersion();
}
