namespace Pipelines.Containers;

/// <summary>Where a directory copied into a container comes from.</summary>
public abstract record DirectoryRef;

/// <summary>A directory argument of the module function (for example the project's source).</summary>
public sealed record InputDirectory(string Input) : DirectoryRef;

/// <summary>A directory inside another container of the same plan, after its steps ran.</summary>
public sealed record ContainerDirectory(string Container, string Path) : DirectoryRef;

/// <summary>Where a file copied into a container comes from.</summary>
public abstract record FileRef;

/// <summary>
/// A file downloaded over HTTPS by the engine (<c>Query.Http</c>). With <paramref name="Sha256"/>
/// the engine refuses content with another digest.
/// </summary>
public sealed record DownloadedFile(string Url, string Name, string? Sha256 = null) : FileRef;

/// <summary>A file inside another container of the same plan, after its steps ran.</summary>
public sealed record ContainerFile(string Container, string Path) : FileRef;
