using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Configuration;

/// <summary>
/// Text to YamlDotNet's representation model, through <see cref="GuardedParser"/>, with
/// YamlDotNet's own errors turned into one-line configuration errors.
/// </summary>
internal static partial class YamlLoader
{
    /// <returns>The root node of the only document, or null for an empty file.</returns>
    public static YamlNode? LoadRoot(string yaml)
    {
        var stream = new YamlStream();
        var parser = new GuardedParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException exception)
        {
            throw Describe(exception, yaml);
        }
        catch (Exception exception) when (exception is not (ConfigurationException or OutOfMemoryException))
        {
            // YamlDotNet's scanner throws other exceptions on some malformed input (found by the
            // fuzz tests: InvalidOperationException from ScanPlainScalar; see also
            // aaubry/YamlDotNet#541). Only library code runs in this block, so whatever it throws
            // is a syntax error it failed to describe.
            var line = parser.LastLine;
            throw new ConfigurationException(
                line > 0 ? $"not valid YAML after line {line}" : "not valid YAML",
                line: null,
                inner: exception);
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static ConfigurationException Describe(YamlException exception, string yaml)
    {
        var line = Nodes.Line(exception.Start);

        // YamlDotNet prefixes its messages with the marks ("(Line: 3, Col: 5, Idx: 20) - (...): "),
        // which the configuration error already carries as its line.
        var message = MarkPrefix().Replace(exception.Message, string.Empty);

        // YamlDotNet often places a tab error on the line before the tab; point at the tab.
        var tabLine = new[] { line, line + 1 }.FirstOrDefault(l => LineAt(yaml, l) is { } text && LeadingWhitespace().Match(text).Value.Contains('\t', StringComparison.Ordinal));
        if (tabLine > 0 && (tabLine == line || message.Contains("tab", StringComparison.OrdinalIgnoreCase)))
        {
            return new ConfigurationException("tabs are not allowed for indentation in YAML; use spaces", line: tabLine, inner: exception);
        }

        // In { } and [ ], YAML ends a plain value at '{', so an unquoted ${NAME} there is a syntax
        // error in every YAML parser; say how to write it.
        var hint = message.Contains("flow", StringComparison.OrdinalIgnoreCase)
            && (LineAt(yaml, line)?.Contains("${", StringComparison.Ordinal) ?? false)
                ? "; inside { } or [ ], put values containing ${NAME} in quotes, e.g. { role-arn: \"${ROLE_ARN}\" }"
                : string.Empty;
        return new ConfigurationException(
            $"not valid YAML: {DisplayText.Clean(message.Length > 0 ? message : "syntax error", maxLength: 200)}{hint}",
            line: line > 0 ? line : null,
            inner: exception);
    }

    private static string? LineAt(string text, int line)
    {
        if (line < 1)
        {
            return null;
        }

        var start = 0;
        for (var current = 1; current < line; current++)
        {
            start = text.IndexOf('\n', start);
            if (start < 0)
            {
                return null;
            }

            start++;
        }

        var end = text.IndexOf('\n', start);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"^[ \t]*")]
    private static partial Regex LeadingWhitespace();
}
