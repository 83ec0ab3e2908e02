using Canbao.Reports.Rosters;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Canbao.Reports.Tests;

/// <summary>Issue 8: the XLSX roster is ready to print — read back with the Open XML SDK.</summary>
public sealed class RosterPrintTests
{
    private static (SpreadsheetDocument Doc, Worksheet Sheet) Open(byte[] xlsx)
    {
        var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), isEditable: false);
        var wb = doc.WorkbookPart!;
        var sheet = wb.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == RosterWriter.RosterSheet);
        return (doc, ((WorksheetPart)wb.GetPartById(sheet.Id!.Value!)).Worksheet);
    }

    [Fact]
    public void The_roster_prints_on_A4_landscape_one_page_wide_with_the_header_row_on_every_page()
    {
        var roster = RosterTests.Sample();
        using var s = new MemoryStream();
        RosterWriter.WriteXlsx(s, roster);
        var (doc, ws) = Open(s.ToArray());
        using (doc)
        {
            var setup = ws.GetFirstChild<PageSetup>()!;
            Assert.Equal(9u, setup.PaperSize!.Value); // A4
            Assert.Equal(OrientationValues.Landscape, setup.Orientation!.Value);
            Assert.Equal(1u, setup.FitToWidth!.Value);
            Assert.Equal(0u, setup.FitToHeight!.Value); // as many pages tall as needed
            Assert.True(ws.GetFirstChild<SheetProperties>()!.PageSetupProperties!.FitToPage!.Value);
            Assert.True(ws.GetFirstChild<PrintOptions>()!.GridLines!.Value);

            var titles = doc.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().Single(n => n.Name == "_xlnm.Print_Titles");
            Assert.Equal("'花名册'!$1:$1", titles.Text);
            Assert.Equal(0u, titles.LocalSheetId!.Value);

            var hf = ws.GetFirstChild<HeaderFooter>()!;
            Assert.Contains("东关大街街道（630102001）全民参保登记入户调查花名册", hf.OddHeader!.Text);
            Assert.Contains("交回期限 2026-12-20", hf.OddFooter!.Text);
            Assert.Contains("第 &P 页 共 &N 页", hf.OddFooter.Text);
            var pane = ws.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.GetFirstChild<Pane>()!;
            Assert.Equal(("A2", PaneStateValues.Frozen), (pane.TopLeftCell!.Value, pane.State!.Value));

            // Schema order is kept (Excel refuses a file whose worksheet children are out of order).
            var order = ws.ChildElements.Select(e => e.LocalName).ToList();
            Assert.True(order.IndexOf("sheetData") < order.IndexOf("printOptions"));
            Assert.Equal(["printOptions", "pageMargins", "pageSetup", "headerFooter"], order.Skip(order.IndexOf("printOptions")).Take(4));
            Assert.Equal(0, order.IndexOf("sheetPr"));
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc));
        }

        // Still the roster: it reads back with every row still to visit.
        var read = SurveyResultReader.Read(new MemoryStream(s.ToArray()), new DateOnly(2026, 11, 29));
        Assert.Equal(roster.Entries.Count, read.Unfilled.Count);
    }
}
