namespace Pipelines.Commands;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Blocked or red: nothing was left half-done.</summary>
    public const int Failure = 1;
    public const int Usage = 2;
    /// <summary>Something was left in place that needs a person: a split, a leaked cloud resource.</summary>
    public const int NeedsAttention = 3;
}
