namespace Pipelines.Tests.LiveDeploy;

/// <summary>Installs a DigitalOcean plugin the way <c>wfctl plugin install</c> leaves it (fact sheet 1.2): <c>&lt;dir&gt;/digitalocean/{plugin.json,digitalocean}</c>.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class StandInPlugins
{
    public static void InstallDigitalOcean(string pluginDir, bool withProviderName = true)
    {
        var plugin = Path.Combine(pluginDir, "digitalocean");
        Directory.CreateDirectory(plugin);
        File.WriteAllText(Path.Combine(plugin, "digitalocean"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(plugin, "digitalocean"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var capabilities = withProviderName ? """{ "iacProvider": { "name": "digitalocean" } }""" : """{ "moduleTypes": ["iac.provider"] }""";
        File.WriteAllText(Path.Combine(plugin, "plugin.json"), $$"""
            { "name": "workflow-plugin-digitalocean", "version": "2.1.18", "author": "GoCodeAlone", "description": "DO", "capabilities": {{capabilities}}, "iacProvider": { "computePlanVersion": "v2" } }
            """);
    }
}
