using Pipelines.LiveDeploy.Fetch;
using Pipelines.LiveDeploy.Install;
using Pipelines.LiveDeploy.Sandbox;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>The small parts: tarball extraction, engine versions, plan proof, manifests, checkout paths.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InstallPartsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("install-parts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Extraction_strips_the_first_component_only_from_names_with_a_slash_and_renames_the_largest_executable()
    {
        var archive = Write(ReleaseTarball.ForPlugin("digitalocean", "2.1.18", directory: "release"));

        TarballExtractor.Extract(archive, Path.Combine(_root, "out"), "digitalocean");

        Assert.True(File.Exists(Path.Combine(_root, "out", "digitalocean")));
        Assert.True(File.Exists(Path.Combine(_root, "out", "plugin.json")));
        Assert.False(File.Exists(Path.Combine(_root, "out", "workflow-plugin-digitalocean")));
        Assert.NotEqual(default, File.GetUnixFileMode(Path.Combine(_root, "out", "digitalocean")) & UnixFileMode.UserExecute);
    }

    [Theory]
    [InlineData("x/../../escape")]
    [InlineData("/etc/escape")]
    public void Extraction_refuses_entries_that_leave_the_target(string name)
    {
        var archive = Write(ReleaseTarball.Build([(name, "x", UnixFileMode.UserRead)]));

        var error = Assert.Throws<PluginInstallException>(() => TarballExtractor.Extract(archive, Path.Combine(_root, "out"), "p"));

        Assert.True(error.Counted);
        Assert.False(File.Exists(Path.Combine(_root, "escape")));
    }

    [Theory]
    [InlineData("v0.85.4", "0.80.1", EngineCompatibility.Satisfied)]
    [InlineData("v0.80.1", "0.80.1", EngineCompatibility.Satisfied)]
    [InlineData("v0.79.9", "0.80.1", EngineCompatibility.TooOld)]
    [InlineData("v0.9.0", "0.10.0", EngineCompatibility.TooOld)]
    [InlineData("dev", "0.80.1", EngineCompatibility.NotComparable)]
    [InlineData("v0.86.0-rc.1", "0.80.1", EngineCompatibility.NotComparable)]
    [InlineData("v0.1.0", null, EngineCompatibility.Satisfied)]
    public void Engine_versions_compare_as_strict_semver(string wfctl, string? minimum, EngineCompatibility expected) =>
        Assert.Equal(expected, EngineVersion.Check(wfctl, minimum));

    [Fact]
    public void No_changes_is_not_proof_and_a_plan_summary_with_resources_is()
    {
        var none = PlanProof.Read(Path.Combine(_root, "absent.json"), ["Infrastructure Plan — c.yaml", "", "No changes. Infrastructure is up-to-date."], ["aws"]);
        var some = PlanProof.Read(Path.Combine(_root, "absent.json"), ["Plan: 0 to create, 1 to update, 0 to replace, 1 to destroy."], ["aws"]);

        Assert.False(none.Proven);
        Assert.True(some.Proven);
        Assert.Equal(2, some.Resources);
    }

    [Fact]
    public void The_registry_manifests_of_today_classify_as_the_facts_say()
    {
        var digitalocean = RegistryManifest.Parse("""{ "name": "workflow-plugin-digitalocean", "version": "2.1.18", "capabilities": { "moduleTypes": ["iac.provider"], "iacProvider": { "name": "digitalocean" } } }""");
        var aws = RegistryManifest.Parse("""{ "name": "workflow-plugin-aws", "version": "2.3.7", "capabilities": { "moduleTypes": ["iac.provider"] } }""");
        var tofu = RegistryManifest.Parse("""{ "name": "workflow-plugin-tofu", "version": "0.1.5", "capabilities": { "moduleTypes": [] } }""");

        Assert.Equal(("digitalocean", "digitalocean", true), (digitalocean.ShortName, digitalocean.IacProviderName, digitalocean.DeclaresIacProvider));
        Assert.Equal((null, true), (aws.IacProviderName, aws.DeclaresIacProvider));
        Assert.False(tofu.DeclaresIacProvider);
    }

    [Fact]
    public void A_directory_symlink_above_the_example_that_leaves_the_checkout_is_refused()
    {
        var checkout = Directory.CreateDirectory(Path.Combine(_root, "checkout")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside", "minimal")).FullName;
        File.WriteAllText(Path.Combine(outside, "config.yaml"), "modules: []\n");
        Directory.CreateDirectory(Path.Combine(checkout, "examples"));
        Directory.CreateSymbolicLink(Path.Combine(checkout, "examples", "minimal"), outside);
        Directory.CreateDirectory(Path.Combine(checkout, "docs"));
        File.WriteAllText(Path.Combine(checkout, "docs", "real.yaml"), "modules: []\n");
        File.CreateSymbolicLink(Path.Combine(checkout, "inside.yaml"), Path.Combine("docs", "real.yaml"));

        Assert.Throws<CheckoutEscapeException>(() => CheckoutPath.Resolve(checkout, "examples/minimal/config.yaml"));
        Assert.Throws<CheckoutEscapeException>(() => CheckoutPath.Resolve(checkout, "../outside/minimal/config.yaml"));
        Assert.Equal(Path.Combine(checkout, "docs", "real.yaml"), CheckoutPath.Resolve(checkout, "inside.yaml"));
        Assert.Null(CheckoutPath.Resolve(checkout, "examples/none.yaml"));
    }

    private string Write(ReleaseTarball tarball)
    {
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N") + ".tar.gz");
        File.WriteAllBytes(path, tarball.Bytes);
        return path;
    }
}
