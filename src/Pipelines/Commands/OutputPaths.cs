namespace Pipelines.Commands;

/// <summary>
/// Report, summary and JUnit files: checked before a run starts, written after it, a failed write
/// never ignored. A file is written whole or not at all (a temporary file in the same directory,
/// then a rename over the destination), and never through a symbolic link: a link planted at
/// the destination would otherwise have the run overwrite whatever it points to.
/// </summary>
internal static class OutputPaths
{
    public static void Check(CommandContext context, string? path, string flag)
    {
        if (path is null)
        {
            return;
        }

        var fullPath = context.ResolvePath(path);
        var directory = Path.GetDirectoryName(fullPath);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new UsageException($"{flag}: directory '{directory}' does not exist");
        }

        if (IsSymbolicLink(fullPath))
        {
            throw new UsageException($"{flag}: '{fullPath}' is a symbolic link; refusing to write through it");
        }
    }

    /// <summary>Writes every output whose path is set; false when any write failed (each failure is reported).</summary>
    public static async Task<bool> WriteAllAsync(CommandContext context, IEnumerable<(string? Path, Func<string, Task> Write)> outputs)
    {
        var ok = true;
        foreach (var (path, write) in outputs)
        {
            if (path is null)
            {
                continue;
            }

            if (await TryWriteAsync(context, path, write).ConfigureAwait(false) is { } cause)
            {
                await context.Console.Error.WriteLineAsync($"error: could not write {path}: {cause}").ConfigureAwait(false);
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>Writes one output; null when it was written, else why not, in words a person can act on.</summary>
    public static async Task<string?> TryWriteAsync(CommandContext context, string path, Func<string, Task> write)
    {
        var fullPath = context.ResolvePath(path);
        try
        {
            await write(fullPath).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Cause(fullPath, e);
        }
    }

    // .NET reports a directory at the path as "access denied"; say what is actually wrong.
    private static string Cause(string path, Exception e) => e switch
    {
        _ when Directory.Exists(path) => "the path is a directory, not a file",
        DirectoryNotFoundException => $"directory '{Path.GetDirectoryName(path)}' does not exist",
        _ => e.Message,
    };

    /// <summary>
    /// Writes <paramref name="text"/> to a new temporary file beside <paramref name="path"/> and
    /// renames it over the destination. rename(2) replaces a directory entry and never follows a
    /// link, so a link planted after <see cref="Check"/> is refused here and its target untouched.
    /// </summary>
    public static async Task WriteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        if (IsSymbolicLink(path))
        {
            throw new IOException($"'{path}' is a symbolic link; refusing to write through it");
        }

        var directory = Path.GetDirectoryName(path) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // CreateNew is O_CREAT|O_EXCL: it never opens an existing file or follows a link.
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                var writer = new StreamWriter(stream);
                await using (writer.ConfigureAwait(false))
                {
                    await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool IsSymbolicLink(string path) =>
        new FileInfo(path) is { LinkTarget: not null } || new DirectoryInfo(path) is { LinkTarget: not null };
}
