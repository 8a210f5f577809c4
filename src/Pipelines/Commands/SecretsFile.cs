using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipelines.Commands;

/// <summary>
/// Reads a dotenv file of secrets (<c>--secrets-file</c>): the way the Dagger module hands over
/// push tokens and check credentials as one mounted Secret. Every value is treated as a secret;
/// an error names the line, never its content.
/// </summary>
public static partial class SecretsFile
{
    public const int MaxBytes = 1024 * 1024;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z")]
    private static partial Regex NamePattern();

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text)
    {
        var values = new List<KeyValuePair<string, string>>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=');
            var name = equals > 0 ? line[..equals].Trim() : string.Empty;
            if (!NamePattern().IsMatch(name))
            {
                throw new UsageException($"--secrets-file: line {i + 1} is not NAME=VALUE");
            }

            values.Add(new(name, Unquote(line[(equals + 1)..].Trim(), i + 1)));
        }

        return values;
    }

    public static CommandContext Apply(CommandContext context, string path)
    {
        var fullPath = context.ResolvePath(path);
        if (!File.Exists(fullPath))
        {
            throw new UsageException($"--secrets-file: '{fullPath}' does not exist");
        }

        var values = Parse(ReadBounded(fullPath));
        foreach (var (name, value) in values.Where(v => v.Value.Length > 0))
        {
            SecretValues.Maskable(new Pipelines.Security.Secret(name, value));
        }

        var environment = context.Environment.ToImmutableDictionary(StringComparer.Ordinal).SetItems(values);
        return context with
        {
            Environment = environment,
            SecretNames = context.SecretNames.Union(values.Select(v => v.Key)),
        };
    }

    /// <summary>
    /// Reads at most <see cref="MaxBytes"/> (and one more, to tell a larger file): the read itself
    /// is bounded, not a length reported beforehand, which a device (<c>/dev/zero</c>), a pipe or a
    /// growing file does not give truthfully.
    /// </summary>
    private static string ReadBounded(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var buffer = new byte[MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > MaxBytes)
            {
                throw new UsageException($"--secrets-file: '{path}' is larger than 1 MiB");
            }

            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer, 0, length).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new UsageException($"--secrets-file: '{path}' could not be read as UTF-8 text ({e.GetType().Name})");
        }
    }

    private static string Unquote(string value, int line)
    {
        if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
        {
            return value[1..^1];
        }

        if (value.Length > 0 && value[0] is '"' or '\'')
        {
            throw new UsageException($"--secrets-file: line {line} has an unterminated quote");
        }

        return value;
    }
}
