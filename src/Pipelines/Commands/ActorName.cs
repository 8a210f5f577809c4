using System.Text.RegularExpressions;

namespace Pipelines.Commands;

/// <summary>
/// The actor comes from a dispatch input (untrusted) and is written into the audit entry, the
/// report and the step summary, so it is checked at the edge: a GitHub login (letters, digits,
/// '-'; '_' for Enterprise Managed Users' "name_shortcode"), optionally a bot's "[bot]" suffix.
/// Anything else (line breaks, HTML, Markdown, spaces) is a usage error, not something to escape later.
/// </summary>
public static partial class ActorName
{
    public const int MaxLength = 64;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*(\[bot\])?\z")]
    private static partial Regex Login();

    /// <returns><paramref name="actor"/> unchanged (null stays null).</returns>
    /// <exception cref="UsageException">Not a login; the message does not repeat the value.</exception>
    public static string? Validate(string? actor) =>
        actor is null || (actor.Length <= MaxLength && Login().IsMatch(actor))
            ? actor
            : throw new UsageException(
                $"--actor (or PIPELINES_ACTOR, GITHUB_ACTOR): not a GitHub login; use letters, digits, '-' or '_' (up to {MaxLength} characters, optionally ending in [bot])");
}
