using Canbao.Domain.Identifiers;
using Canbao.Domain.Normalization;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Tests;

public class FieldReaderTests
{
    [Theory]
    [InlineData("1", "1")][InlineData("男", "1")][InlineData("M", "1")][InlineData("m", "1")][InlineData("男性", "1")][InlineData("Male", "1")][InlineData("１", "1")][InlineData(" 男 ", "1")]
    [InlineData("2", "2")][InlineData("女", "2")][InlineData("F", "2")][InlineData("f", "2")][InlineData("女性", "2")][InlineData("FEMALE", "2")][InlineData("２", "2")]
    [InlineData("0", "0")][InlineData("未知", "0")][InlineData("9", "9")][InlineData("未说明", "9")]
    public void SexFormsMapToGbt2261Codes(string raw, string code)
    {
        Assert.Equal(new CellReading(code, null), SexReader.Read(raw));
    }

    [Theory]
    [InlineData("3")][InlineData("男女")][InlineData("X")][InlineData("٣")][InlineData("unknown")]
    public void UnknownSexIsAnError(string raw)
    {
        var r = SexReader.Read(raw);
        Assert.Null(r.Value);
        Assert.Equal(IssueCodes.SexInvalid, r.Issue!.Code);
    }

    [Theory]
    [InlineData("13800000003", "13800000003")]
    [InlineData("138 0000 0003", "13800000003")]
    [InlineData("138-0000-0003", "13800000003")]
    [InlineData("+86 138 0000 0003", "13800000003")]
    [InlineData("8613800000003", "13800000003")]
    [InlineData("0086-13800000003", "13800000003")]
    [InlineData("１３８０００００００３", "13800000003")]
    [InlineData("19912345678", "19912345678")]
    [InlineData("0971-8123456", "0971-8123456")]
    [InlineData("09718123456", "0971-8123456")]
    [InlineData("(0971)8123456", "0971-8123456")]
    [InlineData("（0971）8123456", "0971-8123456")]
    [InlineData("010-62345678", "010-62345678")]
    [InlineData("01062345678", "010-62345678")]
    [InlineData("021 23456789", "021-23456789")]
    public void PhoneNumbersNormalize(string raw, string expected)
    {
        Assert.Equal(new CellReading(expected, null), PhoneReader.Read(raw));
    }

    [Theory]
    [InlineData("12800000003")]       // 12x is not a mobile prefix
    [InlineData("1380000000")]        // 10 digits
    [InlineData("138000000031")]      // 12 digits
    [InlineData("8123456")]           // no area code
    [InlineData("010-0234567")]       // local number starting 0
    [InlineData("138٠٠٠٠٠٠٠٣")]       // Arabic-Indic digits
    [InlineData("13800000003/13900000004")]
    [InlineData("0971-8123456转123")]
    [InlineData("无")]
    public void BadPhoneNumbersAreWarningsKeptAsWritten(string raw)
    {
        var r = PhoneReader.Read(raw);
        Assert.Equal(raw, r.Value);
        Assert.Equal(IssueCodes.PhoneInvalid, r.Issue!.Code);
        Assert.Equal(Severity.Warning, r.Issue.Severity);
        Assert.DoesNotContain("1380", r.Issue.Message);
    }

    [Fact]
    public void Case06_AddressKeepsLineBreaksWhenStored_AndFoldsThemForMatching()
    {
        Assert.Equal("西安市雁塔区示范路10号\n3单元502室", AddressNormalizer.Stored("西安市雁塔区示范路10号\n3单元502室"));
        Assert.Equal("青岛市市南区样本路11号\r2号楼", AddressNormalizer.Stored(" 青岛市市南区样本路11号\r2号楼\r\n"));
        Assert.Equal("沈阳市和平区试验街12号\r\n（临时住所）", AddressNormalizer.Stored("沈阳市和平区试验街12号\r\n（临时住所）"));

        Assert.Equal("西安市雁塔区示范路10号 3单元502室", AddressNormalizer.MatchingForm("西安市雁塔区示范路10号\n3单元502室"));
        Assert.Equal("青岛市市南区样本路11号 2号楼", AddressNormalizer.MatchingForm("青岛市市南区样本路11号\r2号楼"));
        Assert.Equal("沈阳市和平区试验街12号 (临时住所)", AddressNormalizer.MatchingForm("沈阳市和平区试验街12号\r\n（临时住所）"));
        Assert.Equal(AddressNormalizer.MatchingForm("沈阳市和平区试验街12号\r\n（临时住所）"), AddressNormalizer.MatchingForm("沈阳市和平区试验街１２号 \u3000(临时住所)"));
        Assert.Equal("南京市玄武区范例巷6号", AddressNormalizer.MatchingForm("南京市玄武区\u200B范例巷6号"));
    }

    [Fact]
    public void RegionCodes()
    {
        var regions = RegionCodeHistory.Default;
        Assert.Equal(new CellReading("630102", null), CodeReader.ReadRegion("630102", regions));
        Assert.Equal(new CellReading("632124", null), CodeReader.ReadRegion(" ６３２１２４ ", regions)); // retired code: valid
        Assert.Equal(IssueCodes.RegionCodeUnknown, CodeReader.ReadRegion("630199", regions).Issue!.Code);
        Assert.Equal("630199", CodeReader.ReadRegion("630199", regions).Value);
        Assert.Equal(IssueCodes.RegionCodeInvalid, CodeReader.ReadRegion("990101", regions).Issue!.Code);
        Assert.Equal(IssueCodes.RegionCodeInvalid, CodeReader.ReadRegion("63010", regions).Issue!.Code);
        Assert.Equal(IssueCodes.RegionCodeInvalid, CodeReader.ReadRegion("西宁市", regions).Issue!.Code);
        Assert.Equal(IssueCodes.RegionCodeInvalid, CodeReader.ReadRegion("٦٣٠١٠٢", regions).Issue!.Code);
    }

    [Fact]
    public void TownshipCodes()
    {
        var townships = Identifiers.TownshipCodes.Default;
        Assert.True(townships.Count > 40000);
        Assert.Equal(new CellReading("110101001", null), CodeReader.ReadTownship("110101001", townships));
        Assert.Equal(new CellReading("110101001", null), CodeReader.ReadTownship("110101001000", townships)); // 12-digit statistical code
        Assert.Equal(IssueCodes.TownshipCodeUnknown, CodeReader.ReadTownship("110101999", townships).Issue!.Code);
        Assert.Equal(IssueCodes.TownshipCodeInvalid, CodeReader.ReadTownship("11010100", townships).Issue!.Code);
        Assert.Equal(IssueCodes.TownshipCodeInvalid, CodeReader.ReadTownship("110101001001", townships).Issue!.Code);
    }
}
