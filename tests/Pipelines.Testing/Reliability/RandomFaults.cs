using System.Collections.Concurrent;
using System.Text;
using Pipelines.Testing.GitHub;

namespace Pipelines.Testing.Reliability;

/// <summary>
/// Faults a fixed share of the emulator's requests with a standard fault chosen at random. The
/// choice for a request depends only on the seed, the round, and the request itself (method,
/// path, query and how often that request was already seen in the round), never on the order in
/// which concurrent requests arrive: the same seed faults the same calls every time.
/// </summary>
public sealed class RandomFaults
{
    private readonly int _seed;
    private readonly double _rate;
    private readonly ConcurrentDictionary<long, string?> _decisions = new();
    private readonly ConcurrentDictionary<string, int> _seen = new();
    private readonly ConcurrentDictionary<string, int> _injected = new();
    private int _round;
    private int _drawn;

    private RandomFaults(int seed, double rate)
    {
        _seed = seed;
        _rate = rate;
    }

    /// <summary>How many requests were drawn for.</summary>
    public int Drawn => Volatile.Read(ref _drawn);

    /// <summary>How many of each fault were injected so far.</summary>
    public IReadOnlyDictionary<string, int> Injected => _injected;

    /// <summary>Installs one fault per standard fault name on every route; each applies only when the draw names it.</summary>
    /// <param name="hangFor">The longest a hung request is held (longer than the client's timeout).</param>
    public static RandomFaults Install(GitHubEmulator github, int seed, double rate, TimeSpan hangFor)
    {
        ArgumentNullException.ThrowIfNull(github);
        var faults = new RandomFaults(seed, rate);
        foreach (var name in StandardFaults.Names)
        {
            var call = new GitHubCall("any", "*", "/**", false);
            github.Faults.Add(StandardFaults.For(call, name, hangFor).When(request => faults.Draw(request) == name));
        }

        return faults;
    }

    /// <summary>Starts a new round (one promotion): occurrence counts restart.</summary>
    public void NextRound()
    {
        Interlocked.Increment(ref _round);
        _seen.Clear();
        _decisions.Clear();
    }

    private string? Draw(RecordedRequest request) =>
        _decisions.GetOrAdd(request.Sequence, _ =>
        {
            Interlocked.Increment(ref _drawn);
            var key = $"{request.Method} {request.Path}?{request.Query}";
            var occurrence = _seen.AddOrUpdate(key, 1, (_, n) => n + 1);
            var hash = Fnv1a($"{_seed}|{Volatile.Read(ref _round)}|{key}|{occurrence}");
            if (hash % 1_000_000 >= (ulong)(_rate * 1_000_000))
            {
                return null;
            }

            var name = StandardFaults.Names[(int)(hash / 1_000_000 % (ulong)StandardFaults.Names.Count)];
            _injected.AddOrUpdate(name, 1, (_, n) => n + 1);
            return name;
        });

    // A stable hash (string.GetHashCode is randomised per process).
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
