namespace Dagger;

/// <summary>The root of the DAG: the members of the SDK's <c>Query</c> the module calls.</summary>
public sealed class Query
{
    public Container Container(Platform? platform = null) =>
        new(null, RecordedCall("container", ("platform", platform?.Value)));

    public CacheVolume CacheVolume(string key, Directory? source = null, CacheSharingMode? sharing = CacheSharingMode.SHARED, string? owner = null) =>
        new(RecordedCall("cacheVolume", ("key", key), ("source", source), ("sharing", sharing), ("owner", owner)));

    private static ApiCall RecordedCall(string field, params (string Name, object? Value)[] arguments) =>
        new(field, [.. arguments.Where(a => a.Value is not null).Select(a => new KeyValuePair<string, object?>(a.Name, a.Value))]);
}
