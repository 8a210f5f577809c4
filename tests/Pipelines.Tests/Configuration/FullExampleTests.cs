using Pipelines.Configuration;
using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

/// <summary>The examples from the promote and live-deploy issues, verbatim, parse to the records they describe.</summary>
public sealed class FullExampleTests
{
    /// <remarks>
    /// One deviation from the text: inside <c>{ }</c> the <c>${NAME}</c> values are quoted.
    /// Unquoted, YAML ends a plain value at <c>{</c>, so the lines are a syntax error in
    /// every YAML parser (see <see cref="Unquoted_variables_in_a_flow_mapping_get_a_hint_to_quote_them"/>).
    /// </remarks>
    internal const string SpecExample = """
        github:
          api-url: https://api.github.com     # default; when absent, env GITHUB_API_URL, then this default
          token-env: GITHUB_TOKEN             # env var holding the token for reads and the audit comment
        promote:
          host: github                        # github (default) | local
          repos:                              # pushed in this order
            - name: backend                   # label in reports; default: the repo's short name
              repo: WXYC/Backend-Service      # owner/name; with host: local, a path to a git repository
              from: main                      # default main
              to: prod                        # default prod
              push-token-env: PROD_PUSH_TOKEN_BS   # token used only for this repo's push; default github.token-env
              health: https://bs.staging.example/healthcheck
              version: https://bs.staging.example/version
              version-field: sha              # dotted path into the /version JSON; default sha
          checks:                             # run after every health and version check passed
            - name: e2e
              run: npm run test:e2e           # run by bash -c in the working directory
              workdir: .
              env: { E2E_BASE_URL: https://bs.staging.example }
              pass-env: [E2E_TEST_DJ_EMAIL, E2E_TEST_DJ_PASSWORD]   # caller's variables passed through, by name
              timeout: 20m
              image: node:24                  # the image the Dagger function runs it in; ignored locally
          poll: { timeout: 5m, interval: 5s, request-timeout: 10s }
          bypass:
            tracker: WXYC/wxyc-shared#42      # host local: a path to a Markdown file
          on-split: rollback                  # rollback (default) | hold
        live-deploy:
          plugins: [aws, gcp, azure, digitalocean, tofu]
          clone-url: https://github.com/GoCodeAlone/workflow-plugin-{plugin}.git   # or a local path; {plugin} expands
          ref: main
          example: examples/minimal/config.yaml
          env: staging
          depth: plan                  # plan: wfctl infra plan (provider diff, no resources) | apply: apply, verify, destroy
          wfctl: wfctl                 # command or path; version printed into the report
          timeout: 10m                 # per plugin, for validation; teardown has its own
          teardown-timeout: 15m
          parallel: 5                  # plugins validated at once
          auth:
            aws:   { role-arn: "${STAGING_AWS_ROLE_ARN}", region: us-east-1 }
            gcp:   { workload-identity-provider: "${STAGING_GCP_WORKLOAD_IDENTITY_PROVIDER}", service-account: "${STAGING_GCP_SERVICE_ACCOUNT}", project: "${GCP_PROJECT}" }
            azure: { tenant-id: "${STAGING_AZURE_TENANT_ID}", client-id: "${AZURE_CLIENT_ID}", subscription-id: "${AZURE_SUBSCRIPTION_ID}" }
            digitalocean: { token-env: STAGING_DIGITALOCEAN_TOKEN }
            tofu:  { as: aws }
          registry:
            repo: GoCodeAlone/workflow-registry
            manifest: plugins/workflow-plugin-{plugin}/manifest.json
            base: main
          tracker-repo: GoCodeAlone/workflow-plugin-{plugin}   # where investigation issues open
          demote-after: 2
        """;

    internal static readonly Dictionary<string, string> SpecEnvironment = Env(
        ("STAGING_AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/live-deploy"),
        ("STAGING_GCP_WORKLOAD_IDENTITY_PROVIDER", "projects/123456/locations/global/workloadIdentityPools/github/providers/actions"),
        ("STAGING_GCP_SERVICE_ACCOUNT", "live-deploy@staging-project.iam.gserviceaccount.com"),
        ("GCP_PROJECT", "staging-project"),
        ("STAGING_AZURE_TENANT_ID", "11111111-2222-3333-4444-555555555555"),
        ("AZURE_CLIENT_ID", "66666666-7777-8888-9999-aaaaaaaaaaaa"),
        ("AZURE_SUBSCRIPTION_ID", "bbbbbbbb-cccc-dddd-eeee-ffffffffffff"));

    [Fact]
    public void The_spec_example_parses_to_the_records_it_describes()
    {
        var config = Load(SpecExample, SpecEnvironment);

        var expected = new PipelinesConfig(
            new GitHubSettings(new Uri("https://api.github.com"), "GITHUB_TOKEN"),
            new PromoteSettings(
                HostKind.GitHub,
                [
                    new RepoSettings(
                        "backend",
                        "WXYC/Backend-Service",
                        "main",
                        "prod",
                        "PROD_PUSH_TOKEN_BS",
                        new Uri("https://bs.staging.example/healthcheck"),
                        new Uri("https://bs.staging.example/version"),
                        "sha"),
                ],
                [
                    new CheckSettings(
                        "e2e",
                        "npm run test:e2e",
                        ConfigDirectory,
                        new Dictionary<string, string> { ["E2E_BASE_URL"] = "https://bs.staging.example" },
                        ["E2E_TEST_DJ_EMAIL", "E2E_TEST_DJ_PASSWORD"],
                        TimeSpan.FromMinutes(20),
                        "node:24",
                        []),
                ],
                new PollSettings(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)),
                new BypassSettings("WXYC/wxyc-shared#42"),
                SplitPolicy.Rollback),
            new LiveDeploySettings(
                HostKind.GitHub,
                ["aws", "gcp", "azure", "digitalocean", "tofu"],
                "https://github.com/GoCodeAlone/workflow-plugin-{plugin}.git",
                "main",
                "examples/minimal/config.yaml",
                "staging",
                ValidationDepth.Plan,
                "wfctl",
                TimeSpan.FromMinutes(10),
                TimeSpan.FromMinutes(15),
                5,
                new Dictionary<string, CloudAuthSettings>
                {
                    ["aws"] = new("aws", RoleArn: "arn:aws:iam::123456789012:role/live-deploy", Region: "us-east-1"),
                    ["gcp"] = new(
                        "gcp",
                        WorkloadIdentityProvider: "projects/123456/locations/global/workloadIdentityPools/github/providers/actions",
                        ServiceAccount: "live-deploy@staging-project.iam.gserviceaccount.com",
                        Project: "staging-project"),
                    ["azure"] = new(
                        "azure",
                        TenantId: "11111111-2222-3333-4444-555555555555",
                        ClientId: "66666666-7777-8888-9999-aaaaaaaaaaaa",
                        SubscriptionId: "bbbbbbbb-cccc-dddd-eeee-ffffffffffff"),
                    ["digitalocean"] = new("digitalocean", TokenEnv: "STAGING_DIGITALOCEAN_TOKEN"),
                    ["tofu"] = new("tofu", As: "aws"),
                },
                new RegistrySettings("GoCodeAlone/workflow-registry", "plugins/workflow-plugin-{plugin}/manifest.json", "main"),
                "GoCodeAlone/workflow-plugin-{plugin}",
                2),
            SourcePath);
        Assert.Equivalent(expected, config, strict: true);
    }

    [Fact]
    public void Tofu_resolves_to_the_credentials_it_borrows()
    {
        var liveDeploy = Load(SpecExample, SpecEnvironment).LiveDeploy!;

        Assert.Same(liveDeploy.Auth["aws"], liveDeploy.AuthFor("tofu"));
        Assert.Same(liveDeploy.Auth["gcp"], liveDeploy.AuthFor("gcp"));
        Assert.Null(liveDeploy.AuthFor("not-configured"));
    }

    [Fact]
    public void The_sandbox_shape_with_host_local_parses()
    {
        var yaml = """
            promote:
              host: local
              repos:
                - repo: repos/backend
                  health: http://127.0.0.1:5001/healthcheck
                  version: http://127.0.0.1:5001/version
                - repo: /tmp/world/repos/metadata.git
                  health: http://127.0.0.1:5002/healthcheck
                  version: http://127.0.0.1:5002/version
                  version-field: build.commit
              checks:
                - name: smoke
                  run: ./smoke.sh
                - name: e2e
                  run: ./e2e.sh
                  after: [smoke]
              bypass:
                tracker: tracker.md
            """;

        var promote = LoadPromote(yaml);

        Assert.Equal(HostKind.Local, promote.Host);
        Assert.Equal(["backend", "metadata"], promote.Repos.Select(r => r.Name));
        Assert.Equal(["/srv/pipelines/repos/backend", "/tmp/world/repos/metadata.git"], promote.Repos.Select(r => r.Repo));
        Assert.Equal("build.commit", promote.Repos[1].VersionField);
        Assert.Equal(["smoke"], promote.Checks[1].After);
        Assert.Equal("/srv/pipelines/tracker.md", promote.Bypass!.Tracker);
    }

    [Fact]
    public void Unquoted_variables_in_a_flow_mapping_get_a_hint_to_quote_them()
    {
        var yaml = MinimalLiveDeploy + "\n  auth:\n    aws:   { role-arn: ${STAGING_AWS_ROLE_ARN}, region: us-east-1 }\n";

        var error = AssertError(yaml, key: null, "put values containing ${NAME} in quotes", line: 8, environment: SpecEnvironment);

        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }
}
