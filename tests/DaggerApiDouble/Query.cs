namespace Dagger;

/// <summary>The root of the DAG: the members of the SDK's <c>Query</c> the module calls.</summary>
public sealed class Query
{
    public Container Container(Platform? platform = null) =>
        new(null, RecordedCall("container", ("platform", platform?.Value)));

    public CacheVolume CacheVolume(string key, Directory? source = null, CacheSharingMode? sharing = null, string? owner = null) =>
        new(RecordedCall("cacheVolume", ("key", key), ("source", source), ("sharing", sharing), ("owner", owner)));

    public File Http(string url, string? name = null, int? permissions = null, string? checksum = null, Secret? authHeader = null, Service? experimentalServiceHost = null) =>
        new(null, RecordedCall("http", ("url", url), ("name", name), ("permissions", permissions), ("checksum", checksum), ("authHeader", authHeader), ("experimentalServiceHost", experimentalServiceHost)));

    private static ApiCall RecordedCall(string field, params (string Name, object? Value)[] arguments) =>
        new(field, [.. arguments.Where(a => a.Value is not null).Select(a => new KeyValuePair<string, object?>(a.Name, a.Value))]);
}
