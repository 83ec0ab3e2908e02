using System.Text;
using Canbao.Domain.Standard;

namespace Canbao.Ingestion;

/// <summary>
/// How a drop's header columns map to a feed's fields. A column maps by the department's header of the field first,
/// then by any alias of the field, after <see cref="Normalize"/>. Columns with an empty header are "unnamed": data in
/// them is reported, never dropped silently (case 07). Columns with a name the feed does not know are ignored and listed.
/// </summary>
public sealed class HeaderMap
{
    private HeaderMap(int[] columnOfField, string?[] columnNames, bool[] unnamed, IReadOnlyList<string> ignored, int lastNamed, int headerCount)
    {
        ColumnOfField = columnOfField;
        ColumnNames = columnNames;
        Unnamed = unnamed;
        IgnoredColumns = ignored;
        LastNamedColumn = lastNamed;
        HeaderCount = headerCount;
    }

    /// <summary>For each field of the feed (same order), the 0-based file column, or -1 when the file has no such column.</summary>
    public IReadOnlyList<int> ColumnOfField { get; }

    /// <summary>For each field of the feed, the header as the file writes it (null when absent) — what findings name.</summary>
    public IReadOnlyList<string?> ColumnNames { get; }

    /// <summary>For each header column, true when its name is empty.</summary>
    public IReadOnlyList<bool> Unnamed { get; }

    /// <summary>Named header columns that map to no field of the feed (ignored).</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>The 0-based index of the last named column; a row with fewer columns than this + 1 misses a named column.</summary>
    public int LastNamedColumn { get; }

    /// <summary>Number of header columns.</summary>
    public int HeaderCount { get; }

    /// <summary>Every header text any feed or standard field is known by (normalized), to tell a header row from data.</summary>
    private static readonly HashSet<string> KnownHeaders = FeedCatalog.All.SelectMany(f => f.Fields)
        .SelectMany(f => f.Field.Aliases.Append(f.Header)).Select(Normalize).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Describes the first line for a missing-column error without echoing personal data: when the first line is not a
    /// header (a data row, or the wrong feed's layout) its cells are names, IDs and phones, so only cells that are known
    /// header texts are shown; the others are counted.
    /// </summary>
    private static string DescribeHeader(IReadOnlyList<string?> headers, string[] normalized)
    {
        var known = new List<string>();
        var unknown = 0;
        for (var c = 0; c < headers.Count; c++)
        {
            if (normalized[c].Length == 0) continue;
            if (KnownHeaders.Contains(normalized[c])) known.Add(headers[c]!.Replace("\uFEFF", "", StringComparison.Ordinal).Trim());
            else unknown++;
        }
        var text = known.Count > 0 ? $" (header has: {string.Join(", ", known)}" : " (header has no known column name";
        if (unknown > 0) text += $"; {unknown} other cell{(unknown > 1 ? "s" : "")} not shown — is the first line a header row, and is this the feed the file belongs to?";
        return text + ")";
    }

    /// <summary>
    /// Normalizes header text for matching: removes U+FEFF, folds width and compatibility forms (NFKC: full-width
    /// parentheses and letters), removes all whitespace, lower-cases (invariant).
    /// </summary>
    public static string Normalize(string? header)
    {
        if (string.IsNullOrEmpty(header)) return "";
        var folded = header.Replace("\uFEFF", "", StringComparison.Ordinal).Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
            if (!char.IsWhiteSpace(c) && c is not ('\u200B' or '\u200C' or '\u200D' or '\u2060')) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>Maps a header row to the feed.</summary>
    /// <param name="headers">Header cells as read (BOM already stripped or not; both work).</param>
    /// <param name="feed">The feed.</param>
    /// <param name="map">The mapping when every required column is present and no field is claimed twice.</param>
    /// <param name="error">A file-level error naming the missing required columns, or the duplicated field and its columns.</param>
    public static bool TryCreate(IReadOnlyList<string?> headers, FeedSpec feed, out HeaderMap? map, out FileError? error)
    {
        var fields = feed.Fields;
        var byHeader = new Dictionary<string, int>(StringComparer.Ordinal);
        var byAlias = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var f = 0; f < fields.Count; f++)
        {
            byHeader.TryAdd(Normalize(fields[f].Header), f);
            byAlias.TryAdd(Normalize(fields[f].Field.Label), f);
            byAlias.TryAdd(Normalize(fields[f].Field.Key), f);
            foreach (var alias in fields[f].Field.Aliases) byAlias.TryAdd(Normalize(alias), f);
        }

        var columnOfField = Enumerable.Repeat(-1, fields.Count).ToArray();
        var unnamed = new bool[headers.Count];
        var ignored = new List<string>();
        var lastNamed = -1;
        var normalized = headers.Select(Normalize).ToArray();

        // Pass 1: the department's own header; pass 2: aliases. A field claimed twice is ambiguous.
        foreach (var pass in new[] { byHeader, byAlias })
        {
            for (var c = 0; c < normalized.Length; c++)
            {
                if (normalized[c].Length == 0 || columnOfField.Contains(c)) continue;
                if (!pass.TryGetValue(normalized[c], out var f)) continue;
                if (columnOfField[f] >= 0)
                {
                    if (pass == byAlias && byHeader.ContainsKey(normalized[columnOfField[f]]) && !byHeader.ContainsKey(normalized[c]))
                    {
                        // The department header already claimed the field; this alias column is an extra.
                        continue;
                    }
                    map = null;
                    error = new FileError(FileErrorCodes.DuplicateColumn,
                        $"columns {columnOfField[f] + 1} ({headers[columnOfField[f]]}) and {c + 1} ({headers[c]}) both map to {fields[f].Field.Label}; keep one");
                    return false;
                }
                columnOfField[f] = c;
            }
        }

        for (var c = 0; c < normalized.Length; c++)
        {
            if (normalized[c].Length == 0) { unnamed[c] = true; continue; }
            lastNamed = c;
            if (!columnOfField.Contains(c)) ignored.Add(headers[c]!.Replace("\uFEFF", "", StringComparison.Ordinal).Trim());
        }

        var missing = fields.Where((f, i) => f.Required && columnOfField[i] < 0).Select(f => f.Header).ToList();
        if (missing.Count > 0)
        {
            map = null;
            error = new FileError(FileErrorCodes.RequiredColumnMissing,
                $"required column{(missing.Count > 1 ? "s" : "")} missing from the header for feed {feed.Id}: {string.Join(", ", missing)}" +
                DescribeHeader(headers, normalized));
            return false;
        }

        var names = new string?[fields.Count];
        for (var f = 0; f < fields.Count; f++)
            names[f] = columnOfField[f] >= 0 ? headers[columnOfField[f]]!.Replace("\uFEFF", "", StringComparison.Ordinal).Trim() : null;
        map = new HeaderMap(columnOfField, names, unnamed, ignored, lastNamed, headers.Count);
        error = null;
        return true;
    }
}
