using Pipelines.Configuration;

namespace Pipelines.Tests.Configuration;

/// <summary>Shared inputs and assertions for the configuration tests.</summary>
internal static class ConfigurationTestKit
{
    /// <summary>Parse tests never touch this directory; it only anchors relative paths.</summary>
    public const string ConfigDirectory = "/srv/pipelines";

    public const string SourcePath = ConfigDirectory + "/pipelines.yaml";

    public static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    /// <summary>The smallest valid promote configuration.</summary>
    public const string MinimalPromote = """
        promote:
          repos:
            - repo: WXYC/Backend-Service
              health: https://bs.staging.example/healthcheck
              version: https://bs.staging.example/version
        """;

    /// <summary>The smallest valid live-deploy configuration.</summary>
    public const string MinimalLiveDeploy = """
        live-deploy:
          plugins: [aws]
          clone-url: https://github.com/GoCodeAlone/workflow-plugin-{plugin}.git
          registry:
            repo: GoCodeAlone/workflow-registry
          tracker-repo: GoCodeAlone/workflow-plugin-{plugin}
        """;

    public static PipelinesConfig Load(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        ConfigurationLoader.Parse(yaml, SourcePath, environment ?? NoEnvironment);

    public static PromoteSettings LoadPromote(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        Load(yaml, environment).Promote ?? throw new InvalidOperationException("no promote section");

    public static LiveDeploySettings LoadLiveDeploy(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        Load(yaml, environment).LiveDeploy ?? throw new InvalidOperationException("no live-deploy section");

    /// <summary>Loads <paramref name="yaml"/> expecting an error on <paramref name="key"/> that mentions <paramref name="fragment"/>.</summary>
    public static ConfigurationException AssertError(
        string yaml,
        string? key,
        string fragment,
        int? line = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(yaml, environment));
        Assert.Equal(key, error.Key);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        if (line is not null)
        {
            Assert.Equal(line, error.Line);
        }

        AssertOneLine(error);
        return error;
    }

    public static void AssertOneLine(ConfigurationException error)
    {
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
    }

    public static Dictionary<string, string> Env(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    /// <summary>Replaces the first occurrence of <paramref name="find"/>, failing if it is absent so a test cannot silently test the unmodified text.</summary>
    public static string With(this string yaml, string find, string replacement)
    {
        var index = yaml.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{find}' is not in the YAML");
        return string.Concat(yaml.AsSpan(0, index), replacement, yaml.AsSpan(index + find.Length));
    }
}
