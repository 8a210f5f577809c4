using Pipelines.Configuration;
using Pipelines.LiveDeploy.CloudLogin;
using Pipelines.Testing.LiveDeploy;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>The OIDC exchanges against loopback fakes of the Actions token endpoint and each provider.</summary>
public sealed class CloudLoginTests
{
    private static Dictionary<string, string> ActionsEnvironment(FakeActionsOidc oidc) => new(StringComparer.Ordinal)
    {
        [GitHubActionsOidc.RequestUrlVariable] = oidc.RequestUrl.ToString(),
        [GitHubActionsOidc.RequestTokenVariable] = oidc.RequestToken,
    };

    [Fact]
    public async Task Aws_exchanges_the_sts_audience_token_for_session_keys_given_only_to_wfctl()
    {
        await using var oidc = await FakeActionsOidc.StartAsync();
        await using var sts = await FakeAwsSts.StartAsync();
        var options = CloudLoginOptions.Default.WithAwsStsEndpoint(sts.Endpoint);
        var environment = ActionsEnvironment(oidc);
        var source = GitHubActionsOidc.FromEnvironment(environment, options)!;
        var auth = new CloudAuthSettings("aws", RoleArn: "arn:aws:iam::123456789012:role/live-deploy", Region: "eu-west-1");

        await using var session = await new CloudLogins(options).Select("aws", auth, oidcAvailable: true)
            .LoginAsync(new CloudLoginRequest(auth, "aws", "run-42", environment, source), CancellationToken.None);

        Assert.Equal(["sts.amazonaws.com"], oidc.Audiences);
        var call = Assert.Single(sts.Requests);
        Assert.Equal("AssumeRoleWithWebIdentity", call["Action"]);
        Assert.Equal("arn:aws:iam::123456789012:role/live-deploy", call["RoleArn"]);
        Assert.Equal(FakeActionsOidc.TokenFor("sts.amazonaws.com"), call["WebIdentityToken"]);
        Assert.Equal("live-deploy-run-42-aws", call["RoleSessionName"]);
        Assert.Equal(FakeAwsSts.AccessKeyId, session.Environment["AWS_ACCESS_KEY_ID"]);
        Assert.Equal(FakeAwsSts.SecretAccessKey, session.Environment["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal(FakeAwsSts.SessionToken, session.Environment["AWS_SESSION_TOKEN"]);
        Assert.Equal("eu-west-1", session.Environment["AWS_REGION"]);
        Assert.Contains(session.Secrets, s => s.Reveal() == FakeAwsSts.SecretAccessKey);
        Assert.DoesNotContain(FakeAwsSts.SecretAccessKey, session.Description);
    }

    [Fact]
    public async Task Aws_rejection_is_a_login_error_naming_the_code_without_the_token()
    {
        await using var oidc = await FakeActionsOidc.StartAsync();
        await using var sts = await FakeAwsSts.StartAsync();
        sts.RejectWith = "InvalidIdentityToken";
        var options = CloudLoginOptions.Default.WithAwsStsEndpoint(sts.Endpoint);
        var environment = ActionsEnvironment(oidc);
        var auth = new CloudAuthSettings("aws", RoleArn: "arn:aws:iam::123456789012:role/live-deploy", Region: "us-east-1");

        var error = await Assert.ThrowsAsync<CloudLoginException>(() => new CloudLogins(options).Select("aws", auth, true)
            .LoginAsync(new CloudLoginRequest(auth, "aws", "run-1", environment, GitHubActionsOidc.FromEnvironment(environment, options)), CancellationToken.None));

        Assert.Contains("InvalidIdentityToken", error.Message);
        Assert.DoesNotContain(FakeActionsOidc.TokenFor("sts.amazonaws.com"), error.Message);
    }

    [Fact]
    public async Task Gcp_writes_a_private_external_account_file_exchanges_it_and_removes_it_afterwards()
    {
        await using var oidc = await FakeActionsOidc.StartAsync();
        await using var google = await FakeGoogleSts.StartAsync();
        var options = CloudLoginOptions.Default.WithGoogleEndpoints(google.TokenUrl, google.IamCredentialsUrl);
        var environment = ActionsEnvironment(oidc);
        const string provider = "projects/123456/locations/global/workloadIdentityPools/github/providers/actions";
        var auth = new CloudAuthSettings("gcp", WorkloadIdentityProvider: provider, ServiceAccount: "live-deploy@staging-proj.iam.gserviceaccount.com", Project: "staging-proj");

        var session = await new CloudLogins(options).Select("gcp", auth, true)
            .LoginAsync(new CloudLoginRequest(auth, "gcp", "run-1", environment, GitHubActionsOidc.FromEnvironment(environment, options)), CancellationToken.None);
        var credentialsFile = session.Environment["GOOGLE_APPLICATION_CREDENTIALS"];
        var json = await File.ReadAllTextAsync(credentialsFile);
        var mode = UnixMode.Of(credentialsFile);
        await session.DisposeAsync();

        Assert.Equal(["//iam.googleapis.com/" + provider], oidc.Audiences);
        var exchange = Assert.Single(google.Exchanges);
        Assert.Equal(FakeActionsOidc.TokenFor("//iam.googleapis.com/" + provider), exchange["subject_token"]);
        Assert.Equal("//iam.googleapis.com/" + provider, exchange["audience"]);
        Assert.Contains("live-deploy@staging-proj.iam.gserviceaccount.com", Assert.Single(google.Impersonations));
        Assert.Contains("\"type\": \"external_account\"", json);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal("staging-proj", session.Environment["GOOGLE_CLOUD_PROJECT"]);
        Assert.False(File.Exists(credentialsFile));
        Assert.False(Directory.Exists(Path.GetDirectoryName(credentialsFile)));
    }

    [Fact]
    public async Task Azure_writes_the_federated_token_file_checks_it_with_azure_identity_and_removes_it()
    {
        await using var oidc = await FakeActionsOidc.StartAsync();
        await using var authority = await FakeAzureAuthority.StartAsync();
        var options = CloudLoginOptions.Default
            .WithAzureAuthorityHost(authority.AuthorityHost)
            .WithHttpHandlerFactory(authority.CreateHandler);
        var environment = ActionsEnvironment(oidc);
        var auth = new CloudAuthSettings("azure", TenantId: "11111111-2222-3333-4444-555555555555", ClientId: "66666666-7777-8888-9999-000000000000", SubscriptionId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");

        var session = await new CloudLogins(options).Select("azure", auth, true)
            .LoginAsync(new CloudLoginRequest(auth, "azure", "run-1", environment, GitHubActionsOidc.FromEnvironment(environment, options)), CancellationToken.None);
        var tokenFile = session.Environment["AZURE_FEDERATED_TOKEN_FILE"];
        var token = await File.ReadAllTextAsync(tokenFile);
        var mode = UnixMode.Of(tokenFile);
        await session.DisposeAsync();

        Assert.Equal(["api://AzureADTokenExchange"], oidc.Audiences);
        var request = Assert.Single(authority.TokenRequests);
        Assert.Equal("11111111-2222-3333-4444-555555555555", request["tenant"]);
        Assert.Equal("66666666-7777-8888-9999-000000000000", request["client_id"]);
        Assert.Equal(FakeActionsOidc.TokenFor("api://AzureADTokenExchange"), request["client_assertion"]);
        Assert.Equal(FakeActionsOidc.TokenFor("api://AzureADTokenExchange"), token);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal("66666666-7777-8888-9999-000000000000", session.Environment["AZURE_CLIENT_ID"]);
        Assert.Equal("11111111-2222-3333-4444-555555555555", session.Environment["AZURE_TENANT_ID"]);
        Assert.Equal("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", session.Environment["AZURE_SUBSCRIPTION_ID"]);
        Assert.False(File.Exists(tokenFile));
    }

    [Fact]
    public async Task The_oidc_request_without_the_right_bearer_token_fails_as_a_login_error()
    {
        await using var oidc = await FakeActionsOidc.StartAsync();
        var source = new GitHubActionsOidc(oidc.RequestUrl, new Pipelines.Security.Secret("t", "wrong-token"), CloudLoginOptions.Default);

        var error = await Assert.ThrowsAsync<CloudLoginException>(() => source.GetTokenAsync("sts.amazonaws.com", CancellationToken.None));

        Assert.Contains("401", error.Message);
        Assert.DoesNotContain("wrong-token", error.Message);
    }

    [Fact]
    public void A_request_url_without_a_request_token_says_which_permission_is_missing()
    {
        var environment = new Dictionary<string, string> { [GitHubActionsOidc.RequestUrlVariable] = "https://token.example/x?a=1" };

        var error = Assert.Throws<CloudLoginException>(() => GitHubActionsOidc.FromEnvironment(environment, CloudLoginOptions.Default));

        Assert.Contains("id-token: write", error.Message);
    }

    [Fact]
    public void Outside_actions_there_is_no_oidc_source()
    {
        Assert.Null(GitHubActionsOidc.FromEnvironment(new Dictionary<string, string>(), CloudLoginOptions.Default));
    }

    [Fact]
    public async Task Outside_actions_the_callers_own_provider_variables_pass_as_they_are_and_nothing_else()
    {
        var caller = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIACALLER",
            ["AWS_SECRET_ACCESS_KEY"] = "caller-secret",
            ["AWS_PROFILE"] = "staging",
            ["GITHUB_TOKEN"] = "ghp_never",
            ["GOOGLE_APPLICATION_CREDENTIALS"] = "/home/me/gcp.json",
        };
        var auth = new CloudAuthSettings("aws", RoleArn: "arn:aws:iam::123456789012:role/x", Region: "us-west-2");

        await using var session = await new CloudLogins(CloudLoginOptions.Default).Select("aws", auth, oidcAvailable: false)
            .LoginAsync(new CloudLoginRequest(auth, "aws", "run-1", caller, null), CancellationToken.None);

        Assert.Equal(
            ["AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_REGION", "AWS_SECRET_ACCESS_KEY"],
            session.Environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("us-west-2", session.Environment["AWS_REGION"]);
        Assert.Contains(session.Secrets, s => s.Reveal() == "caller-secret");
    }

    [Fact]
    public async Task Digitalocean_reads_its_token_from_the_configured_variable_even_under_actions()
    {
        var caller = new Dictionary<string, string> { ["STAGING_DO"] = "dop_v1_abc" };
        var auth = new CloudAuthSettings("digitalocean", TokenEnv: "STAGING_DO");

        await using var session = await new CloudLogins(CloudLoginOptions.Default).Select("digitalocean", auth, oidcAvailable: true)
            .LoginAsync(new CloudLoginRequest(auth, "digitalocean", "run-1", caller, null), CancellationToken.None);

        Assert.Equal("dop_v1_abc", session.Environment["DIGITALOCEAN_TOKEN"]);
        Assert.DoesNotContain("dop_v1_abc", session.Description);
    }

    [Fact]
    public async Task Digitalocean_without_its_token_variable_is_a_login_error()
    {
        var auth = new CloudAuthSettings("digitalocean", TokenEnv: "STAGING_DO");

        var error = await Assert.ThrowsAsync<CloudLoginException>(() => new CloudLogins(CloudLoginOptions.Default).Select("digitalocean", auth, true)
            .LoginAsync(new CloudLoginRequest(auth, "digitalocean", "run-1", new Dictionary<string, string>(), null), CancellationToken.None));

        Assert.Contains("STAGING_DO", error.Message);
    }

    [Fact]
    public void Tofu_logs_in_as_the_provider_it_names()
    {
        var auth = new Dictionary<string, CloudAuthSettings>
        {
            ["aws"] = new("aws", RoleArn: "arn:aws:iam::123456789012:role/x", Region: "us-east-1"),
            ["tofu"] = new("tofu", As: "aws"),
        };

        var resolved = CloudLogins.ResolveAuth(auth, "tofu");

        Assert.Equal("aws", resolved!.Provider);
        Assert.IsType<AwsWebIdentityLogin>(new CloudLogins(CloudLoginOptions.Default).Select("tofu", resolved, oidcAvailable: true));
    }
}
