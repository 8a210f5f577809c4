namespace Pipelines.LiveDeploy.Policy;

/// <summary>The <c>status</c> a registry manifest gives a plugin.</summary>
public enum PluginStatus
{
    /// <summary>The manifest is missing, or its status is none of the words below.</summary>
    Unknown,
    Experimental,
    Verified,
    Deprecated,
}

public static class PluginStatusText
{
    public static string Word(this PluginStatus status) => status switch
    {
        PluginStatus.Experimental => "experimental",
        PluginStatus.Verified => "verified",
        PluginStatus.Deprecated => "deprecated",
        _ => "unknown",
    };

    public static PluginStatus Parse(string? word) => word switch
    {
        "experimental" => PluginStatus.Experimental,
        "verified" => PluginStatus.Verified,
        "deprecated" => PluginStatus.Deprecated,
        _ => PluginStatus.Unknown,
    };
}
