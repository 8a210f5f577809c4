using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

/// <summary>The shape of the file: known keys only, the right types, no duplicates, something to run.</summary>
public sealed class StructureTests
{
    [Theory]
    [InlineData("promte:\n  repos: []", "promte", 1, "did you mean 'promote'?")]
    [InlineData("github:\n  token: X\n", "github.token", 2, "allowed here: api-url, token-env")]
    public void Unknown_top_level_and_section_keys_are_named_with_the_allowed_ones(string prefix, string key, int line, string fragment)
    {
        AssertError(prefix + "\n" + MinimalPromote, key, fragment, line);
    }

    [Theory]
    [InlineData("health:", "helth:", "promote.repos[0].helth", "did you mean 'health'?")]
    [InlineData("repos:", "parallel: 2\n  repos:", "promote.parallel", "allowed here: host, repos, checks, poll, bypass, on-split")]
    [InlineData("health:", "Health:", "promote.repos[0].Health", "did you mean 'health'?")]
    public void Unknown_keys_in_promote_are_named(string find, string replace, string key, string fragment)
    {
        AssertError(MinimalPromote.With(find, replace), key, fragment);
    }

    [Theory]
    [InlineData("\n  poll: { timeout: 5m, intervall: 5s }", "promote.poll.intervall")]
    [InlineData("\n  bypass: { tracker: a/b#1, issue: 2 }", "promote.bypass.issue")]
    [InlineData("\n  checks:\n    - { name: a, run: b, cmd: c }", "promote.checks[0].cmd")]
    public void Unknown_keys_in_nested_promote_mappings_are_named(string append, string key)
    {
        AssertError(MinimalPromote + append, key, "unknown key");
    }

    [Theory]
    [InlineData("\n  registry-url: x", "live-deploy.registry-url")]
    [InlineData("\n  auth: { aws: { role-arn: arn:aws:iam::123456789012:role/x, region: us-east-1, project: p } }", "live-deploy.auth.aws.project")]
    public void Unknown_keys_in_live_deploy_are_named(string append, string key)
    {
        AssertError(MinimalLiveDeploy + append, key, "unknown key");
    }

    [Fact]
    public void Unknown_registry_key_is_named()
    {
        AssertError(MinimalLiveDeploy.With("repo: GoCodeAlone/workflow-registry", "repo: GoCodeAlone/workflow-registry\n    branch: main"), "live-deploy.registry.branch", "allowed here: repo, manifest, base");
    }

    [Theory]
    [InlineData("health: https://bs.staging.example/healthcheck", "health: { url: x }", "promote.repos[0].health", "expected text, found a mapping")]
    [InlineData("health: https://bs.staging.example/healthcheck", "health: [a, b]", "promote.repos[0].health", "expected text, found a list")]
    [InlineData("    - repo: WXYC/Backend-Service\n      health: https://bs.staging.example/healthcheck\n      version: https://bs.staging.example/version", "    - WXYC/Backend-Service", "promote.repos[0]", "expected a mapping")]
    public void Wrong_types_name_what_was_expected_and_found(string find, string replace, string key, string fragment)
    {
        AssertError(MinimalPromote.With(find, replace), key, fragment);
    }

    [Theory]
    [InlineData("promote:\n  repos: WXYC/Backend-Service", "promote.repos", "expected a list")]
    [InlineData("promote: [a]", "promote", "expected a mapping")]
    [InlineData("promote: just text", "promote", "expected a mapping")]
    public void Wrong_types_for_whole_sections(string yaml, string key, string fragment)
    {
        AssertError(yaml, key, fragment, line: yaml.Count(c => c == '\n') + 1);
    }

    [Theory]
    [InlineData("\n  poll: 5m", "promote.poll", "expected a mapping")]
    [InlineData("\n  checks:\n    - name: a\n      run: b\n      env: [A]", "promote.checks[0].env", "expected a mapping")]
    [InlineData("\n  checks:\n    - name: a\n      run: b\n      after: smoke", "promote.checks[0].after", "expected a list")]
    [InlineData("\n  checks:\n    - name: a\n      run: b\n      pass-env: [[A]]", "promote.checks[0].pass-env[0]", "expected text, found a list")]
    [InlineData("\n  checks:\n    - name: a\n      run: { x: y }", "promote.checks[0].run", "expected text")]
    public void Wrong_types_in_checks_and_poll(string append, string key, string fragment)
    {
        AssertError(MinimalPromote + append, key, fragment);
    }

    [Theory]
    [InlineData("plugins: [aws]", "plugins: aws", "live-deploy.plugins", "expected a list")]
    [InlineData("plugins: [aws]", "plugins: [aws]\n  auth: [aws]", "live-deploy.auth", "expected a mapping")]
    [InlineData("plugins: [aws]", "plugins: [aws]\n  auth: { aws: arn }", "live-deploy.auth.aws", "expected a mapping")]
    [InlineData("registry:\n    repo: GoCodeAlone/workflow-registry", "registry: GoCodeAlone/workflow-registry", "live-deploy.registry", "expected a mapping")]
    public void Wrong_types_in_live_deploy(string find, string replace, string key, string fragment)
    {
        AssertError(MinimalLiveDeploy.With(find, replace), key, fragment);
    }

    [Fact]
    public void A_duplicate_key_is_named_with_its_path_and_both_lines()
    {
        var yaml = MinimalPromote + "\n      health: https://other.example/health";

        AssertError(yaml, "promote.repos[0].health", "duplicate key (first on line 4)", line: 6);
    }

    [Fact]
    public void A_duplicate_top_level_section_is_refused()
    {
        AssertError(MinimalPromote + "\n" + MinimalPromote, "promote", "duplicate key (first on line 1)", line: 6);
    }

    [Fact]
    public void A_duplicate_key_inside_a_flow_mapping_is_refused()
    {
        AssertError(MinimalPromote + "\n  poll: { timeout: 5m, timeout: 6m }", "promote.poll.timeout", "duplicate key");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("~")]
    [InlineData("---\n...\n")]
    public void An_empty_document_is_an_error(string yaml)
    {
        AssertError(yaml, key: null, "the configuration is empty");
    }

    [Theory]
    [InlineData("just text", "found text")]
    [InlineData("- promote", "found a list")]
    public void The_top_level_must_be_a_mapping(string yaml, string fragment)
    {
        AssertError(yaml, key: null, fragment, line: 1);
    }

    [Fact]
    public void A_file_with_only_github_has_nothing_to_run()
    {
        AssertError("github:\n  token-env: T\n", key: null, "add a promote or live-deploy section");
    }

    [Fact]
    public void Several_documents_are_refused()
    {
        AssertError(MinimalPromote + "\n---\n" + MinimalLiveDeploy, key: null, "more than one YAML document", line: 6);
    }

    [Fact]
    public void Keys_that_are_not_plain_text_are_refused()
    {
        AssertError(MinimalPromote + "\n  ? [a, b]\n  : c", "promote", "keys must be plain text");
    }

    [Fact]
    public void Key_paths_count_list_items_and_report_the_value_line()
    {
        var yaml = MinimalPromote + """

                - repo: WXYC/dj-site
                  health: https://dj.staging.example/health
                  version: ftp://dj.staging.example/version
            """;

        AssertError(yaml, "promote.repos[1].version", "'ftp://dj.staging.example/version' is not an absolute http(s) URL", line: 8);
    }

    [Fact]
    public void A_missing_required_key_is_reported_at_its_mapping()
    {
        AssertError(MinimalPromote.With("      version: https://bs.staging.example/version", ""), "promote.repos[0].version", "is required", line: 3);
    }

    [Fact]
    public void Keys_with_control_characters_are_shown_escaped_on_one_line()
    {
        var error = AssertError(MinimalPromote + "\n  \"bad\\nkey\\u2028x\": 1", "promote.bad\\u000akey\\u2028x", "unknown key");

        Assert.StartsWith("promote.bad\\u000akey\\u2028x (line 6): unknown key", error.Message, StringComparison.Ordinal);
    }
}
