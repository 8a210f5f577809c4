using System.Globalization;
using System.Text;
using Pipelines.Commands;
using Pipelines.Configuration;
using Pipelines.GitHub;
using Pipelines.LiveDeploy.Policy;
using Pipelines.Promotion;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// Generated near-valid and hostile identifiers (fixed seed): repositories, tracker issues, commit
/// SHAs, run ids, and the names and URLs of the configuration. Each validator accepts exactly its
/// documented shape (checked against an independent reference), never throws anything but its own
/// error, and never accepts a value it would then use differently (a trailing line break, say).
/// </summary>
public sealed class HostileIdentifierTests
{
    private const int Cases = 3_000;

    private static readonly string[] Hostile =
    [
        "\n", "\r", "\r\n", "\0", " ", "\t", "\u2028", "\u0085", "\u00a0", "é", "Ａ", "/", "//", "#", "#0", "#-1", "-", "--", ".", "..",
        ":", "@", "$", "${X}", "{", "}", "`", "'", "\"", "\\", "%2F", "?", "&", "=", "~", "*", "a", "Z", "9", "_",
    ];

    [Fact]
    public void Repositories_are_accepted_exactly_as_owner_slash_name()
    {
        foreach (var text in Generated(7_001, "acme-corp/backend.service_2"))
        {
            var accepted = RepositoryId.TryParse(text, out var id);

            Assert.True(accepted == IsRepository(text), Show(text, accepted));
            Assert.True(!accepted || id!.ToString() == text, Show(text, accepted));
        }
    }

    [Fact]
    public void Tracker_issues_are_accepted_exactly_as_owner_slash_name_hash_number()
    {
        foreach (var text in Generated(7_002, "acme/ops#42"))
        {
            var accepted = IssueReference.TryParse(text, out var issue);

            Assert.True(accepted == IsIssue(text), Show(text, accepted));
            Assert.True(!accepted || issue!.ToString() == text, Show(text, accepted));
        }
    }

    [Fact]
    public void Commit_shas_are_accepted_only_as_40_or_64_lowercase_hex()
    {
        foreach (var text in Generated(7_003, new string('a', 20) + "0123456789abcdef0123").Concat(Generated(7_004, new string('f', 64))))
        {
            var reference = text.Length is 40 or 64 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

            Assert.True(CommitSha.IsValid(text) == reference, Show(text, !reference));
        }
    }

    [Fact]
    public void Run_ids_are_accepted_only_as_1_to_64_letters_digits_dots_underscores_and_hyphens()
    {
        var context = new CommandContext(new Dictionary<string, string>(), "/", new PlainConsoleUi(TextWriter.Null, TextWriter.Null, TimeProvider.System), TimeProvider.System);
        foreach (var text in Generated(7_005, "run-1234.attempt_2"))
        {
            var reference = text.Length is >= 1 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
            bool resolved;
            try
            {
                resolved = RunIdentityResolver.Resolve(text, context).RunId == text;
            }
            catch (UsageException)
            {
                resolved = false;
            }

            Assert.True(resolved == reference, Show(text, resolved));
            Assert.True(RunMarker.IsValidRunId(text) == reference, Show(text, !reference));
        }
    }

    public static TheoryData<string, string> ConfiguredValues => new()
    {
        // key, a valid value (each is made invalid by a trailing line break)
        { "repo", "acme/backend" },
        { "name", "backend" },
        { "push-token-env", "PUSH_TOKEN" },
        { "health", "https://staging.example/healthcheck" },
        { "tracker", "acme/ops#1" },
    };

    [Theory]
    [MemberData(nameof(ConfiguredValues))]
    public void A_configured_value_is_used_exactly_as_written_or_refused_in_one_line(string key, string valid)
    {
        var random = new Random((key.Length * 131) + key[0]);
        var tried = new[] { valid, valid + "\n", valid + "\r\n", "\n" + valid, valid + " " }.Concat(Mutations(random, valid, 600));
        foreach (var value in tried)
        {
            PromoteSettings? settings = null;
            try
            {
                settings = ConfigurationLoader.Parse(Config(key, value), "/srv/pipelines.yaml", new Dictionary<string, string>()).Promote;
            }
            catch (ConfigurationException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }

            Assert.True((settings is not null) == IsValidConfigured(key, value), Show(value, settings is not null) + $" as {key}");
            if (settings is not null)
            {
                var repo = settings.Repos[0];
                var used = key switch
                {
                    "repo" => repo.Repo,
                    "name" => repo.Name,
                    "push-token-env" => repo.PushTokenEnv,
                    "health" => repo.Health.OriginalString,
                    _ => settings.Bypass!.Tracker,
                };
                Assert.Equal(value, used);
            }
        }
    }

    private static bool IsValidConfigured(string key, string value) => key switch
    {
        "repo" => IsRepository(value),
        "name" => value.Length is >= 1 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'),
        "push-token-env" => value.Length > 0 && (char.IsAsciiLetter(value[0]) || value[0] == '_') && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'),
        "health" => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            && uri.UserInfo.Length == 0 && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            // ${NAME} expands and $${ escapes it: the value would not be used as written.
            && !value.Contains("${", StringComparison.Ordinal),
        _ => IsIssue(value),
    };

    private static string Config(string key, string value)
    {
        var values = new Dictionary<string, string>
        {
            ["repo"] = "acme/backend",
            ["name"] = "backend",
            ["push-token-env"] = "PUSH_TOKEN",
            ["health"] = "https://staging.example/healthcheck",
            ["tracker"] = "acme/ops#1",
        };
        values[key] = value;
        return $"""
            promote:
              repos:
                - name: {Quote(values["name"])}
                  repo: {Quote(values["repo"])}
                  push-token-env: {Quote(values["push-token-env"])}
                  health: {Quote(values["health"])}
                  version: https://staging.example/version
              bypass:
                tracker: {Quote(values["tracker"])}
            """;
    }

    /// <summary>A YAML double-quoted scalar holding exactly <paramref name="value"/>.</summary>
    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || c is '\u007f' or '\u0085' or '\u2028' or '\u2029' || char.IsSurrogate(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    // ---- independent references ----

    private static bool IsRepository(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2)
        {
            return false;
        }

        var (owner, name) = (parts[0], parts[1]);
        var ownerOk = owner.Length is >= 1 and <= 39 && owner.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && owner[0] != '-' && owner[^1] != '-' && !owner.Contains("--", StringComparison.Ordinal);
        var nameOk = name.Length is >= 1 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && name is not ("." or "..");
        return ownerOk && nameOk;
    }

    private static bool IsIssue(string text)
    {
        var hash = text.LastIndexOf('#');
        return hash > 0
            && IsRepository(text[..hash])
            && text[(hash + 1)..] is { Length: >= 1 and <= 10 } digits
            && digits.All(char.IsAsciiDigit)
            && long.Parse(digits, CultureInfo.InvariantCulture) is > 0 and <= int.MaxValue;
    }

    // ---- generation ----

    private static IEnumerable<string> Generated(int seed, string valid)
    {
        var random = new Random(seed);
        yield return valid;
        yield return valid + "\n";
        yield return valid + "\r\n";
        yield return string.Empty;
        foreach (var text in Mutations(random, valid, Cases))
        {
            yield return text;
        }
    }

    private static IEnumerable<string> Mutations(Random random, string valid, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder(valid);
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(text.Length + 1);
                switch (random.Next(4))
                {
                    case 0 when text.Length > 0 && at < text.Length:
                        text.Remove(at, 1);
                        break;
                    case 1 when text.Length > 0 && at < text.Length:
                        text[at] = Hostile[random.Next(Hostile.Length)][0];
                        break;
                    case 2:
                        text.Append(Hostile[random.Next(Hostile.Length)]);
                        break;
                    default:
                        text.Insert(at, Hostile[random.Next(Hostile.Length)]);
                        break;
                }
            }

            if (random.Next(20) == 0)
            {
                text.Insert(0, new string('a', random.Next(30, 120)));
            }

            yield return text.ToString();
        }
    }

    private static string Show(string text, bool accepted) =>
        $"{(accepted ? "accepted" : "refused")} \"{string.Concat(text.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()))}\"";
}
