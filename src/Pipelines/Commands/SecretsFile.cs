using System.Collections.Immutable;
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

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
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
        var info = new FileInfo(fullPath);
        if (!info.Exists)
        {
            throw new UsageException($"--secrets-file: '{fullPath}' does not exist");
        }

        if (info.Length > MaxBytes)
        {
            throw new UsageException($"--secrets-file: '{fullPath}' is larger than 1 MiB");
        }

        var values = Parse(File.ReadAllText(fullPath));
        var environment = context.Environment.ToImmutableDictionary(StringComparer.Ordinal).SetItems(values);
        return context with
        {
            Environment = environment,
            SecretNames = context.SecretNames.Union(values.Select(v => v.Key)),
        };
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
