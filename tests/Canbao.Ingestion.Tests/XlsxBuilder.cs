using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Canbao.Ingestion.Tests;

/// <summary>
/// Writes a minimal XLSX by hand so tests control the cell types: inline strings, numbers, date-formatted numbers
/// (style 1 = numFmt 14, m/d/yyyy) and the workbook's 1904 date system.
/// </summary>
internal static class XlsxBuilder
{
    /// <summary>A date cell: the serial number in the workbook's date system, styled as a date.</summary>
    public sealed record DateCell(double Serial);

    public static byte[] Build(IEnumerable<object?[]> rows, bool date1904 = false)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
                </Types>
                """);
            Add(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """);
            Add(zip, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <workbookPr{(date1904 ? " date1904=\"1\"" : "")}/>
                <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>
                </workbook>
                """);
            Add(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
                </Relationships>
                """);
            Add(zip, "xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                <fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>
                <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
                <cellXfs count="3"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="11" xfId="0" applyNumberFormat="1"/></cellXfs>
                </styleSheet>
                """);
            var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            var r = 0;
            foreach (var row in rows)
            {
                r++;
                sheet.Append($"<row r=\"{r}\">");
                for (var c = 0; c < row.Length; c++)
                {
                    var cell = Column(c) + r.ToString(CultureInfo.InvariantCulture);
                    switch (row[c])
                    {
                        case null: break;
                        case string s: sheet.Append($"<c r=\"{cell}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{SecurityElement.Escape(s)}</t></is></c>"); break;
                        case DateCell d: sheet.Append($"<c r=\"{cell}\" s=\"1\"><v>{d.Serial.ToString(CultureInfo.InvariantCulture)}</v></c>"); break;
                        case ScientificCell n: sheet.Append($"<c r=\"{cell}\" s=\"2\"><v>{n.Value.ToString("R", CultureInfo.InvariantCulture)}</v></c>"); break;
                        case double n: sheet.Append($"<c r=\"{cell}\"><v>{n.ToString("R", CultureInfo.InvariantCulture)}</v></c>"); break;
                        default: throw new ArgumentException(row[c]!.GetType().Name);
                    }
                }
                sheet.Append("</row>");
            }
            sheet.Append("</sheetData></worksheet>");
            Add(zip, "xl/worksheets/sheet1.xml", sheet.ToString());
        }
        return ms.ToArray();
    }

    /// <summary>A number cell formatted as scientific (numFmt 11, 0.00E+00) — how Excel shows a long number typed in.</summary>
    public sealed record ScientificCell(double Value);

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        w.Write(content);
    }
}
