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
return await root.Parse(args).InvokeAsync();
