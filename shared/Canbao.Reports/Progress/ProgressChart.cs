using ScottPlot;

namespace Canbao.Reports.Progress;

/// <summary>
/// The monthly report's chart: coverage rate (参保率, %) per area as bars, with the area total as a dashed line,
/// rendered to PNG with ScottPlot. Labels are Chinese when a CJK font is installed (fonts-wqy-microhei, see
/// tests/setup.d/40-chromium.sh); otherwise area codes are used so the image never shows empty boxes.
/// </summary>
public static class ProgressChart
{
    /// <summary>Name under which a CJK font file found on the machine is registered with ScottPlot, or null when none.</summary>
    /// <remarks>ScottPlot's SkiaSharp build carries no fontconfig, so system fonts are not found by family name;
    /// the font file is looked up in /usr/share/fonts (WenQuanYi, Noto CJK, Droid Sans Fallback) and loaded by path.</remarks>
    private static readonly Lazy<string?> CjkFont = new(() =>
    {
        const string dir = "/usr/share/fonts";
        if (!Directory.Exists(dir)) return null;
        string[] wanted = ["wqy-microhei", "wqy-zenhei", "NotoSansCJK", "NotoSerifCJK", "DroidSansFallback"];
        var file = Directory.EnumerateFiles(dir, "*.tt?", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(dir, "*.otf", SearchOption.AllDirectories))
            .FirstOrDefault(f => wanted.Any(w => Path.GetFileName(f).Contains(w, StringComparison.OrdinalIgnoreCase)));
        if (file is null) return null;
        Fonts.AddFontFile("CanbaoCjk", file);
        return "CanbaoCjk";
    });

    /// <summary>Renders the chart; returns PNG bytes of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static byte[] RenderPng(MonthlyReport report, int width = 1000, int height = 560)
    {
        var plot = new Plot();
        var rates = report.Rows.Select(r => Math.Round(r.CoverageRate * 100, 1)).ToArray();
        var bars = plot.Add.Bars(rates);
        bars.Color = Colors.SteelBlue;
        foreach (var (bar, rate) in bars.Bars.Zip(rates)) bar.Label = rate.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        bars.ValueLabelStyle.FontSize = 13;

        var month = report.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var title = $"{report.ScopeName} {month} 参保率 (%)";
        var cjk = CjkFont.Value ?? Fonts.Default;
        var useNames = CjkFont.Value is not null;
        var labels = report.Rows.Select(r => useNames ? r.Name : r.Code).ToArray();
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, labels.Length).Select(i => (double)i)], labels);
        plot.Axes.Bottom.TickLabelStyle.FontName = cjk;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Title(useNames ? title : $"{report.ScopeCode} {month} coverage rate (%)");
        plot.Axes.Title.Label.FontName = cjk;

        var total = Math.Round(report.Total.CoverageRate * 100, 1);
        var line = plot.Add.HorizontalLine(total);
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.OrangeRed;
        line.LegendText = useNames ? $"合计 {total:0.0}%" : $"total {total:0.0}%";
        plot.Legend.FontName = cjk;
        plot.Font.Set(cjk);
        plot.Axes.SetLimitsY(0, 105);
        plot.Axes.Margins(bottom: 0);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
