using System.Text;
using System.Text.Json;
using Pipelines.Reporting;
using Pipelines.Security;

namespace Pipelines.Tests.Redaction;

public sealed class SecretRedactorTests
{
    private const string Pem = "-----BEGIN PRIVATE KEY-----\r\nMIIBVQIBADANBgkqhkiG9w0BAQEF\nAASCAT8wggE7AgEAAkEAq7BFUpkG\n-----END PRIVATE KEY-----";

    private static readonly SecretRedactor Redactor = new([new Secret("KEY", Pem)]);

    [Theory]
    [InlineData("MIIBVQIBADANBgkqhkiG9w0BAQEF")]
    [InlineData("   AASCAT8wggE7AgEAAkEAq7BFUpkG  ")]
    [InlineData("-----END PRIVATE KEY-----")]
    public void Each_line_of_a_multi_line_secret_is_masked_on_its_own(string line)
    {
        var redacted = Redactor.Redact($"[check] {line}");

        Assert.DoesNotContain(line.Trim(), redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void The_whole_value_with_other_line_endings_is_masked_across_line_boundaries()
    {
        var text = "before\n" + Pem.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal) + "\nafter";

        var redacted = Redactor.Redact(text);

        Assert.Equal("before\n***\r\n***\r\n***\r\n***\nafter", redacted);
    }

    [Fact]
    public void Base64_and_json_escaped_forms_of_the_value_are_masked()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Pem));
        var json = JsonSerializer.Serialize(new { key = Pem });

        Assert.Equal("b64=***", Redactor.Redact("b64=" + base64));
        Assert.Equal("{\"key\":\"***\"}", Redactor.Redact(json));
    }

    [Fact]
    public void Lines_shorter_than_the_minimum_are_not_masked_so_ordinary_text_survives()
    {
        var redactor = new SecretRedactor([new Secret("JSON", "{\n  \"private_key\": \"abcdefgh\"\n}")]);

        Assert.Equal("{ *** }", redactor.Redact("{ \"private_key\": \"abcdefgh\" }"));
    }

    [Fact]
    public void Including_adds_secrets_in_all_their_forms_and_keeps_the_first()
    {
        var redactor = SecretRedactor.None.Including([new Secret("A", "first-secret")]).Including([new Secret("B", "line-one\nline-two")]);

        Assert.Equal("*** *** ***", redactor.Redact("first-secret line-one line-two"));
    }

    [Fact]
    public void Mask_commands_give_the_runner_every_line_and_encoding_each_escaped_as_a_workflow_command()
    {
        var commands = GitHubActionsOutput.MaskCommands(["ab%0Acd\nsecond-line"]).ToList();

        Assert.Contains("::add-mask::ab%250Acd", commands);
        Assert.Contains("::add-mask::second-line", commands);
        Assert.Contains("::add-mask::ab%250Acd\\nsecond-line", commands);
        Assert.Contains("::add-mask::" + Convert.ToBase64String(Encoding.UTF8.GetBytes("ab%0Acd\nsecond-line")), commands);
        Assert.All(commands, c => Assert.DoesNotContain('\n', c));
    }
}
