using System.Text.Json.Nodes;

namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary>Reads the <c>--report</c> JSON as a user's script would: by key, not through the product's types.</summary>
internal static class ReportFile
{
    public static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public static IReadOnlyList<JsonObject> Rows(string path) =>
        Read(path)["plugins"]!.AsArray().Select(p => p!.AsObject()).ToList();

    public static JsonObject Row(string path, string plugin) =>
        Rows(path).Single(p => p["plugin"]!.GetValue<string>() == plugin);
}
