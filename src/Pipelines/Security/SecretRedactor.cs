namespace Pipelines.Security;

/// <summary>
/// Replaces every known secret value in a piece of text by <c>***</c>. Used on everything that
/// leaves the process as text: check output, error messages, reports and summaries. Each secret
/// is known in all its <see cref="SecretForms"/>: a multi-line value line by line (output is
/// redacted a line at a time), and its base64 and JSON-escaped encodings.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "***";

    // Longest first, so that a secret containing another is masked whole.
    private readonly string[] _values;

    public SecretRedactor(IEnumerable<Secret> secrets)
        : this(secrets.SelectMany(s => SecretForms.Of(s.Reveal())))
    {
    }

    private SecretRedactor(IEnumerable<string> values)
    {
        _values = values
            .Where(v => v.Length >= MinimumLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)
            .ToArray();
    }

    /// <summary>Values this short would mask ordinary words ("a", "1"); GitHub masks the same way.</summary>
    public const int MinimumLength = 4;

    public static SecretRedactor None { get; } = new(Array.Empty<Secret>());

    /// <summary>Every string masked: each secret's value and its other forms.</summary>
    public IReadOnlyCollection<string> Values => _values;

    /// <summary>This redactor's values and those of <paramref name="more"/>.</summary>
    public SecretRedactor Including(IEnumerable<Secret> more) =>
        new(_values.Concat(more.SelectMany(s => SecretForms.Of(s.Reveal()))));

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
