using System.CommandLine;
using Canbao.Domain.Standard;

namespace Canbao.Cli.Commands;

/// <summary><c>canbao feeds</c>: lists every department feed of the data standard and its columns.</summary>
public static class FeedsCommand
{
    public static Command Create()
    {
        var command = new Command("feeds", "List the department feeds (数据源), their columns and which are required");
        command.SetAction(_ =>
        {
            foreach (var feed in FeedCatalog.All)
            {
                Console.WriteLine($"{feed.Id,-24} {feed.Department} · {feed.Title}{(feed.FixedWidth is null ? "" : $"  (fixed-width, {feed.FixedWidth.RecordBytes} bytes per record)")}");
                foreach (var f in feed.Fields)
                {
                    var aliases = f.Field.Aliases.Where(a => a != f.Header).Take(4);
                    Console.WriteLine($"    {(f.Required ? "*" : " ")} {f.Field.Key,-22} {f.Header}   (also: {string.Join(", ", aliases)})");
                }
            }
            Console.WriteLine("* = required");
            return 0;
        });
        return command;
    }
}
