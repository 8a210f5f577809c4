using System.Text.Json;
using System.Xml.Linq;

namespace Pipelines.Tests.Dagger;

/// <summary>
/// The layout the C# module runtime expects, since the engine cannot run here: dagger.json at the
/// root with "source": "dagger", &lt;PascalCaseModuleName&gt;.csproj, the one-line Program.cs, and
/// nothing inherited from the repository's MSBuild files.
/// </summary>
public sealed class ModuleLayoutTests
{
    private static readonly string Root = FindRoot();
    private static readonly string ModuleDirectory = Path.Combine(Root, "dagger");

    private static JsonElement DaggerJson() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "dagger.json"))).RootElement;

    [Fact]
    public void Dagger_json_names_the_module_its_source_folder_and_pins_engine_and_runtime()
    {
        var json = DaggerJson();

        Assert.Equal("pipelines", json.GetProperty("name").GetString());
        Assert.Equal("dagger", json.GetProperty("source").GetString());
        Assert.Matches(@"^v\d+\.\d+\.\d+$", json.GetProperty("engineVersion").GetString());
        Assert.Matches(@"^github\.com/pjmagee/dagger/sdk/csharp@[0-9a-f]{40}$", json.GetProperty("sdk").GetProperty("source").GetString());
    }

    [Fact]
    public void Dagger_json_includes_only_the_planner_the_module_compiles()
    {
        var include = DaggerJson().GetProperty("include").EnumerateArray().Select(e => e.GetString()).ToList();

        Assert.Equal(["src/Pipelines/Containers/**/*.cs"], include);
        var project = XDocument.Load(ProjectPath());
        var compiled = project.Descendants("Compile").Select(c => (string?)c.Attribute("Include")).ToList();
        Assert.Equal(["../src/Pipelines/Containers/**/*.cs"], compiled);
    }

    [Fact]
    public void The_project_is_named_after_the_module_in_pascal_case_and_imports_the_generated_sdk()
    {
        var project = XDocument.Load(ProjectPath());

        var imports = project.Root!.Elements("Import").Select(i => (string?)i.Attribute("Project")).ToList();
        Assert.Equal(["sdk/Dagger.SDK.props", "sdk/Dagger.SDK.targets"], imports);
        Assert.Equal("Exe", project.Descendants("OutputType").Single().Value);
        Assert.Single(Directory.GetFiles(ModuleDirectory, "*.csproj"));
    }

    [Fact]
    public void Program_only_hands_over_to_the_module_runtime()
    {
        var code = File.ReadAllLines(Path.Combine(ModuleDirectory, "Program.cs")).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && l.Trim().Length > 0);

        Assert.Equal(["return await Dagger.ModuleRuntime.Entrypoint.RunAsync(args);"], code);
        Assert.True(File.Exists(Path.Combine(ModuleDirectory, "Main.cs")));
        Assert.Contains("global using static Dagger.Client;", File.ReadAllText(Path.Combine(ModuleDirectory, "GlobalUsings.cs")));
    }

    [Theory]
    [InlineData("Directory.Build.props")]
    [InlineData("Directory.Packages.props")]
    public void The_module_stops_msbuild_from_inheriting_the_repositorys_props(string file)
    {
        var props = XDocument.Load(Path.Combine(ModuleDirectory, file));

        Assert.Empty(props.Descendants("Import"));
        Assert.Equal("false", props.Descendants("ManagePackageVersionsCentrally").Single().Value);
        Assert.Empty(props.Descendants("PackageVersion"));
    }

    [Fact]
    public void The_generated_sdk_and_build_output_are_not_committed()
    {
        var ignored = File.ReadAllLines(Path.Combine(ModuleDirectory, ".gitignore"));

        Assert.Contains("/sdk/", ignored);
        Assert.Contains("/bin/", ignored);
        Assert.Contains("/obj/", ignored);
    }

    private static string ProjectPath()
    {
        var name = DaggerJson().GetProperty("name").GetString()!;
        // The runtime's rule: split on '-', '_' and ' ', capitalise each part.
        var pascal = string.Concat(name.Split(['-', '_', ' '], StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        return Path.Combine(ModuleDirectory, pascal + ".csproj");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipelines.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Pipelines.sln not found above the test assembly");
    }
}
