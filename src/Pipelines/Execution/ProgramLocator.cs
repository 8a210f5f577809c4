namespace Pipelines.Execution;

/// <summary>
/// Finds a program named without a directory on the PATH the command gives its child. .NET would
/// search this process's PATH instead; since a command's environment is meant to be complete,
/// the program comes from the same PATH the child will see.
/// </summary>
internal static class ProgramLocator
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// The path to start: <paramref name="fileName"/> itself when it names a directory or the
    /// environment has no PATH, the first executable match on PATH otherwise, or null when PATH
    /// has none. Empty PATH entries (meaning the working directory) are skipped on purpose.
    /// </summary>
    public static string? Resolve(string fileName, IReadOnlyDictionary<string, string> environment)
    {
        if (fileName.Contains('/') || !environment.TryGetValue("PATH", out var path))
        {
            return fileName;
        }

        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, fileName);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            return File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
