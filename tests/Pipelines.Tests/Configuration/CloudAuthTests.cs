using Pipelines.Configuration;
using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

public sealed class CloudAuthTests
{
    private const string Aws = "aws: { role-arn: \"arn:aws:iam::123456789012:role/live-deploy\", region: us-east-1 }";
    private const string Gcp = "gcp: { workload-identity-provider: projects/123/locations/global/workloadIdentityPools/gh/providers/actions, service-account: ld@proj-123.iam.gserviceaccount.com, project: proj-123 }";
    private const string Azure = "azure: { tenant-id: 11111111-2222-3333-4444-555555555555, client-id: 66666666-7777-8888-9999-aaaaaaaaaaaa, subscription-id: bbbbbbbb-cccc-dddd-eeee-ffffffffffff }";
    private const string DigitalOcean = "digitalocean: { token-env: DO_TOKEN }";

    private static string WithAuth(params string[] entries) =>
        MinimalLiveDeploy + "\n  auth:\n" + string.Concat(entries.Select(e => $"    {e}\n"));

    [Fact]
    public void Every_provider_shape_is_read()
    {
        var auth = LoadLiveDeploy(WithAuth(Aws, Gcp, Azure, DigitalOcean, "tofu: { as: aws }")).Auth;

        Assert.Equal(new CloudAuthSettings("aws", RoleArn: "arn:aws:iam::123456789012:role/live-deploy", Region: "us-east-1"), auth["aws"]);
        Assert.Equal("ld@proj-123.iam.gserviceaccount.com", auth["gcp"].ServiceAccount);
        Assert.Equal("proj-123", auth["gcp"].Project);
        Assert.Equal("bbbbbbbb-cccc-dddd-eeee-ffffffffffff", auth["azure"].SubscriptionId);
        Assert.Equal("DO_TOKEN", auth["digitalocean"].TokenEnv);
        Assert.Equal(new CloudAuthSettings("tofu", As: "aws"), auth["tofu"]);
    }

    [Fact]
    public void Gcp_project_is_optional()
    {
        Assert.Null(LoadLiveDeploy(WithAuth(Gcp.With(", project: proj-123", ""))).Auth["gcp"].Project);
    }

    [Fact]
    public void The_full_workload_identity_resource_name_is_accepted()
    {
        var yaml = WithAuth(Gcp.With("projects/123", "//iam.googleapis.com/projects/123"));

        Assert.StartsWith("//iam.googleapis.com/", LoadLiveDeploy(yaml).Auth["gcp"].WorkloadIdentityProvider, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("region: us-east-1", "", "live-deploy.auth.aws.region", "is required")]
    [InlineData("role-arn: \"arn:aws:iam::123456789012:role/live-deploy\", ", "", "live-deploy.auth.aws.role-arn", "is required")]
    [InlineData("arn:aws:iam::123456789012:role/live-deploy", "arn:aws:iam::12345:role/x", "live-deploy.auth.aws.role-arn", "is not an IAM role ARN")]
    [InlineData("arn:aws:iam::123456789012:role/live-deploy", "arn:aws:iam::123456789012:user/x", "live-deploy.auth.aws.role-arn", "is not an IAM role ARN")]
    [InlineData("us-east-1", "useast", "live-deploy.auth.aws.region", "is not an AWS region")]
    public void Aws_needs_a_role_arn_and_a_region(string find, string replace, string key, string fragment)
    {
        AssertError(WithAuth(Aws.With(find, replace)), key, fragment, line: 8);
    }

    [Theory]
    [InlineData("service-account: ld@proj-123.iam.gserviceaccount.com, ", "", "live-deploy.auth.gcp.service-account", "is required")]
    [InlineData("workload-identity-provider: projects/123/locations/global/workloadIdentityPools/gh/providers/actions, ", "", "live-deploy.auth.gcp.workload-identity-provider", "is required")]
    [InlineData("projects/123/locations/global/workloadIdentityPools/gh/providers/actions", "pools/gh", "live-deploy.auth.gcp.workload-identity-provider", "is not projects/")]
    [InlineData("ld@proj-123.iam.gserviceaccount.com", "ld@example.com", "live-deploy.auth.gcp.service-account", "is not a service account email")]
    [InlineData("project: proj-123", "project: P", "live-deploy.auth.gcp.project", "is not a project ID")]
    public void Gcp_needs_a_provider_and_a_service_account(string find, string replace, string key, string fragment)
    {
        AssertError(WithAuth(Gcp.With(find, replace)), key, fragment);
    }

    [Theory]
    [InlineData("tenant-id: 11111111-2222-3333-4444-555555555555, ", "", "live-deploy.auth.azure.tenant-id", "is required")]
    [InlineData(", subscription-id: bbbbbbbb-cccc-dddd-eeee-ffffffffffff", "", "live-deploy.auth.azure.subscription-id", "is required")]
    [InlineData("client-id: 66666666-7777-8888-9999-aaaaaaaaaaaa", "client-id: my-app", "live-deploy.auth.azure.client-id", "is not a GUID")]
    [InlineData("tenant-id: 11111111-2222-3333-4444-555555555555", "tenant-id: \"not a tenant\"", "live-deploy.auth.azure.tenant-id", "is not a tenant GUID or domain")]
    public void Azure_needs_tenant_client_and_subscription(string find, string replace, string key, string fragment)
    {
        AssertError(WithAuth(Azure.With(find, replace)), key, fragment);
    }

    [Fact]
    public void Azure_accepts_a_tenant_domain()
    {
        Assert.Equal("contoso.onmicrosoft.com", LoadLiveDeploy(WithAuth(Azure.With("11111111-2222-3333-4444-555555555555", "contoso.onmicrosoft.com"))).Auth["azure"].TenantId);
    }

    [Theory]
    [InlineData("digitalocean: {}", "is required")]
    [InlineData("digitalocean: { token-env: do-token }", "is not an environment variable name")]
    public void Digitalocean_needs_a_token_variable(string entry, string fragment)
    {
        AssertError(WithAuth(entry), "live-deploy.auth.digitalocean.token-env", fragment);
    }

    [Fact]
    public void A_provider_shape_only_allows_its_own_keys()
    {
        AssertError(WithAuth(Aws.With("region: us-east-1", "region: us-east-1, client-id: x")), "live-deploy.auth.aws.client-id", "allowed here: role-arn, region, as");
    }

    [Fact]
    public void As_stands_alone()
    {
        AssertError(WithAuth(Aws, "gcp: { as: aws, project: proj-123 }"), "live-deploy.auth.gcp.project", "nothing else may be set beside it");
    }

    [Fact]
    public void A_provider_without_a_shape_must_use_as()
    {
        AssertError(WithAuth("tofu: {}"), "live-deploy.auth.tofu.as", "tofu has no credentials of its own");
        AssertError(WithAuth("tofu: { role-arn: x }"), "live-deploy.auth.tofu.role-arn", "unknown key");
    }

    [Fact]
    public void As_must_name_a_configured_provider()
    {
        AssertError(WithAuth(Aws, "tofu: { as: gcp }"), "live-deploy.auth.tofu.as", "'gcp' has no entry under auth (configured: aws, tofu)", line: 9);
    }

    [Theory]
    [InlineData("tofu: { as: tofu }")]
    [InlineData("tofu: { as: pulumi }", "pulumi: { as: tofu }")]
    [InlineData("a: { as: b }", "b: { as: c }", "c: { as: a }")]
    public void As_must_not_go_round_in_a_cycle(params string[] entries)
    {
        AssertError(WithAuth([Aws, .. entries]), $"live-deploy.auth.{entries[0][..entries[0].IndexOf(':')]}.as", "as: goes round in a cycle");
    }

    [Fact]
    public void An_as_chain_resolves_to_the_provider_it_ends_at()
    {
        var liveDeploy = LoadLiveDeploy(WithAuth("tofu: { as: pulumi }", "pulumi: { as: aws }", Aws));

        Assert.Equal("aws", liveDeploy.AuthFor("tofu")!.Provider);
    }

    [Fact]
    public void Provider_names_are_lowercase()
    {
        AssertError(WithAuth("AWS: { as: aws }", Aws), "live-deploy.auth.AWS", "is not a provider name");
    }

    [Fact]
    public void Plugins_without_an_auth_entry_are_allowed()
    {
        var liveDeploy = LoadLiveDeploy(MinimalLiveDeploy.With("plugins: [aws]", "plugins: [aws, tofu]").With("workflow-plugin-{plugin}.git", "workflow-plugin-{plugin}.git") + "\n  auth:\n    " + Aws);

        Assert.Null(liveDeploy.AuthFor("tofu"));
    }

    [Fact]
    public void A_bad_secret_shows_its_reference_not_its_value()
    {
        var yaml = WithAuth(Aws.With("\"arn:aws:iam::123456789012:role/live-deploy\"", "\"${ROLE_ARN}\""));

        var error = AssertError(yaml, "live-deploy.auth.aws.role-arn", "'${ROLE_ARN}' (after expansion) is not an IAM role ARN", environment: Env(("ROLE_ARN", "arn:aws:iam::1:role/s3cr3t")));

        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }
}
