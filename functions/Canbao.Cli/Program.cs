using System.CommandLine;
using Canbao.Cli.Commands;

// The `canbao` command line. Each command lives in Commands/ and is added here, one line each.
var root = new RootCommand("Canbao — universal social-insurance enrollment registration (全民参保登记)");
root.Subcommands.Add(FeedsCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
// A missing file or folder, a path that is a file, a tool that is not installed: one line on stderr and exit 2, not a
// stack trace (those stay for defects). Messages name paths only, never record values.
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"canbao {(args.Length > 0 ? args[0] : "")}: {UserMessages.Plain(e)}");
    return 2;
}
