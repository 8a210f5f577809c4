using System.Collections.Immutable;

namespace Pipelines.Commands;

/// <summary>
/// What a command may touch of the outside world, captured once at the edge: the environment
/// as a snapshot (nothing below reads <see cref="System.Environment"/>), the working directory,
/// the clock and the console.
/// </summary>
public sealed record CommandContext(
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    IConsoleUi Console,
    TimeProvider Time)
{
    public static CommandContext FromProcess(IConsoleUi console)
    {
        var environment = System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToImmutableDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
        return new CommandContext(environment, Directory.GetCurrentDirectory(), console, TimeProvider.System);
    }

    /// <summary>Variables whose values are secrets whatever the configuration says (from <c>--secrets-file</c>).</summary>
    public ImmutableHashSet<string> SecretNames { get; init; } = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    public string? Variable(string name) =>
        Environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public bool InGitHubActions => Variable("GITHUB_ACTIONS") == "true";

    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
