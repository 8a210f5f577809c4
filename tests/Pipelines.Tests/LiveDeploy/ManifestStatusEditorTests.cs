using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Registry;

namespace Pipelines.Tests.LiveDeploy;

public sealed class ManifestStatusEditorTests
{
    private const string Manifest = "{\r\n    \"name\":   \"workflow-plugin-aws\",\r\n    \"meta\": { \"status\": \"nested-stays\" },\r\n    \"status\" : \"experimental\",\r\n    \"tags\": [\"a\",\"b\"]\r\n}";

    [Fact]
    public void Only_the_top_level_status_value_changes_every_other_byte_stays()
    {
        var edited = ManifestStatusEditor.WithStatus(Manifest, PluginStatus.Verified);

        Assert.Equal(Manifest.Replace("\"status\" : \"experimental\"", "\"status\" : \"verified\"", StringComparison.Ordinal), edited);
        Assert.Equal(PluginStatus.Verified, ManifestStatusEditor.ReadStatus(edited));
    }

    [Fact]
    public void Reads_the_top_level_status()
    {
        Assert.Equal(PluginStatus.Experimental, ManifestStatusEditor.ReadStatus(Manifest));
        Assert.Equal(PluginStatus.Unknown, ManifestStatusEditor.ReadStatus("{\"status\": \"beta\"}"));
        Assert.Equal(PluginStatus.Unknown, ManifestStatusEditor.ReadStatus("not json"));
    }

    [Fact]
    public void A_manifest_without_a_status_cannot_be_edited()
    {
        Assert.Throws<FormatException>(() => ManifestStatusEditor.WithStatus("{\"name\": \"x\"}", PluginStatus.Verified));
    }

    [Fact]
    public void Non_ascii_text_before_the_status_keeps_offsets_right()
    {
        const string manifest = "{\"description\": \"Plugin für Wolken ☁\", \"status\": \"verified\"}\n";

        var edited = ManifestStatusEditor.WithStatus(manifest, PluginStatus.Experimental);

        Assert.Equal("{\"description\": \"Plugin für Wolken ☁\", \"status\": \"experimental\"}\n", edited);
    }
}
