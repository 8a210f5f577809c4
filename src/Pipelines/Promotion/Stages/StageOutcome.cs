namespace Pipelines.Promotion.Stages;

internal static class StageOutcome
{
    /// <summary>True when every record passed; otherwise blocks the gate with the first failure.</summary>
    public static bool AllPassed(PromotionContext context, IEnumerable<StageRecord> records)
    {
        var failed = records.FirstOrDefault(r => r.Status == StageStatus.Failed);
        if (failed is null)
        {
            return true;
        }

        context.Block(failed.Repo is null ? $"{failed.Name}: {failed.Detail}" : $"{failed.Repo}: {failed.Detail}");
        return false;
    }
}
