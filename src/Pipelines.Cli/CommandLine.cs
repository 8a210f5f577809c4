using System.CommandLine;
using System.CommandLine.Invocation;
using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Sandbox;

namespace Pipelines.Cli;

/// <summary>
/// The <c>pipelines</c> command line: parsing only. Every decision is made by the command classes
/// in the library, which the tests drive directly.
/// </summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, CommandContext context)
    {
        var parse = new CommandLineDefinition(context).Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await context.Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await context.Console.Error.WriteLineAsync("Run 'pipelines --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = true,
            // Ctrl-C or SIGTERM cancels the run's token; the process then waits this long for what
            // must still happen (a rollback between two pushes, a live-deploy teardown) instead of
            // System.CommandLine's default of two seconds.
            ProcessTerminationTimeout = TimeSpan.FromMinutes(20),
        });
    }

    private sealed class CommandLineDefinition
    {
        private readonly CommandContext _context;

        private readonly Option<string> _config = new("--config")
        {
            Description = "The configuration file",
            DefaultValueFactory = _ => "pipelines.yaml",
        };

        private readonly Option<string?> _secretsFile = new("--secrets-file")
        {
            Description = "A dotenv file of secrets (NAME=VALUE per line) added to the environment; every value is masked",
            Recursive = true,
        };

        public CommandLineDefinition(CommandContext context)
        {
            _context = context;
            Root = new RootCommand("Pipelines: a coordinated staging→prod promotion gate and a live-deploy matrix for IaC plugins.")
            {
                _secretsFile,
                Validate(),
                Promote(),
                Stage(),
                LiveDeploy(),
                Sandbox(),
            };
            foreach (var version in Root.Options.OfType<VersionOption>())
            {
                version.Action = new PrintVersion(context.Console.Out, BuildVersion.Of(typeof(CommandLine).Assembly));
            }
        }

        public RootCommand Root { get; }

        /// <summary>Runs a command with the context this invocation sees (the secrets file applied); bad input exits 2.</summary>
        private async Task<int> InvokeAsync(ParseResult parse, Func<CommandContext, Task<int>> run)
        {
            CommandContext context;
            try
            {
                context = parse.GetValue(_secretsFile) is { } path ? SecretsFile.Apply(_context, path) : _context;
            }
            catch (UsageException e)
            {
                await _context.Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            return await run(context);
        }

        private Command Validate()
        {
            var command = new Command("validate", "Check a configuration file without contacting anything") { _config };
            command.SetAction((parse, _) => InvokeAsync(parse, context => Task.FromResult(new ValidateCommand(context).Run(parse.GetValue(_config)!))));
            return command;
        }

        private Command Promote()
        {
            var command = new Command("promote", "Promote every repository's source branch to its prod branch, once staging proved it");
            var read = PromoteFlags(command);
            command.SetAction((parse, ct) => InvokeAsync(parse, context => new PromoteCommand(context).RunAsync(read(parse, context), ct)));
            return command;
        }

        private Command Stage()
        {
            var name = new Argument<string>("name") { Description = "The stage to run alone, after resolving the SHAs" };
            name.AcceptOnlyFromAmong([.. StageNames.Selectable]);
            var command = new Command("stage", "Run one stage of the gate alone, to debug it") { name };
            var read = PromoteFlags(command);
            command.SetAction((parse, ct) => InvokeAsync(parse, context =>
                new PromoteCommand(context).RunAsync(read(parse, context) with { Stage = parse.GetValue(name) }, ct)));
            return command;
        }

        private Command LiveDeploy()
        {
            var plugin = new Option<string[]>("--plugin") { Description = "A plugin to validate (repeatable); default: every configured plugin", AllowMultipleArgumentsPerToken = false };
            var depth = new Option<string?>("--depth") { Description = "plan (provider diff, creates nothing) or apply (apply, verify, always destroy)" };
            depth.AcceptOnlyFromAmong("plan", "apply");
            var dryRun = new Option<bool>("--dry-run") { Description = "Validate for real, but write no pull request, issue or comment" };
            var report = new Option<string?>("--report") { Description = "Write the JSON report here" };
            var summary = new Option<string?>("--summary") { Description = "Write the Markdown summary here" };
            var junit = new Option<string?>("--junit") { Description = "Write JUnit XML here (one test per plugin)" };
            var runId = new Option<string?>("--run-id") { Description = "Identifies the run in issues and pull requests (default: env GITHUB_RUN_ID)" };
            var command = new Command("live-deploy", "Validate each IaC plugin's example against a real cloud, tear it down, and promote or demote its status")
            {
                _config, plugin, depth, dryRun, report, summary, junit, runId,
            };
            command.SetAction((parse, ct) => InvokeAsync(parse, context => new LiveDeployCommand(context).RunAsync(new LiveDeployOptions
            {
                ConfigPath = parse.GetValue(_config)!,
                Plugins = parse.GetValue(plugin) ?? [],
                Depth = parse.GetValue(depth),
                DryRun = parse.GetValue(dryRun),
                ReportPath = parse.GetValue(report),
                SummaryPath = parse.GetValue(summary),
                JUnitPath = parse.GetValue(junit),
                RunId = parse.GetValue(runId),
            }, ct)));
            return command;
        }

        private Command Sandbox()
        {
            var target = new Argument<string>("target") { Description = "What to show: all, promote or live-deploy", DefaultValueFactory = _ => "all" };
            target.AcceptOnlyFromAmong([.. SandboxCommand.Targets]);
            var scenario = new Option<string>("--scenario")
            {
                Description = "promote (default), version-mismatch, unhealthy, check-fails or bypass",
                DefaultValueFactory = _ => "promote",
            };
            scenario.AcceptOnlyFromAmong([.. PromoteSandbox.Scenarios]);
            var keep = new Option<bool>("--keep") { Description = "Leave the sandbox on disk and say where" };
            var directory = new Option<string?>("--dir") { Description = "Build the sandbox here (a new or empty directory) instead of a temp directory" };
            var command = new Command("sandbox", "Build a throwaway world (git repositories, staging services, checks) and run the real commands on it")
            {
                target, scenario, keep, directory,
            };
            command.SetAction((parse, ct) => InvokeAsync(parse, context => new SandboxCommand(context).RunAsync(
                new SandboxOptions(parse.GetValue(target)!, parse.GetValue(scenario)!, parse.GetValue(keep), parse.GetValue(directory)), ct)));
            return command;
        }

        /// <summary><c>--version</c>: the version and the commit it was built from, on the context's output.</summary>
        private sealed class PrintVersion(TextWriter output, BuildVersion version) : SynchronousCommandLineAction
        {
            public override int Invoke(ParseResult parseResult)
            {
                output.WriteLine(version);
                return ExitCodes.Success;
            }
        }

        /// <summary>Adds the gate's flags to a command and returns how to read them.</summary>
        private Func<ParseResult, CommandContext, PromoteOptions> PromoteFlags(Command command)
        {
            var skipGate = new Option<bool>("--skip-gate") { Description = "Skip health, version and checks; needs --justification, posted to the tracker before any push" };
            var justification = new Option<string?>("--justification") { Description = "Why the gate is skipped (default: env PIPELINES_JUSTIFICATION)" };
            var actor = new Option<string?>("--actor") { Description = "Who runs this (default: env PIPELINES_ACTOR, then GITHUB_ACTOR)" };
            var trigger = new Option<string?>("--trigger") { Description = "The triggering event as JSON; recorded in the report only (default: env PIPELINES_TRIGGER)" };
            var dryRun = new Option<bool>("--dry-run") { Description = "Run every read, probe and check; write nothing" };
            var report = new Option<string?>("--report") { Description = "Write the JSON report here" };
            var summary = new Option<string?>("--summary") { Description = "Write the Markdown summary here" };
            var runId = new Option<string?>("--run-id") { Description = "Identifies the run in audit entries (default: env GITHUB_RUN_ID)" };
            var maxParallel = new Option<int?>("--max-parallel") { Description = "At most this many repositories probed and checks run at once (default: no limit)" };
            foreach (var option in new Option[] { _config, skipGate, justification, actor, trigger, dryRun, report, summary, runId, maxParallel })
            {
                command.Add(option);
            }

            return (parse, context) => new PromoteOptions
            {
                ConfigPath = parse.GetValue(_config)!,
                SkipGate = parse.GetValue(skipGate),
                // Untrusted text from a dispatch payload arrives through the environment, never the command line.
                Justification = parse.GetValue(justification) ?? context.Variable("PIPELINES_JUSTIFICATION"),
                Actor = parse.GetValue(actor) ?? context.Variable("PIPELINES_ACTOR"),
                Trigger = parse.GetValue(trigger) ?? context.Variable("PIPELINES_TRIGGER"),
                DryRun = parse.GetValue(dryRun),
                ReportPath = parse.GetValue(report),
                SummaryPath = parse.GetValue(summary),
                RunId = parse.GetValue(runId),
                MaxParallel = parse.GetValue(maxParallel),
            };
        }
    }
}
