using System.Collections;
using System.Collections.Immutable;

namespace Pipelines.Execution;

/// <summary>
/// Builds the complete environment of a child process from a snapshot of the caller's, one
/// explicit step at a time, e.g. a check: <c>Inherit(caller).Without(tokens).With(check.Env)
/// .PassThrough(check.PassEnv)</c>; git: <c>Isolated(caller).PassThrough("PATH", "HOME")</c>.
/// Immutable: every step returns a new value. Enumerates as the variables the child gets, so it
/// can be handed to <see cref="ProcessCommand.WithEnvironment"/> directly.
/// </summary>
public sealed class ProcessEnvironment : IEnumerable<KeyValuePair<string, string>>
{
    private static readonly ImmutableDictionary<string, string> Empty =
        ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    private ProcessEnvironment(ImmutableDictionary<string, string> snapshot, ImmutableDictionary<string, string> variables)
    {
        Snapshot = snapshot;
        Variables = variables;
    }

    /// <summary>The caller's variables this environment was built from; <see cref="PassThrough"/> copies from here.</summary>
    public ImmutableDictionary<string, string> Snapshot { get; }

    /// <summary>Exactly the variables the child will see.</summary>
    public ImmutableDictionary<string, string> Variables { get; }

    /// <summary>Starts with every variable of <paramref name="snapshot"/>.</summary>
    public static ProcessEnvironment Inherit(IEnumerable<KeyValuePair<string, string>> snapshot)
    {
        var copy = ToValidated(snapshot);
        return new ProcessEnvironment(copy, copy);
    }

    /// <summary>Starts with nothing; variables of <paramref name="snapshot"/> arrive only by <see cref="PassThrough"/>.</summary>
    public static ProcessEnvironment Isolated(IEnumerable<KeyValuePair<string, string>> snapshot) =>
        new(ToValidated(snapshot), Empty);

    /// <summary>This process's environment, read once, as a snapshot to build from.</summary>
    public static ImmutableDictionary<string, string> CaptureCurrent()
    {
        var builder = Empty.ToBuilder();
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value && IsValidName(name) && !value.Contains('\0'))
            {
                builder[name] = value;
            }
        }

        return builder.ToImmutable();
    }

    public ProcessEnvironment Without(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var variables = Variables;
        foreach (var name in names)
        {
            ThrowIfInvalidName(name);
            variables = variables.Remove(name);
        }

        return new ProcessEnvironment(Snapshot, variables);
    }

    public ProcessEnvironment With(string name, string value) => With([new KeyValuePair<string, string>(name, value)]);

    public ProcessEnvironment With(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var result = Variables;
        foreach (var (name, value) in variables)
        {
            ThrowIfInvalid(name, value);
            result = result.SetItem(name, value);
        }

        return new ProcessEnvironment(Snapshot, result);
    }

    /// <summary>
    /// Copies the named variables from the snapshot, even ones an earlier <see cref="Without"/>
    /// removed (naming a variable here is the deliberate way to pass it). A name the snapshot
    /// lacks leaves the current value, if any, as it is.
    /// </summary>
    public ProcessEnvironment PassThrough(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var variables = Variables;
        foreach (var name in names)
        {
            ThrowIfInvalidName(name);
            if (Snapshot.TryGetValue(name, out var value))
            {
                variables = variables.SetItem(name, value);
            }
        }

        return new ProcessEnvironment(Snapshot, variables);
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Variables.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Contains('=') && !name.Contains('\0');

    private static ImmutableDictionary<string, string> ToValidated(IEnumerable<KeyValuePair<string, string>> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var builder = Empty.ToBuilder();
        foreach (var (name, value) in snapshot)
        {
            ThrowIfInvalid(name, value);
            builder[name] = value;
        }

        return builder.ToImmutable();
    }

    // Messages name the variable but never show its value: values are often credentials.
    private static void ThrowIfInvalid(string name, string value)
    {
        ThrowIfInvalidName(name);
        if (value is null || value.Contains('\0'))
        {
            throw new ArgumentException($"The value of environment variable '{name}' is missing or contains a NUL character.");
        }
    }

    private static void ThrowIfInvalidName(string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException("An environment variable name must be non-empty and contain neither '=' nor NUL.");
        }
    }
}
