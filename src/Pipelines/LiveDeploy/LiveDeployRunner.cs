using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.LiveDeploy.CloudLogin;
using Pipelines.LiveDeploy.Examples;
using Pipelines.LiveDeploy.Fetch;
using Pipelines.LiveDeploy.Install;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Registry;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Security;

namespace Pipelines.LiveDeploy;

/// <summary>
/// <c>pipelines live-deploy</c>: for every selected plugin, <c>parallel</c> at a time, fetch its
/// repository, log in to its cloud, validate its example with wfctl (always tearing down after
/// an apply), then apply the status policy to the registry and tracker. One plugin failing
/// never stops the others.
/// </summary>
public sealed class LiveDeployRunner(LiveDeployServices services)
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(30);

    public async Task<LiveDeployReport> RunAsync(LiveDeployRequest request, CancellationToken cancellationToken)
    {
        var plugins = request.SelectedPlugins();
        if (!RunMarker.IsValidRunId(request.Run.RunId))
        {
            throw new ConfigurationException("use 1 to 64 letters, digits, '.', '_' or '-'", "run id");
        }

        var startedAt = services.Time.GetUtcNow();
        var started = services.Time.GetTimestamp();
        foreach (var plugin in plugins)
        {
            request.Progress?.Invoke(new PluginProgress(plugin, PluginStage.Queued, "queued"));
        }

        var workRoot = Directory.CreateTempSubdirectory("live-deploy-");
        PluginReport[] rows;
        string? version;
        try
        {
            (version, var versionFailure) = await WfctlVersionAsync(request, cancellationToken).ConfigureAwait(false);
            using var ownHttp = services.Downloads is null ? PluginDownloads.CreateClient() : null;
            var run = new RunContext(request, services, workRoot.FullName, version, services.Downloads ?? ownHttp!);
            var oidc = OidcSource(request, out var oidcFailure);
            var setupFailure = versionFailure ?? oidcFailure;

            using var slots = new SemaphoreSlim(Math.Max(1, request.Settings.Parallel));
            rows = await Task.WhenAll(plugins.Select(async plugin =>
            {
                await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    var row = setupFailure is not null
                        ? Uncounted(run, plugin, setupFailure, 0)
                        : await new PluginRun(run, plugin, oidc).ExecuteAsync(cancellationToken).ConfigureAwait(false);
                    request.Progress?.Invoke(new PluginProgress(plugin, PluginStage.Done, $"{row.Verdict}, {row.Action}", row.Verdict));
                    return row;
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(workRoot);
        }

        var cancelled = cancellationToken.IsCancellationRequested;
        return new LiveDeployReport(
            request.Run.RunId,
            request.Run.RunUrl,
            version,
            !request.Mode.WritesAnything,
            cancelled,
            startedAt,
            (long)services.Time.GetElapsedTime(started).TotalMilliseconds,
            LiveDeployExitCode.For(rows, cancelled),
            rows);
    }

    private async Task<(string? Version, CommandFailure? Failure)> WfctlVersionAsync(LiveDeployRequest request, CancellationToken cancellationToken)
    {
        var environment = WfctlEnvironment.Build(request.CallerEnvironment, new Dictionary<string, string>(), TokenVariables(request));
        var command = WfctlCommands.VersionCommand(request.Settings.Wfctl, environment, services.WfctlGracePeriod).WithTimeout(VersionTimeout);
        // wfctl prints its version on stderr, maybe followed by an update notice (fact sheet 4).
        var lines = new List<string>();
        var result = await services.Processes.RunAsync(command, line => { if (line.Stream == OutputStream.StandardError) lines.Add(line.Text); }, cancellationToken).ConfigureAwait(false);
        if (result.Termination == ProcessTermination.FailedToStart)
        {
            return (null, CommandFailure.From(command, result, s => s));
        }

        var version = lines.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
        return (result.Succeeded ? version : $"unknown ({result.Describe()})", null);
    }

    private IOidcTokenSource? OidcSource(LiveDeployRequest request, out CommandFailure? failure)
    {
        failure = null;
        try
        {
            return GitHubActionsOidc.FromEnvironment(request.CallerEnvironment, services.CloudLogin);
        }
        catch (CloudLoginException e)
        {
            failure = CommandFailure.NotRun("GitHub Actions OIDC", e.Message);
            return null;
        }
    }

    internal static IReadOnlyList<string> TokenVariables(LiveDeployRequest request) =>
        [request.GitHubTokenEnv, .. request.TokenVariables];

    /// <summary>A red that says nothing about the plugin (setup, clone, login): reported, never counted.</summary>
    private static PluginReport Uncounted(RunContext run, string plugin, CommandFailure failure, long durationMs, string? commit = null, string? credentials = null) =>
        new(plugin, commit, run.Request.EffectiveDepth, Verdict.Red, 0, durationMs, null, ReportAction.None, null,
            Counted: false, credentials, failure, null, null, null,
            "not validated, so not counted: no status change follows", [], [], [], null);

    /// <summary>The plugin could not be exercised for a reason that is not its regression: the fourth verdict.</summary>
    private static PluginReport NotValidatedRow(RunContext run, string plugin, string reason, long durationMs, string? commit = null, ValidationEvidence? evidence = null) =>
        new(plugin, commit, run.Request.EffectiveDepth, Verdict.NotValidated, 0, durationMs, null, ReportAction.None, null,
            Counted: false, null, null, null, null, null,
            "not validated: " + reason, [], [], [], null, evidence);

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>What every plugin of one run shares.</summary>
    private sealed class RunContext(LiveDeployRequest request, LiveDeployServices services, string workRoot, string? wfctlVersion, HttpClient http)
    {
        /// <summary>What <c>wfctl --version</c> said (for minEngineVersion and the report).</summary>
        public string? WfctlVersion { get; } = wfctlVersion;

        public HttpClient Http { get; } = http;

        public LiveDeployRequest Request { get; } = request;

        public LiveDeployServices Services { get; } = services;

        public string WorkRoot { get; } = workRoot;

        public IPluginCheckout Checkout { get; } = services.Checkout
            ?? new GitPluginCheckout(services.Processes, request.CallerEnvironment, services.CloneTimeout) { GitHubApiUrl = request.GitHubApiUrl };

        public ICloudLoginSelector Logins { get; } = services.Logins ?? new CloudLogins(services.CloudLogin);

        public IRegistryWriter Writer { get; } = request.Mode.Writer(services.Registry);

        public Secret? GitHubToken { get; } =
            request.CallerEnvironment.TryGetValue(request.GitHubTokenEnv, out var token) && token.Length > 0
                ? new Secret(request.GitHubTokenEnv, token)
                : null;

        /// <summary>GitHub tokens and the OIDC request token: redacted from everything this run writes.</summary>
        public IReadOnlyList<Secret> RunSecrets { get; } = TokenVariables(request)
            .Append(GitHubActionsOidc.RequestTokenVariable)
            .Select(name => request.CallerEnvironment.TryGetValue(name, out var value) && value.Length > 0 ? new Secret(name, value) : null)
            .OfType<Secret>()
            .ToList();
    }

    /// <summary>One plugin, start to finish.</summary>
    private sealed class PluginRun(RunContext run, string plugin, IOidcTokenSource? oidc)
    {
        private readonly LiveDeploySettings _settings = run.Request.Settings;
        private readonly TimeProvider _time = run.Services.Time;
        private ManifestSnapshot? _manifest;

        public async Task<PluginReport> ExecuteAsync(CancellationToken cancellationToken)
        {
            var started = _time.GetTimestamp();
            long Elapsed() => (long)_time.GetElapsedTime(started).TotalMilliseconds;
            try
            {
                return await ExecuteCoreAsync(Elapsed, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug or an unexpected host error in one plugin must not stop the others.
                var redactor = new SecretRedactor(run.RunSecrets);
                return Uncounted(run, plugin, CommandFailure.NotRun("live-deploy", redactor.Redact($"{e.GetType().Name}: {e.Message}")), Elapsed());
            }
        }

        private async Task<PluginReport> ExecuteCoreAsync(Func<long> elapsed, CancellationToken cancellationToken)
        {
            var request = run.Request;
            var depth = request.EffectiveDepth;
            var runRedactor = new SecretRedactor(run.RunSecrets);
            var root = Path.Combine(run.WorkRoot, plugin);

            // 1. The release the registry lists: its manifest says which version, where, and for which engine.
            Report(PluginStage.Fetching, "registry manifest");
            RegistryManifest manifest;
            try
            {
                _manifest = await run.Services.Registry.ReadManifestAsync(plugin, cancellationToken).ConfigureAwait(false);
                if (_manifest is null)
                {
                    return NotValidatedRow(run, plugin, "the registry has no manifest for this plugin", elapsed());
                }

                manifest = RegistryManifest.Parse(_manifest.Content);
            }
            catch (FormatException e)
            {
                return NotValidatedRow(run, plugin, $"the registry manifest is unusable: {e.Message}", elapsed()) with { StatusBefore = _manifest?.Status.Word() };
            }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
            {
                // The registry could not be read: the same "status update failed" (exit 1) as a read during the policy.
                return Uncounted(run, plugin, CommandFailure.NotRun("read registry manifest", "not validated: the registry manifest could not be read"), elapsed())
                    with { PolicyError = runRedactor.Redact($"{e.GetType().Name}: {e.Message}") };
            }

            var gitRef = _settings.RefFor(manifest.Version);
            var notes = new List<string>();
            var evidence = new ValidationEvidence(manifest.Version, null, run.WfctlVersion, gitRef, null, null, null, notes);
            if (!manifest.DeclaresIacProvider)
            {
                return NotValidatedRow(run, plugin, "not an IaC provider plugin: its manifest declares no iac.provider module type and no iacProvider block", elapsed(), evidence: evidence);
            }

            switch (EngineVersion.Check(run.WfctlVersion, manifest.MinEngineVersion))
            {
                case EngineCompatibility.TooOld:
                    return NotValidatedRow(run, plugin, $"wfctl {run.WfctlVersion} is older than the plugin's minEngineVersion {manifest.MinEngineVersion}; no infra command was run", elapsed(), evidence: evidence);
                case EngineCompatibility.NotComparable:
                    notes.Add($"wfctl version '{run.WfctlVersion}' cannot be compared with minEngineVersion {manifest.MinEngineVersion}: validated anyway");
                    break;
            }

            // 2. Install it into this plugin's private directory, as wfctl plugin install would.
            string pluginDir;
            if (_settings.Install == PluginInstallMode.Release)
            {
                var (os, arch) = RegistryManifest.CurrentPlatform();
                if (manifest.DownloadFor(os, arch) is not { } download)
                {
                    return NotValidatedRow(run, plugin, $"the registry lists no download of {manifest.Version} for {os}/{arch}", elapsed(), evidence: evidence);
                }

                Report(PluginStage.Fetching, $"install {manifest.Name} {manifest.Version}");
                try
                {
                    var installed = await new PluginInstaller(run.Http).InstallAsync(manifest, download, Path.Combine(root, "plugins"), cancellationToken).ConfigureAwait(false);
                    pluginDir = installed.PluginDirectory;
                    evidence = evidence with { TarballSha256 = installed.Sha256 };
                    if (installed.Downloads > 1)
                    {
                        notes.Add("the first download did not match the manifest's sha256; the second did");
                    }
                }
                catch (PluginInstallException e)
                {
                    var failure = CommandFailure.NotRun($"install {manifest.Name} {manifest.Version}", runRedactor.Redact(e.Message));
                    if (!e.Counted)
                    {
                        return Uncounted(run, plugin, failure, elapsed()) with { Evidence = evidence };
                    }

                    var red = new PluginReport(plugin, null, depth, Verdict.Red, 1, 0, null, ReportAction.None, null, true, null, failure, null, null, null, null, [], [], [], null, evidence);
                    Report(PluginStage.Deciding, "status policy");
                    return await ApplyPolicyAsync(red, runRedactor, cancellationToken).ConfigureAwait(false) with { DurationMs = elapsed() };
                }
            }
            else
            {
                pluginDir = _settings.PluginDir!;
            }

            // 3. The example at the tag of that version.
            Report(PluginStage.Fetching, $"git clone at {gitRef}");
            PluginCheckout checkout;
            try
            {
                var cloneUrl = LiveDeploySettings.ForPlugin(_settings.CloneUrl, plugin);
                checkout = await run.Checkout.FetchAsync(cloneUrl, gitRef, Path.Combine(root, "repo"), run.GitHubToken, cancellationToken).ConfigureAwait(false);
            }
            catch (PluginFetchException e)
            {
                return Uncounted(run, plugin, new CommandFailure("git clone", null, runRedactor.Redact(e.Message), e.OutputTail.Select(runRedactor.Redact).ToList()), elapsed()) with { Evidence = evidence };
            }

            string example;
            ExampleConfig exampleConfig;
            try
            {
                var real = CheckoutPath.Resolve(checkout.Directory, _settings.Example);
                if (real is null)
                {
                    return NotValidatedRow(run, plugin, $"no example at {gitRef}: {_settings.Example} does not exist", elapsed(), checkout.Commit, evidence);
                }

                exampleConfig = ExampleConfig.Read(real);
            }
            catch (Exception e) when (e is CheckoutEscapeException or FormatException or IOException)
            {
                return NotValidatedRow(run, plugin, $"the example {_settings.Example} at {gitRef} is not usable: {e.Message}", elapsed(), checkout.Commit, evidence);
            }

            if (!exampleConfig.DeclaresResources)
            {
                return NotValidatedRow(run, plugin, $"the example {_settings.Example} at {gitRef} declares no infra.* resources, so wfctl would load no plugin", elapsed(), checkout.Commit, evidence);
            }

            // Depth apply needs state, or destroy acts on nothing (fact sheet 3.7): a derived copy with a private filesystem state.
            var config = depth == ValidationDepth.Apply && !exampleConfig.HasState
                ? exampleConfig.DeriveWithState(Path.Combine(root, "state"), request.Run.RunId)
                : exampleConfig.Path;
            if (config != exampleConfig.Path)
            {
                notes.Add("the example has no iac.state module: validated a copy with a filesystem state in the run's private directory");
            }

            // Absolute, and already resolved: wfctl reads exactly the file that was checked.
            example = config;

            Report(PluginStage.LoggingIn, "cloud login");
            CloudSession session;
            try
            {
                var auth = CloudLogins.ResolveAuth(_settings.Auth, plugin);
                var login = run.Logins.Select(plugin, auth, oidc is not null);
                session = await login.LoginAsync(
                    new CloudLoginRequest(auth ?? new CloudAuthSettings(plugin), plugin, request.Run.RunId, request.CallerEnvironment, oidc),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is CloudLoginException or OperationCanceledException)
            {
                return Uncounted(run, plugin, CommandFailure.NotRun("cloud login", runRedactor.Redact(e.Message)), elapsed(), checkout.Commit) with { Evidence = evidence };
            }

            request.OnCredentials?.Invoke(session.Secrets);

            ValidationResult result;
            string credentials;
            SecretRedactor redactor;
            await using (session.ConfigureAwait(false))
            {
                credentials = session.Description;
                redactor = new SecretRedactor([.. run.RunSecrets, .. session.Secrets]);
                var environment = WfctlEnvironment.Build(request.CallerEnvironment, session.Environment, TokenVariables(request));
                var commands = new WfctlCommands(
                    _settings.Wfctl, example, _settings.Env, checkout.Directory, environment, WfctlCommands.TagFor(request.Run.RunId),
                    pluginDir, Path.Combine(root, "plan.json"), _settings.OwnerFor(request.Run.RunId), run.Services.WfctlGracePeriod);
                result = await new PluginValidator(run.Services.Processes, _time).ValidateAsync(
                    commands,
                    depth,
                    [manifest.Name, manifest.ShortName],
                    _settings.Timeout,
                    _settings.TeardownTimeout,
                    redactor,
                    detail => Report(PluginStage.Validating, detail),
                    cancellationToken).ConfigureAwait(false);
            }

            evidence = evidence with { Planned = result.Resources?.Planned, Applied = result.Resources?.Applied, Destroyed = result.Resources?.Destroyed };
            var row = new PluginReport(
                plugin, checkout.Commit, depth, result.Verdict, result.Attempts, 0, null, ReportAction.None, null,
                result.Counted, credentials, result.Failure, result.TeardownFailure, result.LeakedTag, result.TransientRetryReason,
                null, result.OutputTail, result.Commands, [], null, evidence);
            if (result.Verdict == Verdict.NotValidated)
            {
                return row with { DurationMs = elapsed(), Reason = "not validated: " + result.NotValidatedReason };
            }

            if (cancellationToken.IsCancellationRequested || !result.Counted)
            {
                return row with { DurationMs = elapsed(), Reason = "validation did not complete, so not counted: no status change follows" };
            }

            Report(PluginStage.Deciding, "status policy");
            return await ApplyPolicyAsync(row, redactor, cancellationToken).ConfigureAwait(false) with { DurationMs = elapsed() };
        }

        private async Task<PluginReport> ApplyPolicyAsync(PluginReport row, SecretRedactor redactor, CancellationToken cancellationToken)
        {
            var request = run.Request;
            RegistrySnapshot? snapshot = null;
            try
            {
                snapshot = await RegistrySnapshot.ReadAsync(run.Services.Registry, plugin, _manifest, cancellationToken).ConfigureAwait(false);
                var runId = request.Run.RunId;
                var verdict = row.Verdict == Verdict.Green ? PolicyVerdict.Green : PolicyVerdict.Red;
                var decision = StatusPolicy.Decide(verdict, snapshot.Status, snapshot.IssueBefore(plugin, runId), snapshot.OpenPullRequestTargets, _settings.DemoteAfter);
                var context = new PolicyContext(
                    plugin, runId, request.Run.RunUrl, row.Commit, row.Depth, _settings.Env, row.Verdict,
                    row.Failure, row.TeardownFailure, row.LeakedTag, _settings.DemoteAfter, row.Evidence);
                var outcome = await new PolicyExecutor(run.Writer, request.Mode.WriteWord).ApplyAsync(context, decision, snapshot, cancellationToken).ConfigureAwait(false);
                return row with
                {
                    StatusBefore = snapshot.Manifest is null ? null : snapshot.Status.Word(),
                    Action = outcome.Action,
                    Url = outcome.Url,
                    Reason = snapshot.Manifest is null ? "the registry has no manifest for this plugin" : decision.Reason,
                    Writes = outcome.Writes,
                    Evidence = WithNote(row.Evidence, snapshot.OpenIssue?.Warning),
                };
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return row with
                {
                    StatusBefore = snapshot?.Manifest is null ? null : snapshot.Status.Word(),
                    PolicyError = redactor.Redact($"{e.GetType().Name}: {e.Message}"),
                };
            }
        }

        /// <summary>A warning that did not change the verdict, in the report and the summary beside the evidence.</summary>
        private ValidationEvidence? WithNote(ValidationEvidence? evidence, string? note) =>
            note is null ? evidence
            : evidence is null ? new ValidationEvidence(null, null, run.WfctlVersion, null, null, null, null, [note])
            : evidence with { Notes = [.. evidence.Notes, note] };

        private void Report(PluginStage stage, string detail) =>
            run.Request.Progress?.Invoke(new PluginProgress(plugin, stage, detail));
    }
}
