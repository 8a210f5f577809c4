namespace Dagger;

/// <summary>A directory: here only ever produced by the test or by <see cref="Container.Directory"/>.</summary>
public sealed class Directory : RecordedObject
{
    internal Directory(RecordedObject? parent, ApiCall call)
        : base(parent, call)
    {
    }

    /// <summary>A directory argument, as <c>dagger call --source=.</c> would pass one.</summary>
    public static Directory Argument(string description) => new(null, Record("argument", ("description", description)));
}

/// <summary>A file taken from a container.</summary>
public sealed class File : RecordedObject
{
    internal File(RecordedObject? parent, ApiCall call)
        : base(parent, call)
    {
    }
}

/// <summary>A cache volume.</summary>
public sealed class CacheVolume : RecordedObject
{
    internal CacheVolume(ApiCall call)
        : base(null, call)
    {
    }
}

/// <summary>
/// A secret. The double keeps a plaintext so that a test can look for it anywhere it must not
/// be; the module can only reach it through <see cref="Plaintext"/>, as with the SDK.
/// </summary>
public sealed class Secret : RecordedObject
{
    private readonly string _plaintext;

    private Secret(string uri, string plaintext)
        : base(null, Record("secret", ("uri", uri)))
    {
        _plaintext = plaintext;
    }

    /// <summary>A secret argument, as <c>dagger call --github-token=env://GITHUB_TOKEN</c> would pass one.</summary>
    public static Secret Argument(string uri, string plaintext) => new(uri, plaintext);

    public Task<string> Plaintext(CancellationToken cancellationToken = default) => Task.FromResult(_plaintext);
}

/// <summary>A service (only as a parameter type).</summary>
public sealed class Service;

/// <summary>A platform, such as linux/amd64 (only as a parameter type).</summary>
public sealed class Platform
{
    public string Value { get; init; } = "";
}
