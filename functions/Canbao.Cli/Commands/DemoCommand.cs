using System.CommandLine;

namespace Canbao.Cli.Commands;

/// <summary><c>canbao demo</c>: the main job on the embedded default.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run the main job on the sample city with the embedded default");
        command.SetAction(_ =>
        {
            Console.WriteLine("canbao demo: not yet — the comparison round is being built. Try `./canbao feeds`.");
            return 0;
        });
        return command;
    }
}
