using System.Text.Json;
using System.Text.Json.Serialization;
using Pipelines.Promotion;

namespace Pipelines.Reporting;

/// <summary>Enum values as the report documents them: <c>rolled-back</c>, <c>dry-run</c>.</summary>
internal sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower)
    where TEnum : struct, Enum;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters =
    [
        typeof(KebabCaseEnumConverter<PromotionOutcome>),
        typeof(KebabCaseEnumConverter<RepoStatus>),
        typeof(KebabCaseEnumConverter<StageStatus>),
    ])]
[JsonSerializable(typeof(PromotionReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

public static class ReportJson
{
    public static string Serialize(PromotionReport report) =>
        JsonSerializer.Serialize(report, ReportJsonContext.Default.PromotionReport);

    public static PromotionReport? Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonContext.Default.PromotionReport);
}
