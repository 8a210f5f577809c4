namespace Pipelines.Configuration;

/// <summary>
/// One string value from the file after <c>${NAME}</c> expansion, with where it came from so that
/// any rule it breaks can name the key and line.
/// </summary>
/// <param name="Text">The value to use.</param>
/// <param name="Raw">The text as written in the file, before expansion.</param>
/// <param name="Expanded">Whether any variable was expanded into <see cref="Text"/>.</param>
internal sealed record ConfigValue(string Text, string Raw, bool Expanded, string Key, int? Line)
{
    /// <summary>
    /// The value as errors may show it: what the file says, never what a variable held, because a
    /// variable may hold a secret.
    /// </summary>
    public string Display => Expanded
        ? $"{DisplayText.Quote(Raw)} (after expansion)"
        : DisplayText.Quote(Text);

    /// <summary>The value, unquoted, for lists in messages; the file's text when a variable was expanded.</summary>
    public string Shown => DisplayText.Clean(Expanded ? Raw : Text);

    public ConfigurationException Error(string message) => new(message, Key, Line);
}
