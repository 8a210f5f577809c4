using Pipelines.Configuration;

namespace Pipelines.Commands;

/// <summary><c>pipelines validate</c>: loads and checks a configuration, contacts nothing.</summary>
public sealed class ValidateCommand(CommandContext context)
{
    public int Run(string configPath)
    {
        try
        {
            var config = ConfigurationLoader.LoadFile(context.ResolvePath(configPath), context.Environment);
            var parts = new List<string>();
            if (config.Promote is { } promote)
            {
                parts.Add($"promote: {promote.Repos.Count} repositories ({string.Join(", ", promote.Repos.Select(r => r.Name))}), {promote.Checks.Count} checks, host {promote.Host.ToString().ToLowerInvariant()}");
            }

            if (config.LiveDeploy is { } liveDeploy)
            {
                parts.Add($"live-deploy: {liveDeploy.Plugins.Count} plugins ({string.Join(", ", liveDeploy.Plugins)}), depth {liveDeploy.Depth.ToString().ToLowerInvariant()}");
            }

            context.Console.Out.WriteLine($"{configPath}: valid");
            foreach (var part in parts)
            {
                context.Console.Out.WriteLine($"  {part}");
            }

            return ExitCodes.Success;
        }
        catch (ConfigurationException e)
        {
            context.Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
