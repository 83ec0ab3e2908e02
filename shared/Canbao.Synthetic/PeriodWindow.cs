using System.Globalization;

namespace Canbao.Synthetic;

/// <summary>
/// One generated period: its name (yyyy-MM), last day, and the window of change events it reports
/// (after <see cref="WindowStart"/>, up to and including <see cref="End"/>).
/// </summary>
/// <param name="Name">Period, e.g. "2017-03".</param>
/// <param name="End">Last day of the period month: the snapshot date and the validation processing date.</param>
/// <param name="WindowStart">Changes strictly after this day are reported (the previous period's end, or a year before the first period).</param>
/// <param name="IsBase">True for the first period written into the folder: it also writes the snapshot feeds.</param>
public sealed record PeriodWindow(string Name, DateOnly End, DateOnly WindowStart, bool IsBase)
{
    /// <summary>Parses yyyy-MM into the period's last day.</summary>
    /// <exception cref="ArgumentException">Not yyyy-MM, or a year outside 1990–2030.</exception>
    public static DateOnly ParseEnd(string period)
    {
        if (!DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || first.Year is < 1990 or > 2030)
            throw new ArgumentException($"--period {period}: expected yyyy-MM between 1990 and 2030, e.g. 2017-03");
        return first.AddMonths(1).AddDays(-1);
    }

    /// <summary>True when the date falls in the reporting window.</summary>
    public bool InWindow(DateOnly? date) => date is { } d && d > WindowStart && d <= End;

    /// <summary>The period as yyyyMM (费款所属期).</summary>
    public string Compact => Name.Replace("-", "", StringComparison.Ordinal);
}
