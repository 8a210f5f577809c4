namespace Pipelines.Containers;

/// <summary>Where a directory copied into a container comes from.</summary>
internal abstract record DirectoryRef;

/// <summary>A directory argument of the module function (for example the project's source).</summary>
internal sealed record InputDirectory(string Input) : DirectoryRef;

/// <summary>A directory inside another container of the same plan, after its steps ran.</summary>
internal sealed record ContainerDirectory(string Container, string Path) : DirectoryRef;

/// <summary>Where a file copied into a container comes from.</summary>
internal abstract record FileRef;

/// <summary>A file inside another container of the same plan, after its steps ran.</summary>
internal sealed record ContainerFile(string Container, string Path) : FileRef;
