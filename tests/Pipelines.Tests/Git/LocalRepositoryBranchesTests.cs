using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.Git;
using Pipelines.GitHub;
using Pipelines.Promotion;
using Pipelines.Testing.Git;

namespace Pipelines.Tests.Git;

/// <summary>The local host's branches honour the gate's rules on real repositories.</summary>
public sealed class LocalRepositoryBranchesTests : IDisposable
{
    private readonly List<TempGitRepository> _repos = [];
    private readonly LocalPromotionHost _host = new(new GitCli(new ProcessRunner()));

    public void Dispose() => _repos.ForEach(r => r.Dispose());

    [Fact]
    public async Task Reads_heads_and_a_missing_branch_as_null()
    {
        var (repo, branches) = Open(TempGitRepository.WithoutProd());

        Assert.Equal(repo.Head("main"), await branches.GetHeadAsync("main", default));
        Assert.Null(await branches.GetHeadAsync("prod", default));
        Assert.Equal(repo.Path, branches.DisplayName);
    }

    [Fact]
    public async Task Compares_like_the_compare_api()
    {
        var (repo, branches) = Open(TempGitRepository.MainAheadOfProd());
        var (prod, main) = (repo.Head("prod")!, repo.Head("main")!);

        Assert.Equal(CommitRelation.Ahead, await branches.CompareAsync(prod, main, default));
        Assert.Equal(CommitRelation.Behind, await branches.CompareAsync(main, prod, default));
        Assert.Equal(CommitRelation.Identical, await branches.CompareAsync(main, main, default));
    }

    [Fact]
    public async Task Seeds_a_missing_branch()
    {
        var (repo, branches) = Open(TempGitRepository.WithoutProd());
        var main = repo.Head("main")!;

        await branches.CreateAsync("prod", main, default);

        Assert.Equal(main, repo.Head("prod"));
    }

    [Fact]
    public async Task Creating_a_branch_that_exists_is_refused_and_changes_nothing()
    {
        var (repo, branches) = Open(TempGitRepository.MainAheadOfProd());
        var prod = repo.Head("prod")!;

        var thrown = await Assert.ThrowsAsync<BranchMovedException>(() => branches.CreateAsync("prod", repo.Head("main")!, default));

        Assert.Null(thrown.ExpectedSha);
        Assert.Equal(prod, thrown.ActualSha);
        Assert.Equal(prod, repo.Head("prod"));
    }

    [Fact]
    public async Task Fast_forwards_a_branch()
    {
        var (repo, branches) = Open(TempGitRepository.MainAheadOfProd());
        var (prod, main) = (repo.Head("prod")!, repo.Head("main")!);

        await branches.UpdateAsync("prod", prod, main, force: false, default);

        Assert.Equal(main, repo.Head("prod"));
    }

    [Fact]
    public async Task Refuses_an_update_that_is_not_a_fast_forward()
    {
        var (repo, branches) = Open(TempGitRepository.Diverged());
        var (prod, main) = (repo.Head("prod")!, repo.Head("main")!);

        var thrown = await Assert.ThrowsAsync<NotFastForwardException>(() => branches.UpdateAsync("prod", prod, main, force: false, default));

        Assert.Contains("not a fast-forward", thrown.Message);
        Assert.Equal(prod, repo.Head("prod"));
    }

    [Fact]
    public async Task A_forced_update_may_move_backwards_as_a_rollback_does()
    {
        var (repo, branches) = Open(TempGitRepository.MainAheadOfProd());
        var (prod, main) = (repo.Head("prod")!, repo.Head("main")!);
        repo.Branch("prod", main);

        await branches.UpdateAsync("prod", main, prod, force: true, default);

        Assert.Equal(prod, repo.Head("prod"));
    }

    [Fact]
    public async Task An_update_of_a_branch_that_moved_is_refused_and_names_where_it_is()
    {
        var (repo, branches) = Open(TempGitRepository.MainAheadOfProd());
        var (prod, main) = (repo.Head("prod")!, repo.Head("main")!);
        // Another promotion got there first, with a commit main also has.
        var theirs = repo.Git("rev-parse", "main~1");
        repo.Branch("prod", theirs);

        var thrown = await Assert.ThrowsAsync<BranchMovedException>(() => branches.UpdateAsync("prod", prod, main, force: false, default));

        Assert.Equal(prod, thrown.ExpectedSha);
        Assert.Equal(theirs, thrown.ActualSha);
        Assert.Equal("prod", thrown.Branch);
        Assert.Equal(theirs, repo.Head("prod"));
    }

    [Fact]
    public async Task A_forced_update_is_still_a_compare_and_swap()
    {
        var (repo, branches) = Open(TempGitRepository.MainAheadOfProd());
        var (prod, main) = (repo.Head("prod")!, repo.Head("main")!);
        var theirs = repo.Commit("pushed by someone else", "prod");

        await Assert.ThrowsAsync<BranchMovedException>(() => branches.UpdateAsync("prod", main, prod, force: true, default));

        Assert.Equal(theirs, repo.Head("prod"));
    }

    [Fact]
    public async Task Deletes_a_seeded_branch_only_where_this_run_left_it()
    {
        var (repo, branches) = Open(TempGitRepository.MainAheadOfProd());
        var (prod, main) = (repo.Head("prod")!, repo.Head("main")!);

        var thrown = await Assert.ThrowsAsync<BranchMovedException>(() => branches.DeleteAsync("prod", main, default));
        Assert.Equal(prod, thrown.ActualSha);
        Assert.Equal(prod, repo.Head("prod"));

        await branches.DeleteAsync("prod", prod, default);
        Assert.Null(repo.Head("prod"));
    }

    [Fact]
    public async Task Works_on_a_bare_repository()
    {
        var repo = TempGitRepository.Create(bare: true);
        _repos.Add(repo);
        var first = repo.Commit("initial");
        repo.Branch("prod", first);
        var second = repo.Commit("second");
        var branches = _host.OpenRepository(Settings(repo.Path));

        await branches.UpdateAsync("prod", first, second, force: false, default);

        Assert.Equal(second, repo.Head("prod"));
    }

    [Theory]
    [InlineData("relative/repo")]
    [InlineData("")]
    public void Opening_a_repository_needs_an_absolute_path(string path)
    {
        var thrown = Assert.Throws<ConfigurationException>(() => _host.OpenRepository(Settings(path)));

        Assert.Equal("promote.repos[].repo", thrown.Key);
    }

    [Fact]
    public void The_tracker_is_the_markdown_file_named_in_the_configuration()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("tracker.md");

        Assert.Null(_host.OpenTracker(null));
        Assert.Equal(path, _host.OpenTracker(new BypassSettings(path))!.Location);
        Assert.Throws<ConfigurationException>(() => _host.OpenTracker(new BypassSettings("tracker.md")));
    }

    private (TempGitRepository Repo, IRepositoryBranches Branches) Open(TempGitRepository repo)
    {
        _repos.Add(repo);
        return (repo, _host.OpenRepository(Settings(repo.Path)));
    }

    private static RepoSettings Settings(string path) => new(
        "service", path, "main", "prod", "GITHUB_TOKEN",
        new Uri("http://127.0.0.1:1/health"), new Uri("http://127.0.0.1:1/version"), "sha");
}
