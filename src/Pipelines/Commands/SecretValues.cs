using Pipelines.Reporting;
using Pipelines.Security;

namespace Pipelines.Commands;

/// <summary>The rules every secret value read at the edge meets, and how the Actions runner learns them.</summary>
internal static class SecretValues
{
    /// <summary>
    /// A secret of 1 to 3 characters cannot be masked: replacing "eu" or "1" everywhere would mangle
    /// every log, and not replacing it prints it. Such a value is refused (exit 2) instead of
    /// silently left unmasked; a setting that is not secret belongs in a check's <c>env:</c>.
    /// </summary>
    /// <exception cref="UsageException">The value is too short; the message names the variable, never the value.</exception>
    public static Secret Maskable(Secret secret) =>
        secret.Reveal().Length >= SecretRedactor.MinimumLength
            ? secret
            : throw new UsageException(
                $"{secret.Name}: a secret shorter than {SecretRedactor.MinimumLength} characters cannot be masked in output; "
                + "use a longer value, or pass a value that is not secret through a check's env:");

    /// <summary>Under GitHub Actions, tells the runner to mask each value (every line and encoding) before anything else is printed.</summary>
    public static void MaskInActions(CommandContext context, IEnumerable<Secret> secrets)
    {
        if (!context.InGitHubActions)
        {
            return;
        }

        var commands = GitHubActionsOutput.MaskCommands(secrets.Select(s => s.Reveal()));
        lock (context.Console.Out)
        {
            foreach (var command in commands)
            {
                context.Console.Out.WriteLine(command);
            }
        }
    }
}
