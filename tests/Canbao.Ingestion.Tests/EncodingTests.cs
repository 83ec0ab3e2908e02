using System.Text;
using Canbao.Domain.Standard;

namespace Canbao.Ingestion.Tests;

/// <summary>Case 04 and its class: BOM → UTF-8/UTF-16; strict UTF-8; else GB18030; U+FFFD rejects the file.</summary>
public class EncodingTests
{
    private static string Csv => Drop.Header + "\r\n" + Drop.Row1 + "\r\n" + Drop.Row2 + "\r\n";

    [Fact]
    public void Case04_GbkFile_IsDecodedAsGb18030_WithExactHeadersAndValues()
    {
        var drop = Drop.Case("04-gbk-csv-as-utf8.input.csv").Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal("GB18030", drop.Summary.Encoding);
        Assert.Equal(3, drop.Summary.Rows);
        Assert.Equal(0, drop.Summary.Rejected);
        Assert.Empty(drop.Summary.IgnoredColumns); // all 11 headers mapped exactly
        Assert.Equal("王小明", drop.Value(1, "name"));
        Assert.Equal("武汉市江岸区模拟街9号", drop.Value(3, "hukou_address"));
        Assert.Equal("420102197008080665", drop.Value(3, "resident_id"));
        Assert.DoesNotContain(drop.Rows, r => r.Result.Record.Values.Any(v => v.Contains('\uFFFD')));
    }

    [Fact]
    public void Case04_HeaderFieldsDecodeExactly()
    {
        var bytes = File.ReadAllBytes(Drop.CasePath("04-gbk-csv-as-utf8.input.csv"));
        using var stream = new MemoryStream(bytes);
        Assert.True(TextEncodingDetector.TryDetect(stream, out var enc, out _));
        using var reader = new StreamReader(stream, enc!.Encoding);
        Assert.Equal("姓名,公民身份号码,性别,出生日期,户籍地址,居住地址,联系电话,工作单位,统一社会信用代码,参保险种,参保状态", reader.ReadLine());
    }

    [Fact]
    public void Case04_SameContentAsUtf8WithAndWithoutBom_GivesIdenticalRecords()
    {
        var text = Drop.Gb18030.GetString(File.ReadAllBytes(Drop.CasePath("04-gbk-csv-as-utf8.input.csv")));
        var gbk = Drop.Case("04-gbk-csv-as-utf8.input.csv");
        var plain = Drop.Bytes(new UTF8Encoding(false).GetBytes(text), "a.csv");
        var bom = Drop.Bytes(new UTF8Encoding(true).GetPreamble().Concat(new UTF8Encoding(false).GetBytes(text)).ToArray(), "b.csv");
        Assert.Equal("UTF-8", plain.Summary.Encoding);
        Assert.Equal("UTF-8 BOM", bom.Summary.Encoding);
        foreach (var other in new[] { plain, bom })
        {
            Assert.Equal(gbk.Rows.Count, other.Rows.Count);
            for (var i = 0; i < gbk.Rows.Count; i++)
                Assert.Equal(gbk.Rows[i].Result.Record.OrderBy(k => k.Key), other.Rows[i].Result.Record.OrderBy(k => k.Key));
        }
    }

    [Theory]
    [InlineData(false, "UTF-16LE BOM")]
    [InlineData(true, "UTF-16BE BOM")]
    public void Utf16WithBom_IsDetected(bool bigEndian, string expected)
    {
        var enc = new UnicodeEncoding(bigEndian, true);
        var drop = Drop.Bytes(enc.GetPreamble().Concat(enc.GetBytes(Csv)).ToArray(), "u16.csv").Balanced();
        Assert.Equal(expected, drop.Summary.Encoding);
        Assert.Equal(2, drop.Summary.Rows);
        Assert.Equal("周婷", drop.Value(2, "name"));
        Assert.Equal("王小明", drop.Value(1, "name"));
    }

    [Fact]
    public void Utf8WithReplacementCharacter_RejectsWholeFile()
    {
        var drop = Drop.Utf8(Csv.Replace("周婷", "周\uFFFD"));
        Assert.Equal(FileErrorCodes.Encoding, drop.Summary.Error?.Code);
        Assert.Contains("U+FFFD at line 3 (data row 2), byte offset ", drop.Summary.Error!.Message);
        Assert.Empty(drop.Rows);
    }

    [Fact]
    public void Gb18030WithReplacementCharacterEncoded_RejectsWholeFile()
    {
        // U+FFFD is encodable in GB18030 (84 31 A4 37): mojibake saved by an earlier tool.
        var drop = Drop.Bytes(Drop.Gb18030.GetBytes(Csv.Replace("周婷", "周\uFFFD")), "gb.csv");
        Assert.Equal(FileErrorCodes.Encoding, drop.Summary.Error?.Code);
        Assert.Empty(drop.Rows);
    }

    [Fact]
    public void BytesValidInNeither_RejectWholeFile()
    {
        var bytes = Drop.Gb18030.GetBytes(Csv).Concat(new byte[] { 0xFF, 0xFF, (byte)'\r', (byte)'\n' }).ToArray();
        var drop = Drop.Bytes(bytes, "bad.csv");
        Assert.Equal(FileErrorCodes.Encoding, drop.Summary.Error?.Code);
        Assert.Equal("the file is neither valid UTF-8 nor valid GB18030 (tried in that order): as UTF-8 it breaks at line 1 (the header), byte offset 0 (byte D0); " +
            $"as GB18030 at line 4 (data row 3), byte offset {bytes.Length - 4} (byte FF); the whole file is rejected — ask the department to re-export it in one encoding (UTF-8)",
            drop.Summary.Error!.Message);
        Assert.Empty(drop.Rows);
    }

    [Fact]
    public void Utf8BomWithInvalidBytes_IsNotRescuedAsGb18030()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Drop.Gb18030.GetBytes(Csv)).ToArray();
        var drop = Drop.Bytes(bytes, "bom-but-gbk.csv");
        Assert.Equal(FileErrorCodes.Encoding, drop.Summary.Error?.Code);
        Assert.StartsWith("the file starts with a UTF-8 byte-order mark (BOM), so only UTF-8 was tried, and it is not valid: invalid byte sequence at line 1 (the header), byte offset 3 (byte", drop.Summary.Error!.Message);
    }

    [Fact]
    public void Case13_GbkMiddleDot_DecodesToU00B7_NotKatakanaDot()
    {
        var drop = Drop.Case("13-name-middle-dot.input-gbk.csv").Balanced();
        Assert.Equal("GB18030", drop.Summary.Encoding);
        var name = drop.Rows[0].Result.Record["name"];
        Assert.Equal(Convert.FromHexString("e58aaae5b094c2b7e889bee58a9b"), Encoding.UTF8.GetBytes(name));
        Assert.DoesNotContain('\u30FB', name);
    }

    [Fact]
    public void LongUtf8File_MultiByteCharacterAcrossScanChunks_IsStillUtf8()
    {
        // 1 MiB scan chunks: put many 3-byte characters so some straddle a chunk boundary.
        var sb = new StringBuilder(Drop.Header).Append("\r\n");
        for (var i = 0; i < 12_000; i++) sb.Append(Drop.Row1).Append("\r\n");
        var drop = Drop.Utf8(sb.ToString()).Balanced();
        Assert.Equal("UTF-8", drop.Summary.Encoding);
        Assert.Equal(12_000, drop.Summary.Rows);
        Assert.All(drop.Rows, r => Assert.Equal("王小明", r.Result.Record["name"]));
    }
}

/// <summary>The premise of the GB18030 check without decoding: every two-byte GB18030 character decodes strictly.</summary>
public class Gb18030TwoByteTests
{
    [Fact]
    public void EveryTwoByteSequence_DecodesStrictlyToOneCharacter_ThatIsNotTheReplacementCharacter()
    {
        var failures = new List<string>();
        for (var lead = 0x81; lead <= 0xFE; lead++)
            for (var trail = 0x40; trail <= 0xFE; trail++)
            {
                if (trail == 0x7F) continue;
                try
                {
                    var text = Drop.Gb18030.GetString([(byte)lead, (byte)trail]);
                    if (text.Length != 1 || text[0] == '\uFFFD') failures.Add($"{lead:X2}{trail:X2}");
                }
                catch (DecoderFallbackException) { failures.Add($"{lead:X2}{trail:X2}!"); }
            }
        Assert.Empty(failures);
    }

    [Fact]
    public void EveryFourByteSequence_IsAcceptedWithoutDecoding_ExactlyWhenTheStrictDecoderMapsIt_ToOtherThanTheReplacementCharacter()
    {
        // Code page 54936 comes from CodePagesEncodingProvider; the reader registers it in its static constructor, which
        // may not have run yet when this test runs first (it failed on a clean clone in that order).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        // The decoder with a replacement fallback that no mapped code yields (two C0 controls), so a failure costs no exception.
        var probe = Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\u0001\u0002"));
        var mismatches = new List<string>();
        var accepted = 0;
        Span<byte> b = stackalloc byte[4];
        for (var b0 = 0x80; b0 <= 0xFF; b0++)
            for (var b1 = 0x30; b1 <= 0x39; b1++)
                for (var b2 = 0x80; b2 <= 0xFF; b2++)
                    for (var b3 = 0x30; b3 <= 0x39; b3++)
                    {
                        (b[0], b[1], b[2], b[3]) = ((byte)b0, (byte)b1, (byte)b2, (byte)b3);
                        var text = probe.GetString(b);
                        var decodes = !text.Contains('\u0001') && text != "\uFFFD" && (text.Length == 1 || (text.Length == 2 && char.IsSurrogatePair(text[0], text[1])));
                        var rule = TextEncodingDetector.IsMappedFourByte(b);
                        if (rule) accepted++;
                        if (decodes != rule) mismatches.Add($"{b0:X2}{b1:X2}{b2:X2}{b3:X2}: decoder {decodes}, rule {rule}");
                    }
        Assert.Empty(mismatches.Take(20));
        Assert.Equal(39_419 + 1_048_576, accepted); // the BMP codes but U+FFFD, and every supplementary-plane code point
    }

    [Fact]
    public void Gb18030FileWithUnmappedFourByteCode_IsStillRejectedWhereItBreaks()
    {
        // 84 31 A5 30 is the first code past the BMP range: valid in form, unmapped — the strict decoder names the place.
        var good = Drop.Gb18030.GetBytes(Drop.Header + "\r\n" + Drop.Row1.Replace("王小明", "王\U00020000明") + "\r\n");
        var bytes = good.Concat(new byte[] { 0x84, 0x31, 0xA5, 0x30, (byte)'\r', (byte)'\n' }).ToArray();
        var drop = Drop.Bytes(bytes, "gb-unmapped.csv");
        Assert.Equal(FileErrorCodes.Encoding, drop.Summary.Error?.Code);
        Assert.Contains($"as GB18030 at line 3 (data row 2), byte offset {good.Length} (bytes 84 31 A5 30)", drop.Summary.Error!.Message);
        Assert.Empty(drop.Rows);
    }

    [Fact]
    public void FourByteCharacters_AndTwoByteFilesAcrossScanBlocks_AreStillRead()
    {
        // 𠀀 (U+20000) is four bytes in GB18030: the file goes through the strict decoder and is accepted.
        var sb = new StringBuilder(Drop.Header).Append("\r\n");
        for (var i = 0; i < 9_000; i++) sb.Append(Drop.Row2).Append("\r\n");
        sb.Append(Drop.Row1.Replace("王小明", "王\U00020000明")).Append("\r\n");
        var withFourByte = Drop.Bytes(Drop.Gb18030.GetBytes(sb.ToString()), "gb4.csv").Balanced();
        Assert.Equal(("GB18030", 9_001L), (withFourByte.Summary.Encoding, withFourByte.Summary.Rows));
        Assert.Equal("王\U00020000明", withFourByte.Value(9_001, "name"));

        // Odd offsets: a one-byte prefix shifts every pair so some straddle the 1 MiB block boundary.
        var plain = Drop.Bytes(Drop.Gb18030.GetBytes("x" + sb.ToString().Replace("王\U00020000明", "王小明")), "gb2.csv");
        Assert.Equal("GB18030", plain.Summary.Encoding);
    }
}
