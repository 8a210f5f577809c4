using System.Text;

namespace Pipelines.Configuration;

/// <summary>
/// Expands <c>${NAME}</c> from the environment. <c>$${</c> is an escape for a literal <c>${</c>;
/// any other <c>$</c> is literal. Expansion is a single pass: a value that itself contains
/// <c>${...}</c> is not expanded again. A variable that is unset or empty is an error, so that a
/// secret missing from the runner is caught before anything runs. Messages name variables, never
/// their values.
/// </summary>
internal static class EnvironmentExpander
{
    public static string Expand(
        string raw,
        IReadOnlyDictionary<string, string> environment,
        string key,
        int line,
        ICollection<string> usedVariables)
    {
        if (!raw.Contains('$', StringComparison.Ordinal))
        {
            return raw;
        }

        var result = new StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != '$')
            {
                result.Append(raw[i++]);
                continue;
            }

            if (StartsAt(raw, i, "$${"))
            {
                result.Append("${");
                i += 3;
                continue;
            }

            if (!StartsAt(raw, i, "${"))
            {
                result.Append(raw[i++]);
                continue;
            }

            var close = raw.IndexOf('}', i + 2);
            if (close < 0)
            {
                throw new ConfigurationException("'${' is not closed by '}' (write $${ for a literal ${)", key, line);
            }

            var name = raw[(i + 2)..close];
            if (!NameRules.IsEnvironmentVariableName(name))
            {
                throw new ConfigurationException(
                    $"{DisplayText.Quote($"${{{name}}}")} is not a variable reference; names are letters, digits and _ and do not start with a digit (write $${{ for a literal ${{)",
                    key,
                    line);
            }

            if (!environment.TryGetValue(name, out var value))
            {
                throw new ConfigurationException($"environment variable {name} is not set", key, line);
            }

            if (value.Length == 0)
            {
                throw new ConfigurationException($"environment variable {name} is empty", key, line);
            }

            usedVariables.Add(name);
            result.Append(value);
            i = close + 1;
        }

        return result.ToString();
    }

    private static bool StartsAt(string text, int index, string prefix) =>
        text.AsSpan(index).StartsWith(prefix, StringComparison.Ordinal);
}
