using Pipelines.Configuration;
using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

public sealed class PathResolutionTests : IDisposable
{
    private const string LocalPromote = """
        promote:
          host: local
          repos:
            - repo: REPO
              health: http://127.0.0.1:5001/health
              version: http://127.0.0.1:5001/version
          checks:
            - name: smoke
              run: ./smoke.sh
              workdir: WORKDIR
          bypass:
            tracker: TRACKER
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("pipelines-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("repos/backend", "/srv/pipelines/repos/backend")]
    [InlineData("./backend/", "/srv/pipelines/backend")]
    [InlineData("../elsewhere/backend", "/srv/elsewhere/backend")]
    [InlineData("/abs/backend", "/abs/backend")]
    public void Local_repo_paths_are_made_absolute_against_the_config_directory(string written, string expected)
    {
        var promote = LoadPromote(LocalPromote.With("REPO", written).With("WORKDIR", ".").With("TRACKER", "t.md"));

        Assert.Equal(expected, promote.Repos[0].Repo);
        Assert.Equal("backend", promote.Repos[0].Name);
    }

    [Fact]
    public void Local_tracker_and_check_workdir_are_made_absolute()
    {
        var promote = LoadPromote(LocalPromote.With("REPO", "r").With("WORKDIR", "tests/e2e").With("TRACKER", "audit/tracker.md"));

        Assert.Equal("/srv/pipelines/tests/e2e", promote.Checks[0].Workdir);
        Assert.Equal("/srv/pipelines/audit/tracker.md", promote.Bypass!.Tracker);
    }

    [Fact]
    public void Check_workdir_is_resolved_with_host_github_too()
    {
        var promote = LoadPromote(MinimalPromote + "\n  checks:\n    - name: e2e\n      run: x\n      workdir: web");

        Assert.Equal("/srv/pipelines/web", promote.Checks[0].Workdir);
        Assert.Equal("WXYC/Backend-Service", promote.Repos[0].Repo);
    }

    [Fact]
    public void A_bare_git_directory_gives_the_name_without_dot_git()
    {
        Assert.Equal("metadata", LoadPromote(LocalPromote.With("REPO", "metadata.git").With("WORKDIR", ".").With("TRACKER", "t.md")).Repos[0].Name);
    }

    [Fact]
    public void Tilde_is_refused_rather_than_taken_as_a_directory_name()
    {
        AssertError(LocalPromote.With("REPO", "~/repos/backend").With("WORKDIR", ".").With("TRACKER", "t.md"), "promote.repos[0].repo", "'~' is not expanded");
    }

    [Fact]
    public void Live_deploy_local_paths_are_made_absolute()
    {
        var yaml = """
            live-deploy:
              host: local
              plugins: [aws, gcp]
              clone-url: plugins/workflow-plugin-{plugin}
              wfctl: ./bin/wfctl
              registry:
                repo: ../registry
              tracker-repo: trackers/{plugin}
            """;

        var liveDeploy = LoadLiveDeploy(yaml);

        Assert.Equal("/srv/pipelines/plugins/workflow-plugin-{plugin}", liveDeploy.CloneUrl);
        Assert.Equal("/srv/pipelines/bin/wfctl", liveDeploy.Wfctl);
        Assert.Equal("/srv/registry", liveDeploy.Registry.Repo);
        Assert.Equal("/srv/pipelines/trackers/{plugin}", liveDeploy.TrackerRepo);
    }

    [Fact]
    public void A_wfctl_without_a_slash_is_a_command_looked_up_on_PATH()
    {
        Assert.Equal("wfctl-nightly", LoadLiveDeploy(MinimalLiveDeploy + "\n  wfctl: wfctl-nightly").Wfctl);
    }

    [Fact]
    public void LoadFile_resolves_against_the_file_directory_not_the_working_directory()
    {
        var configDirectory = Directory.CreateDirectory(Path.Combine(_directory, "conf")).FullName;
        var file = Path.Combine(configDirectory, "pipelines.yaml");
        File.WriteAllText(file, LocalPromote.With("REPO", "../repos/backend").With("WORKDIR", ".").With("TRACKER", "t.md"));

        var config = ConfigurationLoader.LoadFile(Path.GetRelativePath(Environment.CurrentDirectory, file), NoEnvironment);

        Assert.Equal(file, config.SourcePath);
        Assert.Equal(Path.Combine(_directory, "repos", "backend"), config.Promote!.Repos[0].Repo);
        Assert.Equal(configDirectory, config.Promote.Checks[0].Workdir);
    }
}
