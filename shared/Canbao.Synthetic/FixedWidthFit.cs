using System.Text;
using Canbao.Domain.Standard;

namespace Canbao.Synthetic;

/// <summary>
/// Keeps values inside the byte widths of a fixed-width layout (<see cref="FixedWidthLayout"/>, case 15): widths are
/// counted in GB18030 bytes (ASCII 1, most CJK 2, characters outside GBK such as U+2022 or Extension B ideographs 4),
/// the encoding <see cref="FixedWidthSink"/> writes.
/// </summary>
public static class FixedWidthFit
{
    /// <summary>The GB18030 byte length of a value (0 for null).</summary>
    public static int Bytes(string? value) => string.IsNullOrEmpty(value) ? 0 : DropSink.Gb18030.GetByteCount(value);

    /// <summary>
    /// The longest prefix of <paramref name="value"/> that fits <paramref name="bytes"/> GB18030 bytes, cut at a character
    /// (Unicode scalar) boundary so a surrogate pair or a double-byte character is never split — what a department system
    /// with a fixed-width export does to a name longer than its field.
    /// </summary>
    /// <param name="value">The value; null stays null.</param>
    /// <param name="bytes">The field width in bytes (≥ 0).</param>
    public static string? Truncate(string? value, int bytes)
    {
        if (value is null || Bytes(value) <= bytes) return value;
        var used = 0;
        var end = 0;
        Span<char> buffer = stackalloc char[2];
        foreach (var rune in value.EnumerateRunes())
        {
            var n = DropSink.Gb18030.GetByteCount(buffer[..rune.EncodeToUtf16(buffer)]);
            if (used + n > bytes) break;
            used += n;
            end += rune.Utf16SequenceLength;
        }
        return value[..end];
    }

    /// <summary>True when every value the layout writes fits its field's width.</summary>
    /// <param name="feed">The feed (its <see cref="FeedSpec.FixedWidth"/> layout; a feed without one always fits).</param>
    /// <param name="values">The row's values in the order of the feed's fields.</param>
    public static bool Fits(FeedSpec feed, IReadOnlyList<string?> values)
    {
        if (feed.FixedWidth is not { } layout) return true;
        foreach (var f in layout.Fields)
        {
            var i = IndexOf(feed, f.Key);
            if (i >= 0 && Bytes(values[i]) > f.LengthBytes) return false;
        }
        return true;
    }

    /// <summary>Cuts every value the layout writes to its field's width (see <see cref="Truncate"/>), in place.</summary>
    /// <param name="feed">The feed (nothing happens without a fixed-width layout).</param>
    /// <param name="values">The row's values in the order of the feed's fields.</param>
    public static void TruncateAll(FeedSpec feed, string?[] values)
    {
        if (feed.FixedWidth is not { } layout) return;
        foreach (var f in layout.Fields)
        {
            var i = IndexOf(feed, f.Key);
            if (i >= 0) values[i] = Truncate(values[i], f.LengthBytes);
        }
    }

    private static int IndexOf(FeedSpec feed, string key)
    {
        for (var i = 0; i < feed.Fields.Count; i++) if (feed.Fields[i].Field.Key == key) return i;
        return -1;
    }
}
