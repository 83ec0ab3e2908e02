namespace Canbao.Workflows.Reports;

/// <summary>
/// When the monthly progress reports are written. Source: the pilot plan's reporting rule (DESIGN.md: districts by the
/// 25th, city by the 30th). Reports are written at 00:00 China Standard Time (UTC+8, no daylight saving) of the due
/// day, so they are there that morning; the city day is the month's last day when the month is shorter than 30 days.
/// </summary>
public static class ReportSchedule
{
    /// <summary>Day of month the district reports are due.</summary>
    public const int DistrictDay = 25;

    /// <summary>Day of month the city report is due (clamped to the month's last day).</summary>
    public const int CityDay = 30;

    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>UTC instant the district reports of the period are written (<see cref="DateTimeKind.Utc"/>).</summary>
    public static DateTime DistrictsDueUtc(int year, int month) => AtChinaMidnight(year, month, DistrictDay);

    /// <summary>UTC instant the city report of the period is written (<see cref="DateTimeKind.Utc"/>).</summary>
    public static DateTime CityDueUtc(int year, int month) => AtChinaMidnight(year, month, Math.Min(CityDay, DateTime.DaysInMonth(year, month)));

    /// <summary>The period after (year, month).</summary>
    public static (int Year, int Month) Next(int year, int month) => month == 12 ? (year + 1, 1) : (year, month + 1);

    private static DateTime AtChinaMidnight(int year, int month, int day) =>
        DateTime.SpecifyKind(new DateTime(year, month, day, 0, 0, 0) - ChinaOffset, DateTimeKind.Utc);
}
