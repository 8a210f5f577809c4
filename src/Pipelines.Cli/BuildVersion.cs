using System.Reflection;

namespace Pipelines.Cli;

/// <summary>
/// The version and commit the CLI was built from, read from the informational version the SDK
/// writes: <c>VersionPrefix</c> from Directory.Build.props, then <c>+</c> and the commit when the
/// build could read one from git (SourceRevisionId). A build without git has no commit.
/// </summary>
internal sealed record BuildVersion(string Version, string? Commit)
{
    public static BuildVersion Parse(string informationalVersion)
    {
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new BuildVersion(informationalVersion, null)
            : new BuildVersion(informationalVersion[..plus], informationalVersion[(plus + 1)..] is { Length: > 0 } commit ? commit : null);
    }

    public static BuildVersion Of(Assembly assembly) =>
        Parse(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0");

    /// <summary>What <c>pipelines --version</c> prints: <c>pipelines 0.1.0 (commit 0123abc…)</c>.</summary>
    public override string ToString() => $"pipelines {Version} ({(Commit is null ? "commit unknown" : $"commit {Commit}")})";
}
