using NSubstitute;
using Pipelines.Execution;
using Pipelines.Git;
using Pipelines.GitHub;
using Pipelines.Testing.Git;

namespace Pipelines.Tests.Git;

/// <summary>Every operation against real repositories built by <see cref="TempGitRepository"/>.</summary>
public sealed class GitCliTests : IDisposable
{
    private readonly TempGitRepository _repo = TempGitRepository.MainAheadOfProd();
    private readonly RecordingProcessRunner _runner = new();
    private readonly GitCli _git;

    public GitCliTests() => _git = new GitCli(_runner);

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Resolves_a_branch_to_its_commit()
    {
        Assert.Equal(_repo.Head("main"), await _git.ResolveBranchAsync(_repo.Path, "main"));
        Assert.Equal(_repo.Head("prod"), await _git.ResolveBranchAsync(_repo.Path, "prod"));
    }

    [Fact]
    public async Task A_missing_branch_resolves_to_null()
    {
        Assert.Null(await _git.ResolveBranchAsync(_repo.Path, "release"));
    }

    [Fact]
    public async Task A_branch_name_is_not_read_as_a_revision_expression()
    {
        // "main~1" is a valid revision but not a branch: it must be rejected, not resolved.
        await Assert.ThrowsAsync<ArgumentException>(() => _git.ResolveBranchAsync(_repo.Path, "main~1"));
    }

    [Fact]
    public async Task A_directory_that_is_not_a_repository_is_an_error_with_gits_message()
    {
        using var empty = new TempDirectory();

        var thrown = await Assert.ThrowsAsync<GitException>(() => _git.ResolveBranchAsync(empty.Path, "main"));

        Assert.Contains("not a git repository", thrown.Message);
        Assert.Contains("rev-parse", thrown.Command);
    }

    [Fact]
    public async Task A_subdirectory_of_a_repository_is_not_taken_for_the_repository()
    {
        var inside = Path.Combine(_repo.Path, "sub");
        Directory.CreateDirectory(inside);

        await Assert.ThrowsAsync<GitException>(() => _git.ResolveBranchAsync(inside, "main"));
    }

    [Fact]
    public async Task A_relative_repository_path_is_rejected_before_git_runs()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _git.ResolveBranchAsync("relative/repo", "main"));

        Assert.Empty(_runner.Commands);
    }

    [Fact]
    public async Task Tells_whether_one_commit_is_an_ancestor_of_another()
    {
        var (prod, main) = (_repo.Head("prod")!, _repo.Head("main")!);

        Assert.True(await _git.IsAncestorAsync(_repo.Path, prod, main));
        Assert.False(await _git.IsAncestorAsync(_repo.Path, main, prod));
    }

    [Fact]
    public async Task An_unknown_commit_is_an_error_not_a_no()
    {
        var unknown = new string('a', 40);

        var thrown = await Assert.ThrowsAsync<GitException>(() => _git.IsAncestorAsync(_repo.Path, unknown, _repo.Head("main")!));

        Assert.Contains("exit code 128", thrown.Message);
    }

    [Fact]
    public async Task Compares_two_commits()
    {
        using var diverged = TempGitRepository.Diverged();
        var (prod, main) = (_repo.Head("prod")!, _repo.Head("main")!);

        Assert.Equal(CommitRelation.Identical, await _git.CompareAsync(_repo.Path, main, main));
        Assert.Equal(CommitRelation.Ahead, await _git.CompareAsync(_repo.Path, prod, main));
        Assert.Equal(CommitRelation.Behind, await _git.CompareAsync(_repo.Path, main, prod));
        Assert.Equal(CommitRelation.Diverged, await _git.CompareAsync(diverged.Path, diverged.Head("prod")!, diverged.Head("main")!));
    }

    [Fact]
    public async Task Identical_but_unknown_commits_are_an_error()
    {
        var unknown = new string('b', 40);

        await Assert.ThrowsAsync<GitException>(() => _git.CompareAsync(_repo.Path, unknown, unknown));
    }

    [Fact]
    public async Task Swaps_a_branch_that_is_where_it_was_expected()
    {
        var (prod, main) = (_repo.Head("prod")!, _repo.Head("main")!);

        var swap = await _git.SwapBranchAsync(_repo.Path, "prod", prod, main);

        Assert.Equal(new BranchSwap(true, main), swap);
        Assert.Equal(main, _repo.Head("prod"));
    }

    [Fact]
    public async Task Does_not_swap_a_branch_that_moved_and_says_where_it_is()
    {
        var (prod, main) = (_repo.Head("prod")!, _repo.Head("main")!);
        var elsewhere = _repo.Commit("someone else's push", "prod");

        var swap = await _git.SwapBranchAsync(_repo.Path, "prod", prod, main);

        Assert.Equal(new BranchSwap(false, elsewhere), swap);
        Assert.Equal(elsewhere, _repo.Head("prod"));
    }

    [Fact]
    public async Task Creates_a_branch_only_when_it_does_not_exist()
    {
        var main = _repo.Head("main")!;

        var created = await _git.SwapBranchAsync(_repo.Path, "release", null, main);
        var again = await _git.SwapBranchAsync(_repo.Path, "prod", null, main);

        Assert.Equal(new BranchSwap(true, main), created);
        Assert.Equal(main, _repo.Head("release"));
        Assert.Equal(new BranchSwap(false, _repo.Head("prod")), again);
        Assert.NotEqual(main, _repo.Head("prod"));
    }

    [Fact]
    public async Task Updating_a_branch_that_vanished_reports_it_missing()
    {
        var prod = _repo.Head("prod")!;
        _repo.DeleteBranch("prod");

        var swap = await _git.SwapBranchAsync(_repo.Path, "prod", prod, _repo.Head("main")!);

        Assert.Equal(new BranchSwap(false, null), swap);
        Assert.Null(_repo.Head("prod"));
    }

    [Fact]
    public async Task A_refusal_for_another_reason_is_an_error()
    {
        // The branch is where expected, but the new commit does not exist.
        var thrown = await Assert.ThrowsAsync<GitException>(
            () => _git.SwapBranchAsync(_repo.Path, "prod", _repo.Head("prod"), new string('c', 40)));

        Assert.Contains("update-ref", thrown.Command);
    }

    [Fact]
    public async Task Deletes_a_branch_only_where_it_was_expected()
    {
        var prod = _repo.Head("prod")!;
        var main = _repo.Head("main")!;

        var refused = await _git.DeleteBranchAsync(_repo.Path, "prod", main);
        Assert.Equal(new BranchSwap(false, prod), refused);
        Assert.Equal(prod, _repo.Head("prod"));

        var deleted = await _git.DeleteBranchAsync(_repo.Path, "prod", prod);
        Assert.Equal(new BranchSwap(true, null), deleted);
        Assert.Null(_repo.Head("prod"));
    }

    [Fact]
    public async Task Works_with_SHA_256_repositories()
    {
        using var repo = TempGitRepository.Create(objectFormat: "sha256");
        var first = repo.Commit("initial");
        var second = repo.Commit("second");

        Assert.Equal(64, first.Length);
        Assert.Equal(second, await _git.ResolveBranchAsync(repo.Path, "main"));
        Assert.True((await _git.SwapBranchAsync(repo.Path, "prod", null, first)).Swapped);
        Assert.Equal(CommitRelation.Ahead, await _git.CompareAsync(repo.Path, first, second));
        Assert.True((await _git.SwapBranchAsync(repo.Path, "prod", first, second)).Swapped);
        Assert.Equal(second, repo.Head("prod"));
    }

    [Fact]
    public async Task Reads_the_checked_out_commit()
    {
        using var checkout = TempGitRepository.Create();
        var head = checkout.Commit("initial");

        Assert.Equal(head, await _git.GetHeadAsync(checkout.Path));
    }

    [Fact]
    public async Task Git_gets_a_minimal_environment_without_the_callers_tokens()
    {
        var caller = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH")!,
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/root",
            ["GITHUB_TOKEN"] = "ghs_callers_token",
            ["PROD_PUSH_TOKEN"] = "ghs_push_token",
            ["GIT_DIR"] = "/somewhere/else",
        };
        var git = new GitCli(_runner, caller);

        await git.ResolveBranchAsync(_repo.Path, "main");

        var command = Assert.Single(_runner.Commands);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PATH"] = caller["PATH"],
                ["HOME"] = caller["HOME"],
                ["GIT_TERMINAL_PROMPT"] = "0",
                ["LC_ALL"] = "C",
                ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(_repo.Path)!,
            },
            command.Environment);
        Assert.Equal(_repo.Path, command.WorkingDirectory);
    }

    [Theory]
    [InlineData("-prod")]
    [InlineData("--upload-pack=evil")]
    [InlineData("a..b")]
    [InlineData("with space")]
    [InlineData("prod.lock")]
    [InlineData("head^{}")]
    [InlineData("")]
    public async Task Invalid_branch_names_never_reach_git(string branch)
    {
        var runner = Substitute.For<IProcessRunner>();
        var git = new GitCli(runner);
        var sha = _repo.Head("main")!;

        await Assert.ThrowsAsync<ArgumentException>(() => git.ResolveBranchAsync(_repo.Path, branch));
        await Assert.ThrowsAsync<ArgumentException>(() => git.SwapBranchAsync(_repo.Path, branch, null, sha));
        await Assert.ThrowsAsync<ArgumentException>(() => git.DeleteBranchAsync(_repo.Path, branch, sha));

        await runner.DidNotReceiveWithAnyArgs().RunAsync(default!, default, default);
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("--all")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF01")]
    [InlineData("0000000000000000000000000000000000000000")]
    [InlineData("abc123")]
    public async Task Invalid_shas_never_reach_git(string sha)
    {
        var runner = Substitute.For<IProcessRunner>();
        var git = new GitCli(runner);
        var valid = _repo.Head("main")!;

        await Assert.ThrowsAsync<ArgumentException>(() => git.IsAncestorAsync(_repo.Path, sha, valid));
        await Assert.ThrowsAsync<ArgumentException>(() => git.SwapBranchAsync(_repo.Path, "prod", sha, valid));
        await Assert.ThrowsAsync<ArgumentException>(() => git.SwapBranchAsync(_repo.Path, "prod", valid, sha));

        await runner.DidNotReceiveWithAnyArgs().RunAsync(default!, default, default);
    }

    [Fact]
    public async Task A_git_that_cannot_start_is_a_git_error()
    {
        var git = new GitCli(_runner, options: GitCliOptions.Default.WithExecutable("/nonexistent/git"));

        var thrown = await Assert.ThrowsAsync<GitException>(() => git.ResolveBranchAsync(_repo.Path, "main"));

        Assert.Contains("failed to start", thrown.Message);
    }

    [Fact]
    public async Task Cancellation_throws()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _git.ResolveBranchAsync(_repo.Path, "main", new CancellationToken(canceled: true)));
    }
}
