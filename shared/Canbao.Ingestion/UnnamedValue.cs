using System.Text.RegularExpressions;
using Canbao.Domain.Identifiers;

namespace Canbao.Ingestion;

/// <summary>
/// How a value found in an unnamed column is quoted in a finding (case 07 wants it in the message): clipped to 80
/// characters, and any run of 7 or more digits/X (an ID or phone number that strayed there) masked with
/// <see cref="ResidentId.Mask"/> so findings never carry one unmasked.
/// </summary>
internal static partial class UnnamedValue
{
    [GeneratedRegex("[0-9０-９]{6,}[0-9０-９Xx]", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();

    public static string ForMessage(ReadOnlySpan<char> value)
    {
        var text = value.Length <= 80 ? value.ToString() : string.Concat(value[..80], "…");
        return DigitRun().Replace(text, m => ResidentId.Mask(m.Value));
    }
}
