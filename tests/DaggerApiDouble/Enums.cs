namespace Dagger;

/// <summary>Expected return type of an execution.</summary>
public enum ReturnType
{
    SUCCESS,
    FAILURE,
    ANY,
}

/// <summary>Sharing mode of the cache volume.</summary>
public enum CacheSharingMode
{
    SHARED,
    PRIVATE,
    LOCKED,
}
