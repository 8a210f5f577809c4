using System.Text;
using Pipelines.Configuration;
using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

/// <summary>
/// Generated hostile input with fixed seeds: whatever the bytes, the loader either returns a
/// configuration or throws a one-line <see cref="ConfigurationException"/> that shows no variable's value.
/// </summary>
public sealed class FuzzTests
{
    private const int Cases = 2_000;

    private static readonly string[] YamlTokens =
    [
        "{", "}", "[", "]", ",", ": ", "- ", "? ", "&a ", "*a", "!!binary ", "!x ", "|", ">-", "#", "---\n", "...\n",
        "%YAML 1.1\n", "\"", "'", "\t", "\n", "\r", "\r\n", "\0", "\u2028", "\u0085", "${", "$${", "${GITHUB_TOKEN}",
        "${NOT_SET}", "${GCP_PROJECT}", "}", "<<: ", "~", "null", "\\", "\uFEFF", "\ud800", "{plugin}", "..", "-1", "0s",
    ];

    private static readonly Dictionary<string, string> Environment = new(FullExampleTests.SpecEnvironment)
    {
        ["GITHUB_TOKEN"] = "ghp_fuzz_token_value_0123456789",
        ["GITHUB_API_URL"] = "https://ghe.fuzz-secret.example/api/v3",
    };

    [Fact]
    public void Byte_and_line_mutations_of_a_valid_file_only_parse_or_fail_cleanly()
    {
        var random = new Random(20_261_123);
        var original = Encoding.UTF8.GetBytes(FullExampleTests.SpecExample);
        var outcomes = new Outcomes();

        for (var i = 0; i < Cases; i++)
        {
            var mutated = original;
            var mutations = random.Next(1, 5);
            for (var m = 0; m < mutations; m++)
            {
                mutated = Mutate(mutated, random);
            }

            outcomes.Record(i, mutated, () => ConfigurationLoader.ParseUtf8(mutated, SourcePath, Environment));
        }

        outcomes.AssertOutcomes(minimumSuccesses: 1);
    }

    [Fact]
    public void Random_trees_over_the_schema_keys_only_parse_or_fail_cleanly()
    {
        var random = new Random(7_894);
        var outcomes = new Outcomes();

        for (var i = 0; i < Cases; i++)
        {
            var yaml = RandomTree.Generate(random);
            outcomes.Record(i, Encoding.UTF8.GetBytes(yaml), () => ConfigurationLoader.Parse(yaml, SourcePath, Environment));
        }

        outcomes.AssertOutcomes(minimumSuccesses: 0);
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var lines = Encoding.UTF8.GetString(input).Split('\n').ToList();
        switch (random.Next(10))
        {
            case 0 when input.Length > 0:
                var flipped = (byte[])input.Clone();
                flipped[random.Next(input.Length)] = (byte)random.Next(256);
                return flipped;
            case 1 when input.Length > 0:
                var start = random.Next(input.Length);
                var count = Math.Min(random.Next(1, 21), input.Length - start);
                return [.. input[..start], .. input[(start + count)..]];
            case 2:
                var noise = new byte[random.Next(1, 9)];
                random.NextBytes(noise);
                return Insert(input, random.Next(input.Length + 1), noise);
            case 3:
                return Insert(input, random.Next(input.Length + 1), Encoding.UTF8.GetBytes(YamlTokens[random.Next(YamlTokens.Length)]));
            case 4 when lines.Count > 0:
                var duplicated = random.Next(lines.Count);
                lines.Insert(duplicated, lines[duplicated]);
                break;
            case 5 when lines.Count > 1:
                lines.RemoveAt(random.Next(lines.Count));
                break;
            case 6 when lines.Count > 1:
                var (a, b) = (random.Next(lines.Count), random.Next(lines.Count));
                (lines[a], lines[b]) = (lines[b], lines[a]);
                break;
            case 7:
                return input[..random.Next(input.Length + 1)];
            case 8 when lines.Count > 0:
                var indented = random.Next(lines.Count);
                lines[indented] = random.Next(3) switch
                {
                    0 => "  " + lines[indented],
                    1 => "\t" + lines[indented],
                    _ => lines[indented].TrimStart(),
                };
                break;
            default:
                return Insert(input, random.Next(input.Length + 1), Encoding.UTF8.GetBytes(YamlTokens[random.Next(YamlTokens.Length)]));
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static byte[] Insert(byte[] input, int at, byte[] insert) => [.. input[..at], .. insert, .. input[at..]];

    private sealed class Outcomes
    {
        private int _successes;
        private int _failures;

        public void Record(int index, byte[] input, Func<PipelinesConfig> load)
        {
            try
            {
                load();
                _successes++;
            }
            catch (ConfigurationException error)
            {
                _failures++;
                Assert.False(error.Message.Contains('\n') || error.Message.Contains('\r'), $"case {index}: message is not one line: {error.Message}");
                foreach (var value in Environment.Values)
                {
                    Assert.False(error.Message.Contains(value, StringComparison.Ordinal), $"case {index}: message shows a variable's value: {error.Message}");
                }
            }
            catch (Exception other)
            {
                Assert.Fail($"case {index}: {other}\ninput (base64): {Convert.ToBase64String(input)}");
            }
        }

        public void AssertOutcomes(int minimumSuccesses)
        {
            Assert.True(_failures > 0, "no input failed: the mutations are not reaching the loader");
            Assert.True(_successes >= minimumSuccesses, $"only {_successes} inputs parsed");
        }
    }

    /// <summary>Random YAML built from the schema's own keys with values of random type and content.</summary>
    private static class RandomTree
    {
        private static readonly string[] Keys =
        [
            "github", "promote", "live-deploy", "api-url", "token-env", "host", "repos", "name", "repo", "from", "to",
            "push-token-env", "health", "version", "version-field", "checks", "run", "workdir", "env", "pass-env",
            "timeout", "image", "after", "poll", "interval", "request-timeout", "bypass", "tracker", "on-split",
            "plugins", "clone-url", "ref", "example", "depth", "wfctl", "teardown-timeout", "parallel", "auth",
            "aws", "gcp", "azure", "digitalocean", "tofu", "as", "role-arn", "region", "registry", "manifest", "base",
            "tracker-repo", "demote-after", "tenant-id", "client-id", "subscription-id", "service-account",
            "workload-identity-provider", "project",
        ];

        private static readonly string[] Scalars =
        [
            "main", "prod", "WXYC/Backend-Service", "a/b#1", "https://x.example/h", "http://127.0.0.1:1/",
            "ftp://x", "5m", "0s", "-1", "1", "65", "plan", "apply", "github", "local", "rollback", "hold", "aws", "gcp",
            "\"${GITHUB_TOKEN}\"", "\"${NOT_SET}\"", "\"${GCP_PROJECT}\"", "\"$${X}\"", "~", "\"\"", "e2e", "smoke", "x.y",
            "us-east-1", "arn:aws:iam::123456789012:role/r", "{plugin}/x", "\"a\\u0000b\"", "GITHUB_TOKEN", "A-B",
        ];

        public static string Generate(Random random)
        {
            var builder = new StringBuilder();
            WriteMapping(builder, random, depth: 0, indent: 0, forceKey: Keys[random.Next(3)]);
            return builder.ToString();
        }

        private static void WriteMapping(StringBuilder builder, Random random, int depth, int indent, string? forceKey = null)
        {
            var entries = random.Next(1, 5);
            for (var i = 0; i < entries; i++)
            {
                var key = i == 0 && forceKey is not null ? forceKey : Keys[random.Next(Keys.Length)];
                builder.Append(' ', indent).Append(key).Append(':');
                WriteValue(builder, random, depth + 1, indent + 2);
            }
        }

        private static void WriteValue(StringBuilder builder, Random random, int depth, int indent)
        {
            var kind = depth > 5 ? 0 : random.Next(4);
            switch (kind)
            {
                case 0:
                    builder.Append(' ').Append(Scalars[random.Next(Scalars.Length)]).Append('\n');
                    break;
                case 1:
                    builder.Append('\n');
                    WriteMapping(builder, random, depth, indent);
                    break;
                case 2:
                    builder.Append(" [").AppendJoin(", ", Enumerable.Range(0, random.Next(4)).Select(_ => Scalars[random.Next(Scalars.Length)])).Append("]\n");
                    break;
                default:
                    builder.Append('\n');
                    for (var i = random.Next(1, 4); i > 0; i--)
                    {
                        builder.Append(' ', indent).Append("-\n");
                        WriteMapping(builder, random, depth + 1, indent + 2);
                    }

                    break;
            }
        }
    }
}
