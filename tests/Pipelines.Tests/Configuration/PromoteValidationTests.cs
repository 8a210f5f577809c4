using Pipelines.Configuration;
using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

public sealed class PromoteValidationTests
{
    private const string Health = "https://bs.staging.example/healthcheck";

    private const string TwoRepos = MinimalPromote + """

            - repo: WXYC/dj-site
              health: https://dj.staging.example/health
              version: https://dj.staging.example/version
        """;

    private const string TwoChecks = MinimalPromote + """

          checks:
            - name: smoke
              run: ./smoke.sh
            - name: e2e
              run: npm run test:e2e
        """;

    [Theory]
    [InlineData("ftp://bs.staging.example/health")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/healthcheck")]
    [InlineData("bs.staging.example/healthcheck")]
    [InlineData("https://")]
    [InlineData("not a url")]
    [InlineData("\"https://bs.example/a b\"")]
    public void Health_must_be_an_absolute_http_url(string url)
    {
        AssertError(MinimalPromote.With(Health, url), "promote.repos[0].health", "is not an absolute http(s) URL", line: 4);
    }

    [Fact]
    public void Version_must_be_an_absolute_http_url()
    {
        AssertError(MinimalPromote.With("https://bs.staging.example/version", "mailto:x@y.example"), "promote.repos[0].version", "is not an absolute http(s) URL");
    }

    [Fact]
    public void Api_url_must_be_an_absolute_http_url()
    {
        AssertError("github:\n  api-url: api.github.com\n" + MinimalPromote, "github.api-url", "is not an absolute http(s) URL", line: 2);
    }

    [Fact]
    public void Urls_with_credentials_are_refused_without_echoing_them()
    {
        var error = AssertError(MinimalPromote.With(Health, "https://user:hunter2@bs.staging.example/health"), "promote.repos[0].health", "must not contain credentials");

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/health")]
    [InlineData("https://bs.staging.example/health?deep=1")]
    public void Http_and_https_urls_are_accepted(string url)
    {
        Assert.Equal(new Uri(url), LoadPromote(MinimalPromote.With(Health, url)).Repos[0].Health);
    }

    [Theory]
    [InlineData("Backend-Service")]
    [InlineData("WXYC/")]
    [InlineData("/Backend-Service")]
    [InlineData("WXYC/Backend/Service")]
    [InlineData("-WXYC/Backend")]
    [InlineData("WXYC/..")]
    [InlineData("https://github.com/WXYC/Backend-Service")]
    public void A_github_repo_must_be_owner_slash_name(string repo)
    {
        AssertError(MinimalPromote.With("WXYC/Backend-Service", repo), "promote.repos[0].repo", "is not a GitHub repository of the form owner/name", line: 3);
    }

    [Fact]
    public void A_repo_is_required()
    {
        AssertError(MinimalPromote.With("- repo: WXYC/Backend-Service\n     ", "-"), "promote.repos[0].repo", "is required: owner/name");
    }

    [Theory]
    [InlineData("promote:\n  repos: []")]
    [InlineData("promote:\n  repos:")]
    [InlineData("promote:\n  on-split: hold")]
    public void Repos_must_not_be_empty(string yaml)
    {
        AssertError(yaml, "promote.repos", "must list at least one repo");
    }

    [Theory]
    [InlineData("WXYC/Backend-Service")]
    [InlineData("wxyc/backend-service")]
    public void A_repo_listed_twice_is_refused(string second)
    {
        AssertError(TwoRepos.With("WXYC/dj-site", second), "promote.repos[1].repo", "the same repo as the entry on line 3", line: 6);
    }

    [Fact]
    public void The_same_local_repository_spelled_two_ways_is_refused()
    {
        var yaml = "promote:\n  host: local\n  repos:\n"
            + "    - { repo: ./a, health: http://h.example/, version: http://h.example/v }\n"
            + "    - { repo: b/../a/, name: other, health: http://h.example/, version: http://h.example/v }\n";

        AssertError(yaml, "promote.repos[1].repo", "the same repo");
    }

    [Theory]
    [InlineData("- repo: WXYC/dj-site", "- name: Backend-Service\n      repo: WXYC/dj-site")]
    [InlineData("- repo: WXYC/dj-site", "- name: backend-service\n      repo: WXYC/dj-site")]
    public void Two_repos_with_the_same_name_are_refused(string find, string replace)
    {
        AssertError(TwoRepos.With(find, replace), "promote.repos[1].name", "names must be unique");
    }

    [Theory]
    [InlineData("back.end")]
    [InlineData("back end")]
    [InlineData("a$b")]
    [InlineData("\"\\u00e9t\\u00e9\"")]
    public void A_name_must_be_safe_as_a_GITHUB_OUTPUT_prefix(string name)
    {
        var error = AssertError(MinimalPromote.With("- repo:", $"- name: {name}\n      repo:"), "promote.repos[0].name", "$GITHUB_OUTPUT");

        Assert.Contains("letters, digits, _ and -", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_name_that_is_not_safe_asks_for_an_explicit_name()
    {
        AssertError(MinimalPromote.With("WXYC/Backend-Service", "WXYC/wxyc.org"), "promote.repos[0].name", "set name: explicitly");
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"a b\"")]
    [InlineData("a..b")]
    [InlineData("-prod")]
    [InlineData("refs/heads/prod")]
    [InlineData("prod~1")]
    [InlineData("prod^")]
    [InlineData("\"prod:x\"")]
    [InlineData("prod.lock")]
    [InlineData(".hidden")]
    [InlineData("release/")]
    [InlineData("release//x")]
    [InlineData("prod.")]
    [InlineData("HEAD")]
    [InlineData("a@{1}")]
    [InlineData("\"a*\"")]
    [InlineData("\"a\\\\b\"")]
    public void To_must_be_a_valid_branch_name(string branch)
    {
        AssertError(MinimalPromote.With("- repo:", $"- to: {branch}\n      repo:"), "promote.repos[0].to", branch == "\"\"" ? "must not be empty" : "is not a valid branch name");
    }

    [Theory]
    [InlineData("release/v1.2")]
    [InlineData("prod-eu")]
    public void Valid_branch_names_are_accepted(string branch)
    {
        Assert.Equal(branch, LoadPromote(MinimalPromote.With("- repo:", $"- from: {branch}\n      repo:")).Repos[0].From);
    }

    [Fact]
    public void From_must_be_a_valid_branch_name()
    {
        AssertError(MinimalPromote.With("- repo:", "- from: a..b\n      repo:"), "promote.repos[0].from", "is not a valid branch name");
    }

    [Fact]
    public void From_and_to_must_differ()
    {
        AssertError(MinimalPromote.With("- repo:", "- from: prod\n      repo:"), "promote.repos[0].to", "is the same branch as from");
    }

    [Theory]
    [InlineData("1TOKEN")]
    [InlineData("PUSH-TOKEN")]
    [InlineData("\"PUSH TOKEN\"")]
    [InlineData("\"${X}\"")]
    public void Push_token_env_must_be_a_variable_name(string name)
    {
        AssertError(MinimalPromote.With("- repo:", $"- push-token-env: {name}\n      repo:"), "promote.repos[0].push-token-env", "is not an environment variable name", environment: Env(("X", "a b")));
    }

    [Fact]
    public void Token_env_must_be_a_variable_name()
    {
        AssertError("github:\n  token-env: GH-TOKEN\n" + MinimalPromote, "github.token-env", "is not an environment variable name", line: 2);
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData(".sha")]
    [InlineData("sha.")]
    [InlineData("\"build sha\"")]
    public void Version_field_must_be_a_dotted_path(string field)
    {
        AssertError(MinimalPromote.With("- repo:", $"- version-field: {field}\n      repo:"), "promote.repos[0].version-field", "is not a dotted path");
    }

    [Fact]
    public void On_split_is_rollback_or_hold()
    {
        Assert.Equal(SplitPolicy.Hold, LoadPromote(MinimalPromote + "\n  on-split: hold").OnSplit);
        AssertError(MinimalPromote + "\n  on-split: abort", "promote.on-split", "'abort' is not one of: rollback, hold", line: 6);
    }

    [Fact]
    public void Host_is_github_or_local()
    {
        AssertError(MinimalPromote + "\n  host: gitlab", "promote.host", "is not one of: github, local");
        AssertError(MinimalPromote + "\n  host: GitHub", "promote.host", "is not one of: github, local");
    }

    [Theory]
    [InlineData("WXYC/wxyc-shared")]
    [InlineData("WXYC/wxyc-shared#0")]
    [InlineData("WXYC/wxyc-shared#-1")]
    [InlineData("WXYC/wxyc-shared#x")]
    [InlineData("wxyc-shared#4")]
    [InlineData("tracker.md")]
    public void A_github_tracker_must_be_owner_name_hash_number(string tracker)
    {
        AssertError(MinimalPromote + $"\n  bypass:\n    tracker: {tracker}", "promote.bypass.tracker", "is not an issue of the form owner/name#N with N > 0", line: 7);
    }

    [Fact]
    public void A_bypass_section_needs_a_tracker()
    {
        AssertError(MinimalPromote + "\n  bypass: {}", "promote.bypass.tracker", "is required");
    }

    [Fact]
    public void Check_names_are_unique_ignoring_case()
    {
        AssertError(TwoChecks.With("name: e2e", "name: Smoke"), "promote.checks[1].name", "is the name of another check (line 7)");
    }

    [Theory]
    [InlineData("\"e2e tests\"")]
    [InlineData("-e2e")]
    [InlineData("\"[e2e]\"")]
    public void Check_names_are_restricted(string name)
    {
        AssertError(TwoChecks.With("name: e2e", $"name: {name}"), "promote.checks[1].name", "is not a usable check name");
    }

    [Theory]
    [InlineData("run: ./smoke.sh", "run: \"  \"")]
    [InlineData("      run: ./smoke.sh\n", "")]
    public void A_check_needs_a_command(string find, string replace)
    {
        var key = "promote.checks[0].run";
        AssertError(TwoChecks.With(find, replace), key, replace.Length == 0 ? "is required" : "must not be empty");
    }

    [Fact]
    public void After_must_name_an_existing_check()
    {
        AssertError(TwoChecks + "\n      after: [smok]", "promote.checks[1].after[0]", "'smok' is not the name of a check (checks: smoke, e2e)", line: 11);
    }

    [Fact]
    public void A_check_cannot_run_after_itself()
    {
        AssertError(TwoChecks + "\n      after: [e2e]", "promote.checks[1].after[0]", "cannot run after itself");
    }

    [Fact]
    public void After_must_not_list_a_check_twice()
    {
        AssertError(TwoChecks + "\n      after: [smoke, smoke]", "promote.checks[1].after[1]", "is listed twice");
    }

    [Fact]
    public void After_must_not_form_a_cycle()
    {
        var yaml = TwoChecks.With("run: ./smoke.sh", "run: ./smoke.sh\n      after: [lint]")
            + "\n      after: [smoke]\n    - name: lint\n      run: npm run lint\n      after: [e2e]";

        var error = AssertError(yaml, "promote.checks[0].name", "checks wait on each other in a cycle: smoke waits on lint waits on e2e waits on smoke");

        Assert.Equal(7, error.Line);
    }

    [Fact]
    public void A_chain_of_after_is_accepted_in_any_file_order()
    {
        var yaml = TwoChecks.With("run: ./smoke.sh", "run: ./smoke.sh\n      after: [e2e]") + "\n      after: [lint]\n    - name: lint\n      run: npm run lint";

        Assert.Equal(["e2e"], LoadPromote(yaml).Checks[0].After);
    }

    [Theory]
    [InlineData("20m", 20 * 60_000)]
    [InlineData("5s", 5_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("90s", 90_000)]
    [InlineData("24h", 86_400_000)]
    public void Durations_are_number_and_unit_pairs(string duration, int milliseconds)
    {
        var check = LoadPromote(TwoChecks + $"\n      timeout: {duration}").Checks[1];

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), check.Timeout);
    }

    [Theory]
    [InlineData("20", "a unit is required")]
    [InlineData("-5m", "must be greater than zero")]
    [InlineData("0s", "must be greater than zero")]
    [InlineData("0ms", "must be greater than zero")]
    [InlineData("abc", "is not a duration")]
    [InlineData("5x", "is not a duration")]
    [InlineData("m", "is not a duration")]
    [InlineData("1h-5m", "is not a duration")]
    [InlineData("1.2.3s", "is not a duration")]
    [InlineData("5 m", "is not a duration")]
    [InlineData("25h", "must be at most 24h")]
    [InlineData("99999999999999999999h", "must be at most 24h")]
    [InlineData("9999999999999999999999999999999s", "is not a duration")]
    public void Bad_durations_are_named(string duration, string fragment)
    {
        AssertError(TwoChecks + $"\n      timeout: {duration}", "promote.checks[1].timeout", fragment, line: 11);
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("interval")]
    [InlineData("request-timeout")]
    public void Every_poll_duration_is_validated(string key)
    {
        AssertError(MinimalPromote + $"\n  poll:\n    {key}: soon", $"promote.poll.{key}", "is not a duration");
    }

    [Theory]
    [InlineData("{ timeout: 5s, interval: 10s }", "promote.poll.interval")]
    [InlineData("{ timeout: 5s, interval: 1s }", "promote.poll.request-timeout")]
    public void Poll_waits_must_fit_inside_the_poll_timeout(string poll, string key)
    {
        AssertError(MinimalPromote + $"\n  poll: {poll}", key, "must not be longer than poll.timeout");
    }

    [Theory]
    [InlineData("[A, A]", "is listed twice")]
    [InlineData("[1A]", "is not an environment variable name")]
    [InlineData("[BASE_URL]", "is also set in env")]
    public void Pass_env_names_are_valid_unique_and_not_also_set(string passEnv, string fragment)
    {
        var yaml = TwoChecks + $"\n      env: {{ BASE_URL: x }}\n      pass-env: {passEnv}";

        AssertError(yaml, passEnv == "[A, A]" ? "promote.checks[1].pass-env[1]" : "promote.checks[1].pass-env[0]", fragment);
    }

    [Theory]
    [InlineData("1A")]
    [InlineData("A-B")]
    public void Env_keys_must_be_variable_names(string name)
    {
        AssertError(TwoChecks + $"\n      env: {{ {name}: x }}", $"promote.checks[1].env.{name}", "is not an environment variable name");
    }

    [Fact]
    public void Env_values_may_be_numbers_and_empty()
    {
        var check = LoadPromote(TwoChecks + "\n      env: { RETRIES: 3, EMPTY: \"\", NOTHING: }").Checks[1];

        Assert.Equal(new Dictionary<string, string> { ["RETRIES"] = "3", ["EMPTY"] = "", ["NOTHING"] = "" }, check.Env);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("workdir")]
    [InlineData("timeout")]
    public void Optional_values_present_but_blank_are_refused(string key)
    {
        AssertError(TwoChecks + $"\n      {key}: \" \"", $"promote.checks[1].{key}", "must not be empty");
    }

    [Fact]
    public void Control_characters_in_values_are_refused()
    {
        AssertError(TwoChecks.With("run: ./smoke.sh", "run: \"./smoke.sh\\0\""), "promote.checks[0].run", "contains a control character (U+0000)");
    }

    [Fact]
    public void Multi_line_runs_keep_tabs_and_newlines()
    {
        var check = LoadPromote(TwoChecks.With("run: ./smoke.sh", "run: |\n        set -e\n        printf 'a\\tb'\n        ./smoke.sh")).Checks[0];

        Assert.Equal("set -e\nprintf 'a\\tb'\n./smoke.sh\n", check.Run);
    }
}
