namespace Dagger;

/// <summary>An OCI-compatible container: the members of the SDK's <c>Container</c> the module calls.</summary>
public sealed class Container : RecordedObject
{
    internal Container(RecordedObject? parent, ApiCall call)
        : base(parent, call)
    {
    }

    public Container From(string address, Service? registryService = null, RegistryProtocol? protocol = null, bool insecureSkipTLSVerify = false) =>
        With("from", ("address", address), ("registryService", registryService), ("protocol", protocol), ("insecureSkipTLSVerify", insecureSkipTLSVerify));

    public Container WithMountedCache(string path, CacheVolume cache, Directory? source = null, CacheSharingMode? sharing = null, string? owner = null, bool inheritOwner = false, bool expand = false) =>
        With("withMountedCache", ("path", path), ("cache", cache), ("source", source), ("sharing", sharing), ("owner", owner), ("inheritOwner", inheritOwner), ("expand", expand));

    public Container WithDirectory(string path, Directory source, string[]? exclude = null, string[]? include = null, bool gitignore = false, string? owner = null, bool inheritOwner = false, bool expand = false, int? permissions = null) =>
        With("withDirectory", ("path", path), ("source", source), ("exclude", exclude), ("include", include), ("gitignore", gitignore), ("owner", owner), ("inheritOwner", inheritOwner), ("expand", expand), ("permissions", permissions));

    public Container WithFile(string path, File source, int? permissions = null, string? owner = null, bool inheritOwner = false, bool expand = false) =>
        With("withFile", ("path", path), ("source", source), ("permissions", permissions), ("owner", owner), ("inheritOwner", inheritOwner), ("expand", expand));

    public Container WithWorkdir(string path, bool expand = false) =>
        With("withWorkdir", ("path", path), ("expand", expand));

    public Container WithEnvVariable(string name, string value, bool expand = false) =>
        With("withEnvVariable", ("name", name), ("value", value), ("expand", expand));

    public Container WithSecretVariable(string name, Secret secret) =>
        With("withSecretVariable", ("name", name), ("secret", secret));

    public Container WithMountedSecret(string path, Secret source, string? owner = null, bool inheritOwner = false, int? mode = 256, bool expand = false) =>
        With("withMountedSecret", ("path", path), ("source", source), ("owner", owner), ("inheritOwner", inheritOwner), ("mode", mode), ("expand", expand));

    public Container WithExec(string[] args, bool useEntrypoint = false, string? stdin = null, string? redirectStdin = null, string? redirectStdout = null, string? redirectStderr = null, ReturnType? expect = null, bool experimentalPrivilegedNesting = false, bool insecureRootCapabilities = false, bool expand = false, bool noInit = false) =>
        With("withExec", ("args", args), ("useEntrypoint", useEntrypoint), ("stdin", stdin), ("redirectStdin", redirectStdin), ("redirectStdout", redirectStdout), ("redirectStderr", redirectStderr), ("expect", expect), ("experimentalPrivilegedNesting", experimentalPrivilegedNesting), ("insecureRootCapabilities", insecureRootCapabilities), ("expand", expand), ("noInit", noInit));

    public Directory Directory(string path, bool expand = false) =>
        new(this, Record("directory", ("path", path), ("expand", expand)));

    public File File(string path, bool expand = false) =>
        new(this, Record("file", ("path", path), ("expand", expand)));

    private Container With(string field, params (string Name, object? Value)[] arguments) =>
        new(this, Record(field, arguments));
}
