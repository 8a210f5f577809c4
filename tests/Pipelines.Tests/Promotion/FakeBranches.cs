using Pipelines.GitHub;
using Pipelines.Promotion;

namespace Pipelines.Tests.Promotion;

/// <summary>
/// An in-memory repository for unit tests of the gate: branches, a fixed relation between the
/// two heads, and scripted write failures. Every write is logged.
/// </summary>
internal sealed class FakeBranches(string name) : IRepositoryBranches
{
    private readonly Dictionary<string, string> _heads = new();
    private readonly object _gate = new();

    public string DisplayName { get; } = name;

    public CommitRelation Relation { get; set; } = CommitRelation.Ahead;

    public List<string> Writes { get; } = [];

    /// <summary>Thrown by the next write; with <see cref="ApplyBeforeFailing"/> the write lands first (a lost answer).</summary>
    public Exception? FailNextWrite { get; set; }

    public bool ApplyBeforeFailing { get; set; }

    /// <summary>Runs when the gate reads this branch for the given time (1-based), e.g. to move it under the gate.</summary>
    public Action<int>? OnRead { get; set; }

    private int _reads;

    public string? this[string branch]
    {
        get { lock (_gate) { return _heads.GetValueOrDefault(branch); } }
        set { lock (_gate) { if (value is null) { _heads.Remove(branch); } else { _heads[branch] = value; } } }
    }

    public Task<string?> GetHeadAsync(string branch, CancellationToken cancellationToken)
    {
        OnRead?.Invoke(Interlocked.Increment(ref _reads));
        return Task.FromResult(this[branch]);
    }

    public Task<CommitRelation> CompareAsync(string baseSha, string headSha, CancellationToken cancellationToken) =>
        Task.FromResult(Relation);

    public Task CreateAsync(string branch, string sha, CancellationToken cancellationToken) =>
        Write($"create {branch} {sha}", () =>
        {
            if (this[branch] is not null)
            {
                throw new InvalidOperationException("Reference already exists");
            }

            this[branch] = sha;
        });

    public Task UpdateAsync(string branch, string expectedOldSha, string newSha, bool force, CancellationToken cancellationToken) =>
        Write($"update {branch} {expectedOldSha}->{newSha}{(force ? " force" : "")}", () =>
        {
            if (this[branch] != expectedOldSha)
            {
                throw new BranchMovedException(DisplayName, branch, expectedOldSha, this[branch]);
            }

            this[branch] = newSha;
        });

    public Task DeleteAsync(string branch, string expectedSha, CancellationToken cancellationToken) =>
        Write($"delete {branch} {expectedSha}", () =>
        {
            if (this[branch] != expectedSha)
            {
                throw new BranchMovedException(DisplayName, branch, expectedSha, this[branch]);
            }

            this[branch] = null;
        });

    private Task Write(string description, Action apply)
    {
        Writes.Add(description);
        if (FailNextWrite is { } failure)
        {
            FailNextWrite = null;
            if (ApplyBeforeFailing)
            {
                apply();
            }

            return Task.FromException(failure);
        }

        apply();
        return Task.CompletedTask;
    }
}
