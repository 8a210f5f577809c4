namespace Pipelines.Git;

/// <summary>
/// A git command that failed. The message holds the command line (never its environment, where
/// credentials travel) and the last lines git printed, already redacted.
/// </summary>
public sealed class GitException : Exception
{
    private const int LinesInMessage = 5;

    public GitException(string command, string problem, IReadOnlyList<string> errorOutput)
        : base(Format(command, problem, errorOutput))
    {
        Command = command;
        Problem = problem;
        ErrorOutput = errorOutput;
    }

    public string Command { get; }

    /// <summary>What went wrong: an exit code, a timeout, a start failure.</summary>
    public string Problem { get; }

    public IReadOnlyList<string> ErrorOutput { get; }

    private static string Format(string command, string problem, IReadOnlyList<string> errorOutput)
    {
        var lines = errorOutput.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(LinesInMessage).ToArray();
        return lines.Length == 0
            ? $"{command} failed: {problem}"
            : $"{command} failed: {problem}: {string.Join(" | ", lines)}";
    }
}
