using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.LiveDeploy.Sandbox.StandIn;

/// <summary>
/// <c>wfctl infra plan|apply|status|destroy|cleanup|owners</c> as the fact sheet describes them
/// (sections 2, 3 and the table of section 7). Each method cites the rows it follows.
/// </summary>
internal sealed class StandInInfra(StandInWorld world, StandInFlags flags, IReadOnlyDictionary<string, string> environment, string workingDirectory, string version, TextWriter stdout, TextWriter stderr)
{
    // DO's Enumerator covers Droplets, Volumes and database clusters only (fact sheet 3.4; DO internal/provider.go:271-403).
    private static readonly string[] DigitalOceanTaggable = ["infra.droplet", "infra.volume", "infra.database", "infra.cache"];

    private readonly StandInPluginDirectory _plugins = new(flags.Value("plugin-dir"), environment, workingDirectory, stderr);

    private string ConfigPath => flags.Value("c", "config") ?? ConfigFallback();

    /// <summary>Fact sheet 2.2-2.4, 2.6 and the plan rows of section 7.</summary>
    public int Plan()
    {
        var (path, config) = Load();
        var state = new StandInState(config.State, workingDirectory);
        var tracked = state.List().ToDictionary(r => r.Name, StringComparer.Ordinal);
        var actions = new List<(string Action, StandInModule Resource)>();
        var loaded = new List<StandInPlugin>();
        foreach (var group in config.Resources.GroupBy(r => config.ProviderOf(r)?.Name ?? string.Empty))
        {
            var provider = config.Providers.FirstOrDefault(p => p.Name == group.Key);
            if (provider is not null)
            {
                var plugin = Start(provider, "plan");
                loaded.Add(plugin);
                Fail(provider, "plan");
            }

            foreach (var resource in group)
            {
                var action = !tracked.TryGetValue(resource.Name, out var record) ? "create" : record.ConfigHash == resource.Hash() ? null : "update";
                if (action is not null)
                {
                    actions.Add((action, resource));
                }
            }
        }

        // The header comes only after planning succeeded (stdout stays empty on a load failure, 2.4).
        stdout.WriteLine($"Infrastructure Plan — {path}");
        stdout.WriteLine();
        if (actions.Count == 0)
        {
            stdout.WriteLine("No changes. Infrastructure is up-to-date.");
        }
        else
        {
            foreach (var (action, resource) in actions)
            {
                stdout.WriteLine($"{(action == "create" ? "+" : "~")} {action}  {resource.Name}  ({resource.Type})");
                var keys = resource.Config.Where(p => p.Value is JsonValue).Take(5).ToList();
                var width = keys.Count == 0 ? 0 : keys.Max(k => k.Key.Length) + 1;
                foreach (var (key, value) in keys)
                {
                    var shown = key.Contains("token", StringComparison.OrdinalIgnoreCase) || key.Contains("secret", StringComparison.OrdinalIgnoreCase) ? "(sensitive)" : value!.ToString();
                    stdout.WriteLine($"    {(key + ":").PadRight(width)}  {shown}");
                }

                stdout.WriteLine();
            }

            stdout.WriteLine($"Plan: {actions.Count(a => a.Action == "create")} to create, {actions.Count(a => a.Action == "update")} to update, 0 to replace, 0 to destroy.");
        }

        if (flags.Value("o", "output") is { } output)
        {
            WritePlan(Path.GetFullPath(output, workingDirectory), actions, loaded);
            stdout.WriteLine();
            stdout.WriteLine($"Plan saved to {output}");
        }

        Stop(loaded);
        return 0;
    }

    /// <summary>Fact sheet 3.1, 3.5 and the apply rows of section 7.</summary>
    public int Apply()
    {
        RequireConfirmation();
        var (path, config) = Load();
        if (!config.Resources.Any())
        {
            Bootstrap(config);
            throw new WfctlError("pipeline \"apply\" not found (no pipelines defined in config)");
        }

        Bootstrap(config);
        var state = new StandInState(config.State, workingDirectory);
        var tracked = state.List().ToDictionary(r => r.Name, StringComparer.Ordinal);
        var owner = flags.Value("owner") ?? environment.GetValueOrDefault("WORKFLOW_RESOURCE_OWNER");
        var loaded = new List<StandInPlugin>();
        stdout.WriteLine($"Applying infrastructure from {path}...");
        var failures = new List<string>();
        foreach (var group in config.Resources.GroupBy(r => config.ProviderOf(r)?.Name ?? string.Empty))
        {
            var provider = config.Providers.FirstOrDefault(p => p.Name == group.Key)
                ?? throw new WfctlError($"infra module \"{group.First().Name}\" ({group.First().Type}): missing required 'iac_provider' or 'provider' field");
            var providerName = provider.Text("provider") ?? string.Empty;
            var resources = group.ToList();
            stdout.WriteLine($"Applying {resources.Count} resource(s) via provider \"{provider.Name}\" ({providerName})...");
            var plugin = Start(provider, "apply");
            loaded.Add(plugin);
            var actions = resources.Where(r => !tracked.TryGetValue(r.Name, out var record) || record.ConfigHash != r.Hash()).ToList();
            if (actions.Count == 0)
            {
                stdout.WriteLine("  No changes — infrastructure is up-to-date.");
                continue;
            }

            stdout.WriteLine($"  Plan: {actions.Count} action(s) to execute.");
            for (var i = 0; i < actions.Count; i++)
            {
                var resource = actions[i];
                var action = tracked.ContainsKey(resource.Name) ? "update" : "create";
                stdout.WriteLine($"  -> [{i + 1}/{actions.Count}] {action} {resource.Name} ({resource.Type})");
                if (!string.IsNullOrEmpty(owner) && !world.IdealOwnership())
                {
                    // The ownership gate asks GetOwner before a create, which has no provider id yet
                    // (fact sheet 3.5, "likely defect" [inferred]; DO internal/ownership.go:23-38).
                    throw new WfctlError($"rpc error: code = Unknown desc = {providerName}: ownership requires provider id for {resource.Type}/{resource.Name}");
                }

                if (world.Fault(providerName, "apply") is { } fault && fault.StartsWith("error:", StringComparison.Ordinal))
                {
                    stdout.WriteLine($"  ✗ {resource.Name} ({resource.Type}): {fault["error:".Length..]}");
                    failures.Add($"{action}/{resource.Name}: rpc error: code = Unknown desc = {fault["error:".Length..]}");
                    continue;
                }

                TransientOnce(providerName, "apply");
                var tags = (resource.Config["tags"] as JsonArray)?.Select(t => t?.ToString() ?? string.Empty).ToList() ?? [];
                var ownerTag = providerName == "digitalocean" && !string.IsNullOrEmpty(owner) ? "workflow-owner:" + owner : null;
                var id = world.UpdateCloud(cloud =>
                {
                    var created = new CloudResource(providerName, resource.Type, resource.Name, $"{providerName}-{Guid.NewGuid():N}"[..24], ownerTag is null ? tags : [.. tags, ownerTag], string.IsNullOrEmpty(owner) ? null : owner);
                    cloud.Add(created);
                    return created.Id;
                });
                state.Save(new StateRecord(resource.Name, resource.Type, provider.Name, id, resource.Hash()));
                stdout.WriteLine($"  ✓ {resource.Name} ({resource.Type})");
            }
        }

        state.SaveMetadata(version, loaded);
        HangIfInjected(loaded, "apply");

        Stop(loaded);
        if (failures.Count > 0)
        {
            throw new WfctlError($"{failures.Count} resource(s) failed: {string.Join("; ", failures)}");
        }

        return 0;
    }

    /// <summary>Fact sheet 3.2 and the status row of section 7: a load failure is a WARNING on stdout and exit 0.</summary>
    public int Status()
    {
        var (path, config) = Load();
        if (!config.Resources.Any())
        {
            throw new WfctlError("pipeline \"status\" not found (no pipelines defined in config)");
        }

        stdout.WriteLine($"Infrastructure status from {path}...");
        var records = new StandInState(config.State, workingDirectory).List();
        if (records.Count == 0)
        {
            stdout.WriteLine("No resources tracked in state.");
            return 0;
        }

        var cloud = world.Cloud();
        foreach (var group in records.GroupBy(r => r.ProviderModule))
        {
            var provider = config.Providers.FirstOrDefault(p => p.Name == group.Key);
            StandInPlugin plugin;
            try
            {
                plugin = Start(provider ?? throw new WfctlError($"provider module \"{group.Key}\" not declared"), "status");
            }
            catch (WfctlError e)
            {
                stdout.WriteLine($"WARNING: load provider \"{group.Key}\": {e.Message}");
                continue;
            }

            foreach (var record in group)
            {
                var live = cloud.Any(c => c.Id == record.ProviderId) ? "active" : "unknown";
                stdout.WriteLine($"  {record.Name,-40}  {record.Type,-20}  {live}");
            }

            Stop([plugin]);
        }

        return 0;
    }

    /// <summary>Fact sheet 3.3 and the destroy and "no iac.state" rows of section 7: only what state lists.</summary>
    public int Destroy()
    {
        RequireConfirmation();
        var (path, config) = Load();
        if (!config.Resources.Any())
        {
            throw new WfctlError("pipeline \"destroy\" not found (no pipelines defined in config)");
        }

        stdout.WriteLine($"Destroying infrastructure from {path}...");
        var state = new StandInState(config.State, workingDirectory);
        var records = state.List();
        if (records.Count == 0)
        {
            stdout.WriteLine("No resources tracked in state — nothing to destroy.");
            return 0;
        }

        var failures = new List<string>();
        foreach (var group in records.GroupBy(r => r.ProviderModule))
        {
            var provider = config.Providers.FirstOrDefault(p => p.Name == group.Key);
            if (provider is null)
            {
                foreach (var record in group)
                {
                    stdout.WriteLine($"WARNING: cannot determine provider for resource \"{record.Name}\" (state provider=\"{group.Key}\") — skipping");
                }

                continue;
            }

            var providerName = provider.Text("provider") ?? string.Empty;
            stdout.WriteLine($"Destroying {group.Count()} resource(s) via provider \"{provider.Name}\" ({providerName})...");
            var plugin = Start(provider, "destroy");
            HangIfInjected([plugin], "destroy");
            var groupFailures = new List<string>();
            var injected = world.Fault(providerName, "destroy");
            foreach (var record in group)
            {
                if (injected is not null && injected.StartsWith("error:", StringComparison.Ordinal))
                {
                    groupFailures.Add($"delete/{record.Name}: rpc error: code = Unknown desc = {injected["error:".Length..]}");
                    continue;
                }

                var deleted = world.UpdateCloud(cloud => cloud.RemoveAll(c => c.Id == record.ProviderId) > 0);
                if (deleted)
                {
                    stdout.WriteLine($"  ✓ destroyed {record.Name}");
                }
                else
                {
                    // DO answers 404 for what is already gone, and wfctl counts it (DO internal/drivers/errors.go:47-48).
                    groupFailures.Add($"delete/{record.Name}: rpc error: code = Unknown desc = iac: resource not found");
                }
            }

            Stop([plugin]);
            if (groupFailures.Count == 0)
            {
                foreach (var record in group)
                {
                    state.Delete(record.Name);
                }
            }

            failures.AddRange(groupFailures);
        }

        return failures.Count == 0 ? 0 : throw new WfctlError($"{failures.Count} resource(s) failed to destroy: {string.Join("; ", failures)}");
    }

    /// <summary>Fact sheet 3.4 and the cleanup row of section 7: load failures are skipped with a warning, exit 0.</summary>
    public int Cleanup()
    {
        var tag = flags.Value("tag");
        if (string.IsNullOrEmpty(tag))
        {
            throw new WfctlError("infra cleanup: --tag is required");
        }

        var (_, config) = Load();
        var fix = flags.Flag("fix");
        foreach (var (provider, plugin) in LoadAll(config, "cleanup"))
        {
            var name = plugin.Provider;
            var matches = world.UpdateCloud(cloud =>
            {
                var found = cloud.Where(c => c.Provider == name && c.Tags.Contains(tag) && (name != "digitalocean" || DigitalOceanTaggable.Contains(c.Type))).ToList();
                if (fix)
                {
                    cloud.RemoveAll(found.Contains);
                }

                return found;
            });
            if (matches.Count == 0)
            {
                stdout.WriteLine($"{name}: no resources matched tag \"{tag}\"");
            }

            foreach (var match in matches)
            {
                stdout.WriteLine(fix ? $"deleted {match.Type}/{match.Name} (provider: {name})" : $"[dry-run] would delete {match.Type}/{match.Name} (provider: {name})");
            }

            Stop([plugin]);
        }

        return 0;
    }

    /// <summary>Fact sheet 3.6 and the owners row of section 7.</summary>
    public int Owners()
    {
        var owner = flags.Value("owner");
        if (string.IsNullOrEmpty(owner))
        {
            throw new WfctlError("infra owners: --owner is required");
        }

        var (_, config) = Load();
        var rows = new List<CloudResource>();
        foreach (var (_, plugin) in LoadAll(config, "owners"))
        {
            rows.AddRange(world.Cloud().Where(c => c.Provider == plugin.Provider && c.Owner == owner
                && (plugin.Provider != "digitalocean" || DigitalOceanTaggable.Contains(c.Type))));
            Stop([plugin]);
        }

        if (rows.Count == 0)
        {
            stdout.WriteLine($"no resources owned by \"{owner}\"");
            return 0;
        }

        stdout.WriteLine("PROVIDER\tTYPE\tNAME\tPROVIDER_ID\tOWNER\tSOURCE");
        foreach (var row in rows.OrderBy(r => r.Provider, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            stdout.WriteLine($"{row.Provider}\t{row.Type}\t{row.Name}\t{row.Id}\t{row.Owner}\ttag:workflow-owner");
        }

        return 0;
    }

    private List<(StandInModule Provider, StandInPlugin Plugin)> LoadAll(StandInConfig config, string verb)
    {
        var loaded = new List<(StandInModule, StandInPlugin)>();
        foreach (var provider in config.Providers)
        {
            try
            {
                loaded.Add((provider, Start(provider, verb)));
            }
            catch (WfctlError e)
            {
                // W cmd/wfctl/infra_cleanup.go:181-220 (owners shares it: infra_owners.go:18,47)
                stderr.WriteLine($"warning: cleanup: load provider \"{provider.Name}\" ({provider.Text("provider")}): {e.Message}");
            }
        }

        return loaded;
    }

    /// <summary>Loads the plugin for an iac.provider module and initialises it with the module's config.</summary>
    private StandInPlugin Start(StandInModule provider, string verb)
    {
        var name = provider.Text("provider") ?? string.Empty;
        var plugin = _plugins.Load(name, world.Fault(name, verb));
        if (name == "digitalocean" && string.IsNullOrEmpty(provider.Text("token")))
        {
            // DO internal/provider.go:79-86, surfaced through gRPC (fact sheet 2.5).
            throw new WfctlError("rpc error: code = Unknown desc = digitalocean: missing required config key 'token'");
        }

        return plugin;
    }

    private void Stop(IEnumerable<StandInPlugin> plugins)
    {
        foreach (var plugin in plugins)
        {
            _plugins.Shutdown(plugin);
        }
    }

    /// <summary>An injected plugin error (plan) or throttling on the first call.</summary>
    private void Fail(StandInModule provider, string verb)
    {
        var name = provider.Text("provider") ?? string.Empty;
        if (world.Fault(name, verb) is { } fault && fault.StartsWith("error:", StringComparison.Ordinal))
        {
            throw new WfctlError($"rpc error: code = Unknown desc = {fault["error:".Length..]}");
        }

        TransientOnce(name, verb);
    }

    private void TransientOnce(string provider, string verb)
    {
        if (world.Fault(provider, verb) == "transient-once" && world.FirstTime($"{provider}-{verb}"))
        {
            throw new WfctlError($"rpc error: code = Unknown desc = {provider}: POST https://api.example/v2/resources: 429 Too Many Requests (RequestLimitExceeded: throttled)");
        }
    }

    /// <summary>An injected hang inside the plugin: SIGTERM is ignored (see StandInProgram), only SIGKILL ends it.</summary>
    private void HangIfInjected(IEnumerable<StandInPlugin> plugins, string verb)
    {
        if (plugins.Any(p => world.Fault(p.Provider, verb) == "hang"))
        {
            stdout.Flush();
            Thread.Sleep(Timeout.Infinite);
        }
    }

    private void RequireConfirmation()
    {
        if (!flags.Flag("y", "auto-approve"))
        {
            // A prompt needs a terminal; ours never has one (fact sheet 6.3).
            throw new WfctlError("prompt: stdin is not a terminal");
        }
    }

    private void Bootstrap(StandInConfig config)
    {
        if (config.AutoBootstrap && !flags.Flag("skip-bootstrap"))
        {
            stdout.WriteLine("Running bootstrap before apply...");
            stdout.WriteLine("No secrets to generate.");
        }
    }

    private (string Path, StandInConfig Config) Load()
    {
        var path = ConfigPath;
        var full = Path.GetFullPath(path, workingDirectory);
        if (!File.Exists(full))
        {
            throw new WfctlError("no such file or directory"); // *fs.PathError unwrapped to ENOENT (fact sheet 0.1)
        }

        return (path, StandInConfig.Load(full, flags.Value("env"), environment));
    }

    private string ConfigFallback()
    {
        foreach (var candidate in (string[])["infra.yaml", "config/infra.yaml"])
        {
            if (File.Exists(Path.Combine(workingDirectory, candidate)))
            {
                return candidate;
            }
        }

        return flags.Positional.FirstOrDefault(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal))
            ?? throw new WfctlError("no infrastructure config found (tried infra.yaml, config/infra.yaml)");
    }

    // W cmd/wfctl/infra.go:381-416; interfaces/iac_state.go:57-138: indented JSON, mode 0600.
    private void WritePlan(string path, List<(string Action, StandInModule Resource)> actions, List<StandInPlugin> plugins)
    {
        var plan = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["actions"] = new JsonArray(actions.Select(a => (JsonNode)new JsonObject
            {
                ["action"] = a.Action,
                ["resource"] = new JsonObject { ["name"] = a.Resource.Name, ["type"] = a.Resource.Type, ["config"] = a.Resource.Config.DeepClone() },
                ["resolved_config_hash"] = a.Resource.Hash(),
            }).ToArray()),
            ["created_at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["plan_hash"] = string.Join(',', actions.Select(a => a.Resource.Hash())),
            ["schema_version"] = 1,
            ["generator_metadata"] = StandInState.Metadata(version, plugins),
        };
        File.WriteAllText(path, plan.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
