namespace Pipelines.Testing.GitHub;

/// <summary>The emulator's active faults. The first added fault that matches a request applies.</summary>
public sealed class FaultSet
{
    private readonly object _sync = new();
    private readonly List<InjectedFault> _faults = [];

    public InjectedFault Add(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var injected = new InjectedFault(fault, this);
        lock (_sync)
        {
            _faults.Add(injected);
        }

        return injected;
    }

    public void Clear()
    {
        lock (_sync)
        {
            _faults.Clear();
        }
    }

    public IReadOnlyList<InjectedFault> All
    {
        get
        {
            lock (_sync)
            {
                return _faults.ToArray();
            }
        }
    }

    internal void Remove(InjectedFault fault)
    {
        lock (_sync)
        {
            _faults.Remove(fault);
        }
    }

    /// <summary>Finds and consumes the fault for this request, if any (counts Skip and Times atomically).</summary>
    internal Fault? Take(RecordedRequest request)
    {
        lock (_sync)
        {
            foreach (var injected in _faults)
            {
                if (!injected.Fault.Matches(request))
                {
                    continue;
                }

                injected.Seen++;
                if (injected.Seen <= injected.Fault.SkipFirst || injected.IsExhausted)
                {
                    continue;
                }

                injected.Hits++;
                return injected.Fault;
            }

            return null;
        }
    }
}

/// <summary>A fault in the set, with how often it matched and applied.</summary>
public sealed class InjectedFault
{
    private readonly FaultSet _owner;

    internal InjectedFault(Fault fault, FaultSet owner)
    {
        Fault = fault;
        _owner = owner;
    }

    public Fault Fault { get; }

    /// <summary>Requests it applied to.</summary>
    public int Hits { get; internal set; }

    /// <summary>Requests that matched, including skipped ones.</summary>
    public int Seen { get; internal set; }

    public bool IsExhausted => Fault.Limit is { } limit && Hits >= limit;

    public void Remove() => _owner.Remove(this);
}
