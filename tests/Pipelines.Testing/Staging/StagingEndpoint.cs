using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Pipelines.Testing.Staging;

/// <summary>A request a <see cref="StagingServer"/> endpoint received.</summary>
public sealed record StagingRequest(int Number, string Method, string PathAndQuery, ImmutableDictionary<string, string> Headers);

/// <summary>One path of a <see cref="StagingServer"/>: a script from request number to answer, and a record of requests.</summary>
public sealed class StagingEndpoint
{
    private readonly ConcurrentQueue<StagingRequest> _received = new();
    private Func<int, StagingResponse> _script;
    private int _requests;

    internal StagingEndpoint(StagingResponse initial)
    {
        _script = _ => initial;
    }

    /// <summary>How many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<StagingRequest> Received => [.. _received];

    /// <summary>Answer every request the same way.</summary>
    public void Respond(StagingResponse response) => Volatile.Write(ref _script, _ => response);

    /// <summary>Answer request n (1-based, counted from now on) with the n-th response; the last one repeats.</summary>
    public void RespondInOrder(params StagingResponse[] responses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(responses.Length);
        var offset = Requests;
        Volatile.Write(ref _script, n => responses[Math.Min(n - offset, responses.Length) - 1]);
    }

    /// <summary>Answer by the request number (1-based, counted since the server started).</summary>
    public void Respond(Func<int, StagingResponse> script) => Volatile.Write(ref _script, script);

    internal StagingResponse Next(string method, string pathAndQuery, ImmutableDictionary<string, string> headers)
    {
        var number = Interlocked.Increment(ref _requests);
        _received.Enqueue(new StagingRequest(number, method, pathAndQuery, headers));
        return Volatile.Read(ref _script)(number);
    }
}
