namespace Pipelines.Security;

/// <summary>
/// Replaces every known secret value in a piece of text by <c>***</c>. Used on everything that
/// leaves the process as text: check output, error messages, reports and summaries.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "***";

    // Longest first, so that a secret containing another is masked whole.
    private readonly string[] _values;

    public SecretRedactor(IEnumerable<Secret> secrets)
    {
        _values = secrets
            .Where(s => s.Reveal().Length >= MinimumLength)
            .Select(s => s.Reveal())
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)
            .ToArray();
    }

    /// <summary>Values this short would mask ordinary words ("a", "1"); GitHub masks the same way.</summary>
    public const int MinimumLength = 4;

    public static SecretRedactor None { get; } = new([]);

    public IReadOnlyCollection<string> Values => _values;

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || _values.Length == 0)
        {
            return text ?? string.Empty;
        }

        foreach (var value in _values)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
