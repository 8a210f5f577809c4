using Pipelines.Security;

namespace Pipelines.Execution;

/// <summary>
/// Where both output streams of one process meet: redacts each line, keeps the last lines in
/// arrival order, and hands lines to the caller one at a time. A caller callback that throws
/// is remembered (and <see cref="Failed"/> fires) so the runner can stop the process.
/// </summary>
internal sealed class OutputCollector : IDisposable
{
    internal const string TruncationMarker = " [line truncated]";

    private readonly Lock _gate = new();
    private readonly Queue<string> _tail;
    private readonly int _tailLines;
    private readonly SecretRedactor _redactor;
    private readonly Action<OutputLine>? _onOutput;
    private readonly CancellationTokenSource _failed = new();
    private Exception? _callbackFailure;
    private bool _closed;

    public OutputCollector(int tailLines, SecretRedactor redactor, Action<OutputLine>? onOutput)
    {
        _tailLines = tailLines;
        _tail = new Queue<string>(Math.Min(tailLines, 1024));
        _redactor = redactor;
        _onOutput = onOutput;
    }

    /// <summary>Fires when the caller's callback threw.</summary>
    public CancellationToken Failed => _failed.Token;

    public Exception? CallbackFailure
    {
        get
        {
            lock (_gate)
            {
                return _callbackFailure;
            }
        }
    }

    public void Publish(OutputStream stream, string text, bool truncated)
    {
        var line = truncated ? RedactCut(text) + TruncationMarker : _redactor.Redact(text);
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_tailLines > 0)
            {
                if (_tail.Count == _tailLines)
                {
                    _tail.Dequeue();
                }

                _tail.Enqueue(line);
            }

            if (_onOutput is null || _callbackFailure is not null)
            {
                return;
            }

            try
            {
                _onOutput(new OutputLine(stream, line));
            }
            catch (Exception ex)
            {
                _callbackFailure = ex;
                _failed.Cancel();
            }
        }
    }

    /// <summary>Stops accepting lines (late ones from an abandoned pipe are dropped) and returns the tail.</summary>
    public IReadOnlyList<string> Close()
    {
        lock (_gate)
        {
            _closed = true;
            return [.. _tail];
        }
    }

    public void Dispose() => _failed.Dispose();

    // A cut can fall inside a secret, leaving its first characters at the end of the line where
    // whole-value redaction cannot see them; those are masked too.
    private string RedactCut(string text)
    {
        text = _redactor.Redact(text);
        foreach (var value in _redactor.Values)
        {
            for (var length = Math.Min(value.Length - 1, text.Length); length > 0; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(value.AsSpan(0, length)))
                {
                    return text[..^length] + SecretRedactor.Mask;
                }
            }
        }

        return text;
    }
}
