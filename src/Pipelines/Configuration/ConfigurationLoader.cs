using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Configuration;

/// <summary>
/// Loads and validates <c>pipelines.yaml</c>. Every problem is a <see cref="ConfigurationException"/>
/// with a one-line message naming the key path (<c>promote.repos[1].health</c>) and line; nothing
/// else escapes, whatever the input. Messages name environment variables, never their values.
/// </summary>
/// <remarks>
/// <para>Input rules: at most <see cref="ConfigurationLimits.MaxBytes"/> bytes of UTF-8, one
/// document, nesting at most <see cref="ConfigurationLimits.MaxDepth"/> deep, no aliases
/// (<c>*name</c>), no duplicate keys, no unknown keys, spaces (not tabs) for indentation.</para>
/// <para><c>${NAME}</c> expands from <c>environment</c> in every value except a check's
/// <c>run</c>; <c>$${</c> is a literal <c>${</c>. An unset or empty variable is an error, and so is
/// a reference to any variable the configuration names as a token.</para>
/// <para>Relative paths (local repos, the local tracker, local registry and tracker repos, a local
/// clone-url, a check's workdir, a wfctl path) are made absolute against the configuration file's
/// directory, so the rest of the program never depends on the working directory.</para>
/// </remarks>
public static class ConfigurationLoader
{
    public const string DefaultPath = "pipelines.yaml";

    private static readonly string[] RootKeys = ["github", "promote", "live-deploy"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static PipelinesConfig LoadFile(string path, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(environment);
        return ParseUtf8(ReadCapped(path), path, environment);
    }

    public static PipelinesConfig Parse(string yaml, string sourcePath, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentNullException.ThrowIfNull(environment);
        if (yaml.Length > ConfigurationLimits.MaxBytes || Encoding.UTF8.GetByteCount(yaml) > ConfigurationLimits.MaxBytes)
        {
            throw TooLarge();
        }

        var fullPath = Path.GetFullPath(sourcePath);
        var context = new ReadContext(environment, Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory());
        return Build(YamlLoader.LoadRoot(yaml), fullPath, context);
    }

    /// <summary>The file's bytes as read from disk, for callers that have them (and the fuzz tests).</summary>
    internal static PipelinesConfig ParseUtf8(ReadOnlySpan<byte> bytes, string sourcePath, IReadOnlyDictionary<string, string> environment)
    {
        if (bytes.Length > ConfigurationLimits.MaxBytes)
        {
            throw TooLarge();
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new ConfigurationException("the file is not UTF-8 text", inner: exception);
        }

        return Parse(text.StartsWith('\uFEFF') ? text[1..] : text, sourcePath, environment);
    }

    private static byte[] ReadCapped(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // Read one byte past the cap, so a file that grows while it is read is still refused.
            var buffer = new byte[ConfigurationLimits.MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            return length > ConfigurationLimits.MaxBytes ? throw TooLarge() : buffer[..length];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = exception switch
            {
                FileNotFoundException or DirectoryNotFoundException => "not found",
                UnauthorizedAccessException => "permission denied, or it is a directory",
                _ => "it could not be read",
            };
            throw new ConfigurationException($"cannot read configuration file {DisplayText.Quote(path, DisplayText.MaxPathLength)}: {reason}", inner: exception);
        }
    }

    private static PipelinesConfig Build(YamlNode? rootNode, string sourcePath, ReadContext context)
    {
        if (rootNode is null || Nodes.IsNull(rootNode))
        {
            throw new ConfigurationException("the configuration is empty; it needs a promote or live-deploy section");
        }

        if (rootNode is not YamlMappingNode)
        {
            throw new ConfigurationException(
                $"the top level must be a mapping with keys {string.Join(", ", RootKeys)}, found {Nodes.Describe(rootNode)}",
                line: Nodes.Line(rootNode));
        }

        var root = MappingReader.Read(rootNode, string.Empty, context, RootKeys);
        var github = GitHubSectionReader.Read(GitHubSectionReader.Section(root), context);
        var promoteSection = root.Mapping("promote", PromoteSectionReader.Keys);
        var liveDeploySection = root.Mapping("live-deploy", LiveDeploySectionReader.Keys);
        if (promoteSection is null && liveDeploySection is null)
        {
            throw new ConfigurationException("nothing to run: add a promote or live-deploy section", line: root.Line);
        }

        var promote = promoteSection is null ? null : PromoteSectionReader.Read(promoteSection, github, context);
        var liveDeploy = liveDeploySection is null ? null : LiveDeploySectionReader.Read(liveDeploySection, context);
        TokenReferenceRule.Validate(github, promote, liveDeploy, context);
        return new PipelinesConfig(github, promote, liveDeploy, sourcePath);
    }

    private static ConfigurationException TooLarge() =>
        new($"the file is larger than {ConfigurationLimits.MaxBytes / 1024 / 1024} MiB; that is not a configuration");
}
