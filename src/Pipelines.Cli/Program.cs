using Pipelines.Cli;
using Pipelines.Commands;
using Pipelines.LiveDeploy.Sandbox.StandIn;

// The stand-in wfctl of the tests and the sandbox (never the real wfctl): checked first, so a
// call loads nothing of the CLI itself.
if (args.Length > 0 && args[0] == StandInLauncher.EntryArgument)
{
    return StandInProgram.Main(args[1..]);
}

// Plain lines when output goes to a log or a pipe; live progress and tables in a terminal.
IConsoleUi ui = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") == "true"
    ? new PlainConsoleUi(Console.Out, Console.Error, TimeProvider.System)
    : new SpectreConsoleUi(TimeProvider.System);

return await CommandLine.RunAsync(args, CommandContext.FromProcess(ui));
