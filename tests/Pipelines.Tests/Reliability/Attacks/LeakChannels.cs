using System.Text.RegularExpressions;

namespace Pipelines.Tests.Reliability.Attacks;

/// <summary>
/// Every place a run's text ends up, by name, so an attack test can assert a secret (or an
/// injected element) is in none of them. <c>::add-mask::</c> lines are left out of stdout: they
/// are how a value is handed to the Actions runner to mask, and must carry it.
/// </summary>
internal sealed partial class LeakChannels
{
    private readonly List<(string Where, string Text)> _texts = [];

    public LeakChannels Add(string where, string? text)
    {
        if (text is not null)
        {
            _texts.Add((where, where == "stdout" ? MaskCommand().Replace(text, string.Empty) : text));
        }

        return this;
    }

    public LeakChannels AddFile(string where, string path) => Add(where, File.Exists(path) ? File.ReadAllText(path) : null);

    public IReadOnlyList<string> Names => [.. _texts.Select(t => t.Where)];

    /// <summary>Fails naming the channel (never printing the value) when any holds <paramref name="value"/>.</summary>
    public void AssertNowhere(string value, string label)
    {
        foreach (var (where, text) in _texts)
        {
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"{label} appears in {where}");
        }
    }

    [GeneratedRegex(@"^::add-mask::.*$", RegexOptions.Multiline)]
    private static partial Regex MaskCommand();
}
