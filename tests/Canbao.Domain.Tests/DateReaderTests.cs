using Canbao.Domain.Normalization;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Tests;

public class DateReaderTests
{
    [Theory]
    [InlineData("19750612", "1975-06-12")]
    [InlineData("1975-06-12", "1975-06-12")]
    [InlineData("1975-6-2", "1975-06-02")]
    [InlineData("1975/6/12", "1975-06-12")]
    [InlineData("1975/06/02", "1975-06-02")]
    [InlineData("1975.6.12", "1975-06-12")]
    [InlineData("1975年6月12日", "1975-06-12")]
    [InlineData("1975年06月12", "1975-06-12")]
    [InlineData(" 1975-06-12 ", "1975-06-12")]
    [InlineData("１９７５－０６－１２", "1975-06-12")]
    [InlineData("１９７５年６月１２日", "1975-06-12")]
    [InlineData("1975/6/12 0:00:00", "1975-06-12")]
    [InlineData("1975-06-12T00:00:00", "1975-06-12")]
    [InlineData("2000-02-29", "2000-02-29")]
    [InlineData("2023-10-31", "2023-10-31")]
    [InlineData("2023-12-31", "2023-12-31")]
    public void DepartmentFormsNormalizeToIsoDate(string raw, string expected)
    {
        var r = DateReader.Read(raw);
        Assert.Null(r.Issue);
        Assert.Equal(expected, r.Value);
    }

    [Theory]
    [InlineData("2000-02-30")]
    [InlineData("1999-02-29")]
    [InlineData("19990229")]
    [InlineData("1968-04-31")]
    [InlineData("1975-13-01")]
    [InlineData("1975-00-10")]
    [InlineData("1975年6月31日")]
    [InlineData("12/06/1975")]
    [InlineData("1975-06")]
    [InlineData("June 12 1975")]
    [InlineData("1975-06-12 noon")]
    [InlineData("１９７５-٠٦-١٢")]
    [InlineData("0000-01-01")]
    [InlineData("1975-06-1212")]
    public void ImpossibleOrUnknownFormsAreErrors(string raw)
    {
        var r = DateReader.Read(raw);
        Assert.Null(r.Value);
        Assert.Equal(IssueCodes.DateInvalid, r.Issue!.Code);
    }

    [Theory]
    [InlineData(1, "1900-01-01")]
    [InlineData(59, "1900-02-28")]
    [InlineData(61, "1900-03-01")]
    [InlineData(27557, "1975-06-12")]
    [InlineData(36526, "2000-01-01")]
    [InlineData(36585, "2000-02-29")]
    [InlineData(45657, "2024-12-31")]
    public void Serial1900System_IncludingTheLotusLeapDay(int serial, string expected)
    {
        Assert.True(DateReader.TryFromSerial(serial, SpreadsheetDateSystem.Excel1900, out var d));
        Assert.Equal(expected, d.ToString("yyyy-MM-dd"));
        var cell = DateReader.Read(serial.ToString(), SpreadsheetDateSystem.Excel1900, isSpreadsheetCell: true);
        Assert.Equal(new CellReading(expected, null), cell);
    }

    [Fact]
    public void Serial60IsThePhantom1900LeapDayAndIsRefused()
    {
        Assert.False(DateReader.TryFromSerial(60, SpreadsheetDateSystem.Excel1900, out _));
        var r = DateReader.Read("60", SpreadsheetDateSystem.Excel1900, isSpreadsheetCell: true);
        Assert.Null(r.Value);
        Assert.Contains("1900-02-29", r.Issue!.Message);
        Assert.False(DateReader.TryFromSerial(0, SpreadsheetDateSystem.Excel1900, out _));
    }

    [Theory]
    [InlineData(0, "1904-01-01")]
    [InlineData(1, "1904-01-02")]
    [InlineData(26095, "1975-06-12")] // 27557 − 1462
    [InlineData(35064, "2000-01-01")]
    public void Serial1904System(int serial, string expected)
    {
        Assert.True(DateReader.TryFromSerial(serial, SpreadsheetDateSystem.Excel1904, out var d));
        Assert.Equal(expected, d.ToString("yyyy-MM-dd"));
        Assert.Equal(expected, DateReader.Read(serial.ToString(), SpreadsheetDateSystem.Excel1904, true).Value);
    }

    [Fact]
    public void TheTwoSystemsDifferBy1462Days()
    {
        for (var serial = 1462 + 61; serial < 60000; serial += 997)
        {
            DateReader.TryFromSerial(serial, SpreadsheetDateSystem.Excel1900, out var d1900);
            DateReader.TryFromSerial(serial - 1462, SpreadsheetDateSystem.Excel1904, out var d1904);
            Assert.Equal(d1900, d1904);
        }
    }

    [Fact]
    public void SerialWithTimeFractionKeepsTheDay()
    {
        Assert.Equal("2000-01-01", DateReader.Read("36526.75", SpreadsheetDateSystem.Excel1900, true).Value);
    }

    [Fact]
    public void ASerialNumberInATextCellIsReadWithAWarning()
    {
        var r = DateReader.Read("27557");
        Assert.Equal("1975-06-12", r.Value);
        Assert.Equal(IssueCodes.DateSerialNumber, r.Issue!.Code);
        Assert.Equal(Severity.Warning, r.Issue.Severity);
        Assert.Contains("1900", r.Issue.Message);
    }

    [Fact]
    public void IsoInputIsNotCopied()
    {
        var raw = "1986-01-15";
        Assert.Same(raw, DateReader.Read(raw).Value);
    }
}
