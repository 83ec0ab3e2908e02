using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Canbao.Reports.Rosters;

/// <summary>
/// Makes the roster sheet of an XLSX ready to print on the township's office printer (Open XML SDK): A4 landscape,
/// fitted to one page wide (as many pages tall as needed), the header row repeated on every page (print titles,
/// <c>_xlnm.Print_Titles</c>), cell gridlines printed as the table's borders, the header row frozen on screen, and a page
/// header with the township, the survey batch and the due date, a page footer with "第 n 页 共 m 页".
/// </summary>
public static class RosterPrintSetup
{
    /// <summary>Paper size code of A4 (ECMA-376 Part 1, 18.3.1.63 pageSetup: paperSize 9 = A4 210 × 297 mm).</summary>
    public const uint A4 = 9;

    // Children of a worksheet that come before printOptions (ECMA-376 Part 1, 18.3.1.99 worksheet: sequence order).
    private static readonly Type[] BeforePrintOptions =
    [
        typeof(SheetData), typeof(SheetCalculationProperties), typeof(SheetProtection), typeof(ProtectedRanges), typeof(Scenarios),
        typeof(AutoFilter), typeof(SortState), typeof(DataConsolidate), typeof(CustomSheetViews), typeof(MergeCells),
        typeof(PhoneticProperties), typeof(ConditionalFormatting), typeof(DataValidations), typeof(Hyperlinks),
    ];

    /// <summary>Applies the print setup to sheet <paramref name="sheetName"/> of the XLSX in <paramref name="xlsx"/> (read/write, seekable).</summary>
    /// <param name="xlsx">The workbook.</param>
    /// <param name="sheetName">The sheet to set up (<see cref="RosterWriter.RosterSheet"/>).</param>
    /// <param name="header">Centre text of the page header (plain text; '&amp;' is escaped).</param>
    /// <param name="footerLeft">Left text of the page footer (plain text).</param>
    /// <exception cref="InvalidDataException">The workbook has no sheet of that name.</exception>
    public static void Apply(Stream xlsx, string sheetName, string header, string footerLeft)
    {
        using var doc = SpreadsheetDocument.Open(xlsx, isEditable: true);
        var workbookPart = doc.WorkbookPart ?? throw new InvalidDataException("not a workbook");
        var sheets = workbookPart.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        var index = sheets.FindIndex(s => s.Name?.Value == sheetName);
        if (index < 0) throw new InvalidDataException($"the workbook has no sheet '{sheetName}'");
        var worksheet = ((WorksheetPart)workbookPart.GetPartById(sheets[index].Id!.Value!)).Worksheet;

        // sheetPr/pageSetUpPr fitToPage: scale to the fitToWidth/fitToHeight below.
        var sheetPr = worksheet.GetFirstChild<SheetProperties>() ?? worksheet.InsertAt(new SheetProperties(), 0);
        (sheetPr.PageSetupProperties ??= new PageSetupProperties()).FitToPage = true;

        // Header row frozen on screen.
        var views = worksheet.GetFirstChild<SheetViews>();
        if (views is null)
        {
            views = new SheetViews();
            var anchor = (OpenXmlElement?)worksheet.GetFirstChild<SheetDimension>() ?? sheetPr;
            worksheet.InsertAfter(views, anchor);
        }
        var view = views.GetFirstChild<SheetView>() ?? views.AppendChild(new SheetView { WorkbookViewId = 0 });
        view.RemoveAllChildren<Pane>();
        view.RemoveAllChildren<Selection>();
        view.InsertAt(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }, 0);

        worksheet.RemoveAllChildren<PrintOptions>();
        worksheet.RemoveAllChildren<PageMargins>();
        worksheet.RemoveAllChildren<PageSetup>();
        worksheet.RemoveAllChildren<HeaderFooter>();
        OpenXmlElement after = worksheet.ChildElements.Last(e => BeforePrintOptions.Contains(e.GetType()));
        OpenXmlElement[] print =
        [
            new PrintOptions { GridLines = true, HorizontalCentered = true },
            new PageMargins { Left = 0.4, Right = 0.4, Top = 0.7, Bottom = 0.6, Header = 0.3, Footer = 0.3 },
            new PageSetup { PaperSize = A4, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 },
            new HeaderFooter
            {
                OddHeader = new OddHeader("&C&\"-,Bold\"&14" + Escape(header)),
                OddFooter = new OddFooter("&L" + Escape(footerLeft) + "&R第 &P 页 共 &N 页"),
            },
        ];
        foreach (var e in print) after = worksheet.InsertAfter(e, after);

        // Print titles: row 1 repeats on every printed page.
        var workbook = workbookPart.Workbook;
        var names = workbook.DefinedNames ?? workbook.InsertAfter(new DefinedNames(), workbook.Sheets!);
        foreach (var old in names.Elements<DefinedName>().Where(n => n.Name?.Value == "_xlnm.Print_Titles" && n.LocalSheetId?.Value == (uint)index).ToList()) old.Remove();
        names.AppendChild(new DefinedName($"'{sheetName.Replace("'", "''", StringComparison.Ordinal)}'!$1:$1")
        {
            Name = "_xlnm.Print_Titles", LocalSheetId = (uint)index,
        });
        worksheet.Save();
        workbook.Save();
    }

    /// <summary>The page header of a roster: township name and code and the survey batch.</summary>
    public static string Header(Roster roster) =>
        $"{roster.TownshipName}（{roster.TownshipCode}）全民参保登记入户调查花名册";

    /// <summary>The page footer's left part of a roster: survey batch and the due date.</summary>
    public static string Footer(Roster roster) =>
        $"调查批次 {roster.CampaignId}  交回期限 {roster.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}  共 {roster.Entries.Count} 人";

    // '&' starts a header/footer code (ECMA-376 Part 1, 18.3.1.46 headerFooter); a literal one is written '&&'.
    private static string Escape(string text) => text.Replace("&", "&&", StringComparison.Ordinal);
}
