using Pipelines.Git;

namespace Pipelines.Tests.Git;

public sealed class GitNamesTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("prod")]
    [InlineData("release/2024-06")]
    [InlineData("feature/x_y.z")]
    [InlineData("v1.2.3")]
    public void Accepts_ordinary_branch_names(string name) => Assert.True(GitNames.IsValidBranch(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@")]
    [InlineData("-x")]
    [InlineData("/x")]
    [InlineData("x/")]
    [InlineData("x.")]
    [InlineData("a..b")]
    [InlineData("a//b")]
    [InlineData("a@{1}")]
    [InlineData(".hidden")]
    [InlineData("dir/.hidden")]
    [InlineData("x.lock")]
    [InlineData("dir/x.lock/y")]
    [InlineData("a b")]
    [InlineData("a~1")]
    [InlineData("a^")]
    [InlineData("a:b")]
    [InlineData("a?")]
    [InlineData("a*")]
    [InlineData("a[b")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    [InlineData("a\u007fb")]
    public void Rejects_names_git_would_refuse_or_read_as_something_else(string? name) => Assert.False(GitNames.IsValidBranch(name));

    [Fact]
    public void Rejects_overlong_names() => Assert.False(GitNames.IsValidBranch(new string('a', 256)));

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234567", false)]
    [InlineData("0123456789abcdef0123456789abcdef0123456", false)]
    [InlineData("0000000000000000000000000000000000000000", false)]
    [InlineData("g123456789abcdef0123456789abcdef01234567", false)]
    [InlineData(null, false)]
    public void Accepts_only_full_lowercase_shas(string? sha, bool valid) => Assert.Equal(valid, GitNames.IsValidSha(sha));

    [Fact]
    public void The_zero_sha_matches_the_hash_format()
    {
        Assert.Equal(new string('0', 40), GitNames.ZeroShaLike(new string('a', 40)));
        Assert.Equal(new string('0', 64), GitNames.ZeroShaLike(new string('a', 64)));
    }

    [Fact]
    public void A_rejected_value_is_shown_short_and_without_control_characters()
    {
        var thrown = Assert.Throws<ArgumentException>(() => GitNames.ThrowIfInvalidBranch("bad\nname" + new string('x', 200), "branch"));

        Assert.DoesNotContain('\n', thrown.Message);
        Assert.Contains("bad?name", thrown.Message);
        Assert.True(thrown.Message.Length < 200);
    }
}
