namespace Pipelines.Commands;

/// <summary>Report and summary files: checked before a run starts, written after it, a failed write never ignored.</summary>
internal static class OutputPaths
{
    public static void Check(CommandContext context, string? path, string flag)
    {
        if (path is null)
        {
            return;
        }

        var directory = Path.GetDirectoryName(context.ResolvePath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new UsageException($"{flag}: directory '{directory}' does not exist");
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

            try
            {
                await write(context.ResolvePath(path)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                await context.Console.Error.WriteLineAsync($"error: could not write {path}: {e.Message}").ConfigureAwait(false);
                ok = false;
            }
        }

        return ok;
    }
}
