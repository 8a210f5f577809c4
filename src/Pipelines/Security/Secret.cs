namespace Pipelines.Security;

/// <summary>
/// A credential value. It prints as <c>***</c> everywhere (ToString, string interpolation,
/// debugger) so that a token cannot reach a log, a report or an exception message by accident;
/// the value is obtained only through <see cref="Reveal"/>, at the one place it is sent.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    private readonly string _value;

    public Secret(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        _value = value;
    }

    /// <summary>The environment variable the value came from; safe to print.</summary>
    public string Name { get; }

    public bool IsEmpty => _value.Length == 0;

    public string Reveal() => _value;

    public override string ToString() => "***";

    public bool Equals(Secret? other) => other is not null && Name == other.Name && _value == other._value;

    public override bool Equals(object? obj) => obj is Secret other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Name, _value);
}
