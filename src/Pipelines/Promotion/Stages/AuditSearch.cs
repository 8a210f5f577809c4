using Pipelines.Promotion.Audit;

namespace Pipelines.Promotion.Stages;

/// <summary>
/// Looks for this run's audit entry, counting only entries written by the identity the tracker
/// token acts as. When that identity cannot be known, any entry starting with the marker counts
/// (as before) and the result carries a warning for the stage's record.
/// </summary>
internal static class AuditSearch
{
    public static async Task<(bool Found, string Warning)> ContainsAsync(PromotionContext context, IAuditTrail tracker, string kind, CancellationToken cancellationToken)
    {
        var identity = await context.Services.Host.IdentityAsync(cancellationToken).ConfigureAwait(false);
        var found = await tracker.ContainsAsync(AuditEntry.Marker(context.Request.Run.RunId, kind), identity.Login, cancellationToken).ConfigureAwait(false);
        var warning = identity is { Login: null, Problem: { } problem }
            ? $" (warning: counted a {kind} entry by any author, because {problem})"
            : string.Empty;
        return (found, warning);
    }
}
