using System.Diagnostics;
using System.Text;
using Pipelines.Configuration;
using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

/// <summary>Inputs built to break a parser: each is refused with a one-line configuration error.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pipelines-hostile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Text_over_one_MiB_is_refused_before_parsing()
    {
        var yaml = MinimalPromote + "\n# " + new string('x', ConfigurationLimits.MaxBytes);

        AssertError(yaml, key: null, "larger than 1 MiB");
    }

    [Fact]
    public void Text_under_one_MiB_in_characters_but_over_it_in_bytes_is_refused()
    {
        var yaml = MinimalPromote + "\n# " + new string('é', ConfigurationLimits.MaxBytes / 2 + 1);

        AssertError(yaml, key: null, "larger than 1 MiB");
    }

    [Fact]
    public void A_file_over_one_MiB_is_refused()
    {
        var file = Path.Combine(_directory, "huge.yaml");
        File.WriteAllText(file, MinimalPromote + "\n# " + new string('x', ConfigurationLimits.MaxBytes));

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.LoadFile(file, NoEnvironment));

        Assert.Contains("larger than 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_just_under_the_limit_is_read()
    {
        var file = Path.Combine(_directory, "big-but-fine.yaml");
        var head = MinimalPromote + "\n# ";
        File.WriteAllText(file, head + new string('x', ConfigurationLimits.MaxBytes - head.Length - 1) + "\n");

        Assert.NotNull(ConfigurationLoader.LoadFile(file, NoEnvironment).Promote);
    }

    [Theory]
    [InlineData("[", 100_000)]
    [InlineData("{a: ", 100_000)]
    [InlineData("- ", 50_000)]
    public void Deep_nesting_is_refused_without_exhausting_the_stack(string opener, int depth)
    {
        var yaml = string.Concat(Enumerable.Repeat(opener, depth));

        var error = Assert.Throws<ConfigurationException>(() => Load(yaml));

        Assert.Contains($"nested more than {ConfigurationLimits.MaxDepth} levels deep", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 250, $"the key path in the message is not cut short: {error.Message}");
        AssertOneLine(error);
    }

    [Fact]
    public void Deep_block_mappings_name_the_path_where_the_limit_was_hit()
    {
        var builder = new StringBuilder();
        for (var level = 0; level < 80; level++)
        {
            builder.Append(' ', level * 2).Append("k:\n");
        }

        var error = AssertError(builder.ToString(), key: string.Join('.', Enumerable.Repeat("k", ConfigurationLimits.MaxDepth)), "nested more than 64 levels deep");

        Assert.Equal(ConfigurationLimits.MaxDepth + 1, error.Line);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses_as_yaml_and_fails_only_on_schema()
    {
        var yaml = MinimalPromote + "\n  checks:\n    - name: a\n      run: b\n      env: " + new string('[', ConfigurationLimits.MaxDepth - 4) + new string(']', ConfigurationLimits.MaxDepth - 4);

        AssertError(yaml, "promote.checks[0].env", "expected a mapping");
    }

    [Fact]
    public void A_billion_laughs_is_refused_at_the_first_alias_and_quickly()
    {
        var builder = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 30; i++)
        {
            builder.Append($"a{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        }

        var stopwatch = Stopwatch.StartNew();
        AssertError(builder.ToString(), "a1[0]", "aliases (*name) are not supported", line: 2);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void A_merge_key_is_refused_as_an_alias()
    {
        var yaml = MinimalPromote + "\n  poll: &p { timeout: 5m }\n  bypass:\n    <<: *p";

        AssertError(yaml, "promote.bypass.<<", "aliases (*name) are not supported");
    }

    [Fact]
    public void An_anchor_without_an_alias_is_harmless()
    {
        Assert.Equal(TimeSpan.FromMinutes(7), LoadPromote(MinimalPromote + "\n  poll: &p { timeout: 7m }").Poll.Timeout);
    }

    [Fact]
    public void Too_many_values_are_refused()
    {
        var yaml = "x: [" + string.Join(",", Enumerable.Repeat("a", ConfigurationLimits.MaxNodes + 1)) + "]";

        AssertError(yaml, key: null, $"more than {ConfigurationLimits.MaxNodes} values");
    }

    [Fact]
    public void Tab_indentation_gets_a_message_about_tabs_on_the_tab_line()
    {
        var yaml = MinimalPromote.With("      health:", "\t  health:");

        AssertError(yaml, key: null, "tabs are not allowed for indentation", line: 4);
    }

    [Fact]
    public void Tabs_inside_values_are_fine()
    {
        var check = LoadPromote(MinimalPromote + "\n  checks:\n    - name: a\n      run: \"printf\ta\"").Checks[0];

        Assert.Equal("printf\ta", check.Run);
    }

    [Fact]
    public void Truncated_yaml_is_a_syntax_error_with_a_line()
    {
        AssertError(MinimalPromote + "\n  poll: { timeout: 5m, interval: \"5", key: null, "not valid YAML", line: 6);
    }

    [Theory]
    [InlineData("  b: {d\ne}")]
    [InlineData("promote: { repos: x, d\ne: z }")]
    public void A_parser_failure_that_is_not_a_YamlException_is_still_a_configuration_error(string yaml)
    {
        // YamlDotNet 18.1 throws InvalidOperationException from ScanPlainScalar on a plain value in
        // { } continued at column 0 (found by the fuzz tests).
        var error = Assert.Throws<ConfigurationException>(() => Load(yaml));

        Assert.Contains("not valid YAML after line 1", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(MinimalPromote).Concat(new byte[] { 0xC3, 0x28, 0xFF }).ToArray();

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.ParseUtf8(bytes, SourcePath, NoEnvironment));

        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(MinimalPromote)).ToArray();

        Assert.NotNull(ConfigurationLoader.ParseUtf8(bytes, SourcePath, NoEnvironment).Promote);
    }

    [Theory]
    [InlineData("promote:\0\n")]
    [InlineData("\u0001\u0002\u0003")]
    [InlineData("promote:\n  host: \"\\u0000\"")]
    [InlineData("\ud800")]
    [InlineData("promote: \u2028 x")]
    [InlineData("%YAML 9.9\n--- a")]
    [InlineData("%TAG ! tag:x\n--- !a b")]
    [InlineData("!!binary AAAA")]
    [InlineData("? ? ? a")]
    [InlineData("a: b: c")]
    [InlineData("'")]
    [InlineData("|")]
    [InlineData("&a [*a]")]
    public void Odd_inputs_give_configuration_errors(string yaml)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(yaml));

        AssertOneLine(error);
    }

    [Fact]
    public void A_missing_file_names_the_file()
    {
        var file = Path.Combine(_directory, "absent.yaml");

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.LoadFile(file, NoEnvironment));

        Assert.Contains("absent.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_not_a_configuration_file()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.LoadFile(_directory, NoEnvironment));

        Assert.Contains("cannot read configuration file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_prefix_of_a_valid_file_parses_or_fails_cleanly()
    {
        var yaml = MinimalPromote + "\n  checks:\n    - { name: e2e, run: \"npm test\", env: { A: \"1\" }, pass-env: [B] }\n  poll: { timeout: 5m }\n  bypass:\n    tracker: WXYC/wxyc-shared#42\n";

        for (var length = 0; length <= yaml.Length; length++)
        {
            try
            {
                Load(yaml[..length]);
            }
            catch (ConfigurationException error)
            {
                AssertOneLine(error);
            }
        }
    }
}
