namespace Dagger;

/// <summary>
/// An OCI-compatible container: the members of the SDK's <c>Container</c> the module calls, with
/// the argument lists of engine v0.21.7 (docs/docs-graphql/schema.graphqls at the v0.21.7 tag of
/// github.com/dagger/dagger: no <c>inheritOwner</c>, no <c>from(protocol, insecureSkipTLSVerify)</c>;
/// those are later, development-engine arguments) rendered the way the C# SDK's code generator
/// renders them (schema order; an enum default as its value, an Int default as its value, a
/// Boolean as a non-nullable bool, a String default as null).
/// </summary>
public sealed class Container : RecordedObject
{
    internal Container(RecordedObject? parent, ApiCall call)
        : base(parent, call)
    {
    }

    public Container From(string address, Service? registryService = null) =>
        With("from", ("address", address), ("registryService", registryService));

    public Container WithMountedCache(string path, CacheVolume cache, Directory? source = null, CacheSharingMode? sharing = CacheSharingMode.SHARED, string? owner = null, bool expand = false) =>
        With("withMountedCache", ("path", path), ("cache", cache), ("source", source), ("sharing", sharing), ("owner", owner), ("expand", expand));

    public Container WithDirectory(string path, Directory source, string[]? exclude = null, string[]? include = null, bool gitignore = false, string? owner = null, bool expand = false, int? permissions = null) =>
        With("withDirectory", ("path", path), ("source", source), ("exclude", exclude), ("include", include), ("gitignore", gitignore), ("owner", owner), ("expand", expand), ("permissions", permissions));

    public Container WithFile(string path, File source, int? permissions = null, string? owner = null, bool expand = false) =>
        With("withFile", ("path", path), ("source", source), ("permissions", permissions), ("owner", owner), ("expand", expand));

    public Container WithWorkdir(string path, bool expand = false) =>
        With("withWorkdir", ("path", path), ("expand", expand));

    public Container WithEnvVariable(string name, string value, bool expand = false) =>
        With("withEnvVariable", ("name", name), ("value", value), ("expand", expand));

    public Container WithSecretVariable(string name, Secret secret) =>
        With("withSecretVariable", ("name", name), ("secret", secret));

    public Container WithMountedSecret(string path, Secret source, string? owner = null, int? mode = 256, bool expand = false) =>
        With("withMountedSecret", ("path", path), ("source", source), ("owner", owner), ("mode", mode), ("expand", expand));

    public Container WithExec(string[] args, bool useEntrypoint = false, string? stdin = null, string? redirectStdin = null, string? redirectStdout = null, string? redirectStderr = null, ReturnType? expect = ReturnType.SUCCESS, bool experimentalPrivilegedNesting = false, bool insecureRootCapabilities = false, bool expand = false, bool noInit = false) =>
        With("withExec", ("args", args), ("useEntrypoint", useEntrypoint), ("stdin", stdin), ("redirectStdin", redirectStdin), ("redirectStdout", redirectStdout), ("redirectStderr", redirectStderr), ("expect", expect), ("experimentalPrivilegedNesting", experimentalPrivilegedNesting), ("insecureRootCapabilities", insecureRootCapabilities), ("expand", expand), ("noInit", noInit));

    public Directory Directory(string path, bool expand = false) =>
        new(this, Record("directory", ("path", path), ("expand", expand)));

    public File File(string path, bool expand = false) =>
        new(this, Record("file", ("path", path), ("expand", expand)));

    private Container With(string field, params (string Name, object? Value)[] arguments) =>
        new(this, Record(field, arguments));
}
