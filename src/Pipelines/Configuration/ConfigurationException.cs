namespace Pipelines.Configuration;

/// <summary>
/// A configuration or usage error: one line naming the key (and line, when known). The CLI
/// turns it into exit code 2 before anything is contacted.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message, string? key = null, int? line = null, Exception? inner = null)
        : base(Format(message, key, line), inner)
    {
        Key = key;
        Line = line;
    }

    public string? Key { get; }

    public int? Line { get; }

    private static string Format(string message, string? key, int? line) =>
        (key, line) switch
        {
            (null, null) => message,
            (not null, null) => $"{key}: {message}",
            (null, not null) => $"line {line}: {message}",
            _ => $"{key} (line {line}): {message}",
        };
}
