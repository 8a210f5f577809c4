using System.Net.Http.Headers;
using System.Net.Http.Json;
using Pipelines.Git;
using Pipelines.Promotion.Audit;
using Pipelines.Testing.Git;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Invariants;

namespace Pipelines.Tests.Integration.Invariants;

/// <summary>The observations turn a real emulator or real git repositories into what the checker reads.</summary>
public sealed class ObservationTests
{
    [Fact]
    public async Task The_emulator_observation_orders_an_audit_comment_before_the_push_and_tells_the_products_moves_from_the_tests()
    {
        await using var github = await GitHubEmulator.StartAsync();
        var backend = github.AddRepository("WXYC/Backend-Service");
        var tracker = github.AddRepository("WXYC/wxyc-shared");
        var issue = tracker.AddIssue("Promotion bypasses");
        var commits = backend.Chain(null, 3);
        backend.SetBranch("prod", commits[0]).SetBranch("main", commits[2]);
        var token = github.AddToken("ghp_observation_token", canWrite: true, name: "writer");
        var observation = EmulatorObservation.Begin(github, new WatchedRepository("backend", "WXYC/Backend-Service"));
        using var http = new HttpClient { BaseAddress = github.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        var entry = AuditEntry.Marker("run-1", AuditEntry.BypassKind) + "\nentry";

        (await http.PostAsJsonAsync($"repos/WXYC/wxyc-shared/issues/{issue}/comments", new { body = entry })).EnsureSuccessStatusCode();
        (await http.PatchAsJsonAsync("repos/WXYC/Backend-Service/git/refs/heads/prod", new { sha = commits[1], force = false })).EnsureSuccessStatusCode();
        backend.SetBranch("prod", commits[2]);
        var world = observation.End();

        var repo = Assert.Single(world.Repositories);
        Assert.Equal(commits[0], repo.OriginalSha);
        Assert.Equal(commits[2], repo.TargetSha);
        Assert.Equal(commits[2], repo.FinalSha);
        Assert.Equal(2, repo.Moves.Count);
        var pushed = Assert.Single(repo.ProductMoves);
        Assert.Equal((commits[0], commits[1]), (pushed.OldSha, pushed.NewSha));
        Assert.False(repo.Moves[1].ByProduct);
        Assert.Equal(commits[2], repo.UntouchedSha);
        var comment = Assert.Single(world.Posts, p => p.Kind == PostKind.Comment);
        Assert.True(comment.New);
        Assert.True(comment.Order < pushed.Order, $"comment #{comment.Order} should precede push #{pushed.Order}");
        Assert.Contains(world.Posts, p => p.Kind == PostKind.Issue && !p.New);
    }

    [Fact]
    public async Task The_local_observation_reads_the_reflog_and_the_markdown_tracker()
    {
        using var repository = TempGitRepository.MainAheadOfProd(ahead: 2);
        using var directory = new TempDirectory();
        var trackerPath = directory.Combine("AUDIT.md");
        var trail = new MarkdownFileAuditTrail(trackerPath);
        await trail.AppendAsync(AuditEntry.Marker("old-run", AuditEntry.BypassKind) + "\nbefore", CancellationToken.None);
        var original = repository.Head("prod")!;
        var main = repository.Head("main")!;
        var observation = LocalGitObservation.Begin(trackerPath, (new WatchedRepository("app", repository.Path), repository));

        await trail.AppendAsync(AuditEntry.Marker("run-1", AuditEntry.BypassKind) + "\nduring", CancellationToken.None);
        repository.Git("update-ref", "-m", "pipelines", "refs/heads/prod", main, original);
        repository.Branch("prod", original);
        var world = observation.End();

        var repo = Assert.Single(world.Repositories);
        Assert.Equal((original, main, original), (repo.OriginalSha, repo.TargetSha, repo.FinalSha));
        var pushed = Assert.Single(repo.ProductMoves);
        Assert.Equal((original, main), (pushed.OldSha, pushed.NewSha));
        Assert.False(repo.Moves[^1].ByProduct);
        Assert.True(repo.IsAncestor(original, main));
        Assert.False(repo.IsAncestor(main, original));
        Assert.Collection(
            world.Posts,
            p => Assert.False(p.New),
            p => Assert.True(p.New && p.Body.Contains("during", StringComparison.Ordinal)));
    }
}
