using System.Collections.Concurrent;
using Pipelines.Configuration;
using Pipelines.Security;

namespace Pipelines.Promotion;

/// <summary>The state of one run, shared by its stages.</summary>
internal sealed class PromotionContext
{
    private readonly ConcurrentQueue<StageRecord> _stages = new();

    public PromotionContext(
        PromotionRequest request,
        IReadOnlyList<RepoState> repos,
        IAuditTrail? tracker,
        PromotionServices services)
    {
        Request = request;
        Repos = repos;
        Tracker = tracker;
        Services = services;
    }

    public PromotionRequest Request { get; }

    public PromoteSettings Settings => Request.Settings;

    public IReadOnlyList<RepoState> Repos { get; }

    /// <summary>Where audit entries go; null when the configuration names no tracker.</summary>
    public IAuditTrail? Tracker { get; }

    public PromotionServices Services { get; }

    public SecretRedactor Redactor => Services.Redactor;

    public IEnumerable<RepoState> ReposToPush => Repos.Where(r => r.NeedsPush);

    public IReadOnlyList<StageRecord> Stages => [.. _stages];

    /// <summary>Where the bypass audit entry was posted, once it was.</summary>
    public string? AuditLocation { get; set; }

    /// <summary>The first failure that blocked the gate, in words.</summary>
    public string? BlockReason { get; private set; }

    public void Block(string reason) => BlockReason ??= Redactor.Redact(reason);

    /// <summary>Runs one unit of stage work per item, concurrently up to <see cref="PromotionServices.MaxParallel"/>.</summary>
    public async Task<StageRecord[]> ForEachAsync<T>(IEnumerable<T> items, Func<T, Task<StageRecord>> run)
    {
        if (Services.MaxParallel is not { } limit)
        {
            return await Task.WhenAll(items.Select(run)).ConfigureAwait(false);
        }

        using var slots = new SemaphoreSlim(limit);
        return await Task.WhenAll(items.Select(async item =>
        {
            await slots.WaitAsync().ConfigureAwait(false);
            try
            {
                return await run(item).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Times one unit of stage work and records it; exceptions become a failed record.</summary>
    public async Task<StageRecord> MeasureAsync(
        string stage,
        string? repo,
        Func<CancellationToken, Task<(StageStatus Status, string Detail)>> work,
        CancellationToken cancellationToken)
    {
        Services.Observer.StageStarted(stage, repo);
        var started = Services.Time.GetTimestamp();
        StageStatus status;
        string detail;
        try
        {
            (status, detail) = await work(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            (status, detail) = (StageStatus.Failed, "cancelled");
        }
        catch (Exception e)
        {
            (status, detail) = (StageStatus.Failed, e.Message);
        }

        return Record(stage, repo, status, detail, Services.Time.GetElapsedTime(started));
    }

    public StageRecord Record(
        string stage,
        string? repo,
        StageStatus status,
        string detail,
        TimeSpan duration = default,
        IReadOnlyList<string>? outputTail = null)
    {
        var record = new StageRecord(stage, repo, status, duration, Redactor.Redact(detail))
        {
            OutputTail = outputTail is null ? [] : [.. outputTail.Select(Redactor.Redact)],
        };
        _stages.Enqueue(record);
        Services.Observer.StageFinished(record);
        return record;
    }
}
