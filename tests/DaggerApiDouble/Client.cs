namespace Dagger;

/// <summary>Provides access to the root query, as the SDK's <c>Dagger.Client</c> does.</summary>
public static class Client
{
    // The SDK caches one Query; the double's Query holds no state, so a new one is equivalent.
    public static Query Dag => new();
}
