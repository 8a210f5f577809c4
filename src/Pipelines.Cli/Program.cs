using Pipelines.Cli;
using Pipelines.Commands;

// Plain lines when output goes to a log or a pipe; live progress and tables in a terminal.
IConsoleUi ui = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") == "true"
    ? new PlainConsoleUi(Console.Out, Console.Error, TimeProvider.System)
    : new SpectreConsoleUi(TimeProvider.System);

return await CommandLine.RunAsync(args, CommandContext.FromProcess(ui));
