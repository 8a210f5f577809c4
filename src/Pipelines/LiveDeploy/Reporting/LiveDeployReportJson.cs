using System.Text.Json;
using System.Text.Json.Serialization;
using Pipelines.Configuration;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Reporting;

namespace Pipelines.LiveDeploy.Reporting;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters =
    [
        typeof(KebabCaseEnumConverter<Verdict>),
        typeof(KebabCaseEnumConverter<ReportAction>),
        typeof(KebabCaseEnumConverter<ValidationDepth>),
    ])]
[JsonSerializable(typeof(LiveDeployReport))]
internal sealed partial class LiveDeployReportJsonContext : JsonSerializerContext;

/// <summary>The report as JSON: snake_case keys, <c>green|red|leaked</c>, <c>promote-pr</c>, ...</summary>
public static class LiveDeployReportJson
{
    public static string Serialize(LiveDeployReport report) =>
        JsonSerializer.Serialize(report, LiveDeployReportJsonContext.Default.LiveDeployReport);

    public static LiveDeployReport? Deserialize(string json) =>
        JsonSerializer.Deserialize(json, LiveDeployReportJsonContext.Default.LiveDeployReport);
}
