namespace Canbao.Comparison;

/// <summary>
/// Source precedence for master fields (name, addresses, phone) when departments disagree about one resident ID.
/// Lower rank wins. Order and why:
/// <list type="number">
/// <item><c>household_registry</c> (公安 户籍): the legal record of identity;</item>
/// <item><c>residence_permit</c> (公安 居住证): identity checked against the holder's home registry;</item>
/// <item><c>registration</c> (全民参保登记表): filled in with the person in a survey;</item>
/// <item><c>enrollment</c>, <c>other_region_enrollment</c>, <c>social_security_card</c> (人社/社保): checked at enrollment;</item>
/// <item>the other feeds (deaths, newborns, students, prisoners, civil affairs, tax, construction, migrations).</item>
/// </list>
/// Birth date and sex are never taken from a column: the resident ID embeds them (GB 11643-1999 §6) and outranks
/// every department. When two sources of the best rank that gave a name disagree, precedence cannot decide and
/// the person needs verification. Source: the pilot plan's division of work (宁政办〔2017〕38号) — 公安 provides the
/// population base the others are compared against.
/// </summary>
public static class FeedPrecedence
{
    private static readonly Dictionary<string, int> Ranks = new(StringComparer.Ordinal)
    {
        ["household_registry"] = 1,
        ["residence_permit"] = 2,
        ["registration"] = 3,
        ["enrollment"] = 4,
        ["other_region_enrollment"] = 4,
        ["social_security_card"] = 4,
    };

    /// <summary>Rank of a feed: 1 is best; feeds not listed rank 5.</summary>
    public static int Rank(string feed) => Ranks.GetValueOrDefault(feed, 5);
}
