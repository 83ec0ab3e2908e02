using System.Text.RegularExpressions;

namespace Canbao.Cli.Commands;

/// <summary>
/// Exception messages as a user of the command line reads them: what path and why, without the runtime's wording
/// ("Could not find a part of the path '…'", "Access to the path '…' is denied", "(Parameter 'cityCode')").
/// Messages name paths only, never record values.
/// </summary>
public static partial class UserMessages
{
    /// <summary>
    /// The plain message of <paramref name="e"/>: an argument error without its "(Parameter 'x')" suffix; a missing file or
    /// folder as "PATH: no such file or folder"; a refused access as "PATH: not permitted (or it is a folder where a file
    /// is expected)"; a path below a file as "PATH: FILE is a file, not a folder"; any other I/O error as "PATH: MESSAGE" when the path is known; else the message itself.
    /// </summary>
    /// <param name="e">The exception caught at a command's edge.</param>
    public static string Plain(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is ArgumentException { ParamName: { } param } arg)
        {
            var suffix = $" (Parameter '{param}')";
            return arg.Message.EndsWith(suffix, StringComparison.Ordinal) ? arg.Message[..^suffix.Length] : arg.Message;
        }
        var path = (e as FileNotFoundException)?.FileName ?? QuotedPath(e.Message);
        if (e is IOException && path is not null && FileOnTheWay(path) is { } file) return $"{path}: {file} is a file, not a folder";
        return e switch
        {
            FileNotFoundException or DirectoryNotFoundException when path is not null => $"{path}: no such file or folder",
            FileNotFoundException or DirectoryNotFoundException => "a file or folder does not exist",
            UnauthorizedAccessException when path is not null => $"{path}: not permitted (or it is a folder where a file is expected)",
            UnauthorizedAccessException => "not permitted: a file or folder cannot be read or written by this user",
            IOException when path is not null && !e.Message.StartsWith(path, StringComparison.Ordinal) => $"{path}: {Regex.Replace(e.Message, $"\\s*'{Regex.Escape(path)}'", "")}",
            _ => e.Message,
        };
    }

    /// <summary>A path above <paramref name="path"/> that is a file (so nothing can be created below it), or null.</summary>
    private static string? FileOnTheWay(string path)
    {
        for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            if (File.Exists(dir)) return dir;
        return null;
    }

    /// <summary>The first '…'-quoted absolute path in a runtime message, or null.</summary>
    private static string? QuotedPath(string message)
    {
        var m = Quoted().Match(message);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("'(/[^']*|[A-Za-z]:\\\\[^']*)'")]
    private static partial Regex Quoted();
}
