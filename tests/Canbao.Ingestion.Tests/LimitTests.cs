namespace Canbao.Ingestion.Tests;

/// <summary>File size and row length limits give clear file-level errors.</summary>
public class LimitTests
{
    [Fact]
    public void FileOverSizeLimit_IsRefused()
    {
        var drop = Drop.Utf8(Drop.Header + "\r\n" + Drop.Row1 + "\r\n", limits: new ReaderLimits(MaxFileBytes: 100));
        Assert.Equal(FileErrorCodes.TooLarge, drop.Summary.Error?.Code);
        Assert.Contains("limit is 100", drop.Summary.Error!.Message);
        Assert.Empty(drop.Rows);
    }

    [Fact]
    public void UnclosedQuote_HitsTheRowLengthLimit()
    {
        var sb = new System.Text.StringBuilder(Drop.Header + "\r\n" + Drop.Row1 + "\r\n\"unclosed," + Drop.Row2 + "\r\n");
        for (var i = 0; i < 100; i++) sb.Append(Drop.Row1).Append("\r\n");
        var drop = Drop.Utf8(sb.ToString(), limits: new ReaderLimits(MaxRowChars: 2000));
        Assert.Equal(FileErrorCodes.RowTooLong, drop.Summary.Error?.Code);
        Assert.Contains("line 3", drop.Summary.Error!.Message);
        Assert.Equal(1, drop.Summary.Rows); // rows before the fault are accounted for; the file as a whole is in error
    }

    [Fact]
    public void TooManyColumns_IsRefused()
    {
        var drop = Drop.Utf8(Drop.Header + "\r\n", limits: new ReaderLimits(MaxColumns: 5));
        Assert.Equal(FileErrorCodes.RowTooLong, drop.Summary.Error?.Code);
    }

    [Fact]
    public void LegacyXls_IsAClearFileLevelError()
    {
        var bytes = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.Concat(new byte[504]).ToArray();
        var drop = Drop.Bytes(bytes, "old.xls");
        Assert.Equal(FileErrorCodes.Unsupported, drop.Summary.Error?.Code);
        Assert.Contains(".xlsx", drop.Summary.Error!.Message);
    }
}
