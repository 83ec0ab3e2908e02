namespace Canbao.Domain.Normalization;

/// <summary>
/// Addresses are free text. The stored value is the original with only the outer whitespace trimmed — in-cell line
/// breaks (LF, lone CR, CRLF) are kept (case 06 item 6). The matching form folds every run of whitespace, line breaks
/// and zero-width characters to one ASCII space and full-width ASCII forms to half-width, so
/// <c>沈阳市和平区试验街12号\r\n（临时住所）</c> and <c>沈阳市和平区试验街１２号 (临时住所)</c> compare equal.
/// </summary>
public static class AddressNormalizer
{
    /// <summary>The stored value: outer whitespace trimmed, line breaks inside kept; the same instance when already trimmed.</summary>
    public static string Stored(string raw) => CharFold.TrimAll(raw);

    /// <summary>The form used to compare addresses: whitespace runs folded to one space, full-width ASCII folded, trimmed.</summary>
    public static string MatchingForm(string raw)
    {
        var s = CharFold.TrimAll(raw);
        var buffer = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        var space = false;
        foreach (var ch in s)
        {
            if (CharFold.IsZeroWidth(ch)) continue;
            if (CharFold.IsSpaceOrZeroWidth(ch)) { space = n > 0; continue; }
            var c = CharFold.ToHalfWidth(ch);
            if (space) { buffer[n++] = ' '; space = false; }
            buffer[n++] = c;
        }
        return buffer[..n].SequenceEqual(s) ? s : new string(buffer[..n]);
    }
}
