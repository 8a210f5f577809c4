using System.Text.RegularExpressions;

namespace Pipelines.Containers;

/// <summary>
/// Checks every value that ends up in a command line or a variable name. Values that are free
/// text by nature (justification, actor, trigger) are never checked for shape: they only ever
/// travel as variable values.
/// </summary>
internal static partial class ArgumentRules
{
    // Names whose values are credentials: they belong in the secrets file, never in a plain variable.
    private static readonly string[] SecretLookingParts =
        ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "PRIVATE", "CREDENTIAL", "API_KEY", "ACCESS_KEY"];

    public static string RelativePath(string key, string value)
    {
        if (!RelativePathPattern().IsMatch(value) || value.Split('/').Any(part => part is ".." or ""))
        {
            throw new ContainerPlanException($"{key}: '{value}' must be a relative path inside the source (letters, digits, '.', '_', '-', '/')");
        }

        return value;
    }

    public static string VariableName(string key, string value) =>
        VariableNamePattern().IsMatch(value)
            ? value
            : throw new ContainerPlanException($"{key}: '{value}' is not a valid environment variable name");

    public static string? RunId(string? value) =>
        value is null || RunIdPattern().IsMatch(value)
            ? value
            : throw new ContainerPlanException($"runId: '{value}' must be 1-100 letters, digits, '.', '_' or '-', not starting with '-' or '.'");

    public static string RunNonce(string value) =>
        NoncePattern().IsMatch(value)
            ? value
            : throw new ContainerPlanException("runNonce: a fresh value of 1-64 letters, digits or '-' is required for a function that must not be cached");

    public static string? FreeText(string key, string? value) =>
        value is not null && value.Contains('\0')
            ? throw new ContainerPlanException($"{key}: contains a NUL character")
            : value;

    /// <summary>Parses <c>NAME=VALUE</c> pairs, rejecting reserved and secret-looking names.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment(IReadOnlyList<string> pairs, IReadOnlyCollection<string> reserved)
    {
        var result = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The entry is not echoed: it may be a value the caller should not have put there.
                throw new ContainerPlanException($"env: entry {i + 1} must be NAME=VALUE");
            }

            var name = VariableName("env", pair[..equals]);
            var value = FreeText("env", pair[(equals + 1)..])!;
            if (reserved.Contains(name) || name.StartsWith("PIPELINES_", StringComparison.Ordinal))
            {
                throw new ContainerPlanException($"env: {name} is set by the module itself");
            }

            if (SecretLookingParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ContainerPlanException($"env: {name} looks like a credential; pass it in the secrets file (a Secret), not as a plain variable");
            }

            if (!seen.Add(name))
            {
                throw new ContainerPlanException($"env: {name} is given twice");
            }

            result.Add(new(name, value));
        }

        return result;
    }

    public static string Plugin(string value) =>
        PluginPattern().IsMatch(value)
            ? value
            : throw new ContainerPlanException($"plugin: '{value}' must be lowercase letters, digits and '-'");

    public static string? Depth(string? value) =>
        value is null or "plan" or "apply"
            ? value
            : throw new ContainerPlanException($"depth: '{value}' must be plan or apply");

    public static string WfctlVersion(string value) =>
        WfctlVersionPattern().IsMatch(value)
            ? value
            : throw new ContainerPlanException($"wfctlVersion: '{value}' must be a release tag such as v1.2.3");

    public static string WfctlArch(string value) =>
        value is "amd64" or "arm64"
            ? value
            : throw new ContainerPlanException($"wfctlArch: '{value}' must be amd64 or arm64");

    public static string? Sha256(string? value) =>
        value is null || Sha256Pattern().IsMatch(value)
            ? value?.ToLowerInvariant()
            : throw new ContainerPlanException("wfctlChecksum: must be the SHA-256 as 64 hexadecimal characters");

    public static string? HttpsUrl(string key, string? value) =>
        value is null || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
            ? value
            : throw new ContainerPlanException($"{key}: must be an absolute https URL");

    public static string? World(string? value) =>
        value is null or "promote" or "live-deploy"
            ? value
            : throw new ContainerPlanException($"world: '{value}' must be promote or live-deploy");

    public static string? Scenario(string? value) =>
        value is null || ScenarioPattern().IsMatch(value)
            ? value
            : throw new ContainerPlanException($"scenario: '{value}' must be lowercase letters, digits and '-'");

    [GeneratedRegex(@"^[A-Za-z0-9._][A-Za-z0-9._/-]*$")]
    private static partial Regex RelativePathPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex NoncePattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex PluginPattern();

    [GeneratedRegex(@"^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex WfctlVersionPattern();

    [GeneratedRegex(@"^[0-9A-Fa-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,40}$")]
    private static partial Regex ScenarioPattern();
}
