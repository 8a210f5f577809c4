namespace Dagger;

/// <summary>Marks a class as a Dagger object.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ObjectAttribute : Attribute
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Deprecated { get; set; }
}

/// <summary>Marks a method as a Dagger function; <see cref="Cache"/> is "never", "session" or a TTL.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class FunctionAttribute : Attribute
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Deprecated { get; set; }

    public string? Cache { get; set; }
}

/// <summary>The path a Directory or File argument defaults to, relative to the module's context.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class DefaultPathAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}

/// <summary>Patterns left out when loading a Directory argument.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class IgnoreAttribute : Attribute
{
    public IgnoreAttribute(params string[] patterns)
    {
        Patterns = patterns;
    }

    public IReadOnlyList<string> Patterns { get; }
}
