using System.Collections.Immutable;

namespace Pipelines.Execution;

/// <summary>
/// An immutable description of a process to start. The environment is complete: the child sees
/// exactly these variables and inherits nothing, so a credential reaches a process only when a
/// caller put it here on purpose. Untrusted values travel in <see cref="Environment"/>, never
/// spliced into <see cref="Arguments"/> of a shell.
/// </summary>
public sealed record ProcessCommand
{
    public ProcessCommand(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        FileName = fileName;
    }

    public string FileName { get; init; }

    public ImmutableArray<string> Arguments { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    public ImmutableDictionary<string, string> Environment { get; init; } =
        ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Null means no limit beyond the caller's cancellation.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How many trailing output lines the result keeps.</summary>
    public int TailLines { get; init; } = 50;

    /// <summary>
    /// On timeout or cancellation, how long the process may take to exit after an interrupt
    /// (SIGINT) before its whole tree is killed (SIGKILL). Zero, the default, kills at once; a
    /// program that cleans up on interrupt gets a grace period, and one that ignores it (wfctl
    /// during infra work) is still killed when the period ends.
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.Zero;

    public ProcessCommand WithArguments(params IEnumerable<string> arguments) =>
        this with { Arguments = [.. arguments] };

    public ProcessCommand WithWorkingDirectory(string? directory) => this with { WorkingDirectory = directory };

    public ProcessCommand WithEnvironment(IEnumerable<KeyValuePair<string, string>> environment) =>
        this with { Environment = ImmutableDictionary.CreateRange(StringComparer.Ordinal, environment) };

    public ProcessCommand WithEnvironmentVariable(string name, string value) =>
        this with { Environment = Environment.SetItem(name, value) };

    public ProcessCommand WithTimeout(TimeSpan? timeout) => this with { Timeout = timeout };

    public ProcessCommand WithTailLines(int lines) => this with { TailLines = lines };

    public ProcessCommand WithGracePeriod(TimeSpan gracePeriod) => this with { GracePeriod = gracePeriod };

    /// <summary>For messages: the program and its arguments, never the environment.</summary>
    public override string ToString() =>
        Arguments.IsEmpty ? FileName : $"{FileName} {string.Join(' ', Arguments)}";
}
