using System.Text;

namespace Pipelines.Execution;

/// <summary>
/// Turns a stream of characters into lines (LF or CRLF), cutting lines longer than the limit so
/// that a process printing without newlines cannot grow memory without bound.
/// </summary>
internal sealed class LineAssembler
{
    private readonly int _maxLength;
    private readonly Action<string, bool> _emit;
    private readonly StringBuilder _line = new();
    private bool _truncated;

    /// <param name="emit">Called with each line and whether it was cut.</param>
    public LineAssembler(int maxLength, Action<string, bool> emit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        _maxLength = maxLength;
        _emit = emit;
    }

    public void Append(ReadOnlySpan<char> chars)
    {
        while (!chars.IsEmpty)
        {
            var newline = chars.IndexOf('\n');
            var segment = newline < 0 ? chars : chars[..newline];
            Keep(segment);
            if (newline < 0)
            {
                return;
            }

            EmitLine();
            chars = chars[(newline + 1)..];
        }
    }

    /// <summary>Emits a last line that had no newline.</summary>
    public void Complete()
    {
        if (_line.Length > 0 || _truncated)
        {
            EmitLine();
        }
    }

    private void Keep(ReadOnlySpan<char> segment)
    {
        // One character beyond the limit is kept: it is either the CR of a CRLF ending a line
        // that is exactly full, or the proof that the line was too long.
        var room = _maxLength + 1 - _line.Length;
        if (segment.Length > room)
        {
            segment = segment[..Math.Max(room, 0)];
            _truncated = true;
        }

        _line.Append(segment);
    }

    private void EmitLine()
    {
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        if (_line.Length > _maxLength)
        {
            _line.Length = _maxLength;
            _truncated = true;
        }

        _emit(_line.ToString(), _truncated);
        _line.Clear();
        _truncated = false;
    }
}
