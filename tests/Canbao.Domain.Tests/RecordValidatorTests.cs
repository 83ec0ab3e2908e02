using Canbao.Domain.Normalization;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;
using static Canbao.Domain.Tests.RowHelper;

namespace Canbao.Domain.Tests;

public class RecordValidatorTests
{
    private readonly RecordValidator _validator = Registration();

    [Fact]
    public void ACleanRowIsAcceptedWithEveryFieldNormalizedByStandardKey()
    {
        var r = _validator.Validate(7, Cells("刘洋,320102198601154419,男,1986/1/15,南京市玄武区范例巷6号,南京市玄武区范例巷6号,138 0000 0005,示例科技有限公司,91310115ma1k3y4q78,职工养老,正常缴费,320102002,灵活就业"));
        Assert.Equal(7, r.Row);
        Assert.Equal(RowOutcome.Accepted, r.Outcome);
        Assert.Empty(r.Issues);
        var expected = new Dictionary<string, string>
        {
            ["name"] = "刘洋", ["resident_id"] = "320102198601154419", ["sex"] = "1", ["birth_date"] = "1986-01-15",
            ["hukou_address"] = "南京市玄武区范例巷6号", ["residence_address"] = "南京市玄武区范例巷6号", ["phone"] = "13800000005",
            ["employer_name"] = "示例科技有限公司", ["employer_uscc"] = "91310115MA1K3Y4Q78", ["insurance_type"] = "employee_pension",
            ["enrollment_status"] = "paying", ["residence_township"] = "320102002", ["employment_status"] = "灵活就业",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), r.Record.OrderBy(p => p.Key));
        Assert.Equal(13, r.Record.Count);
        Assert.Equal(FeedCatalog.Registration.Fields.Select(f => f.Field.Key), r.Record.Keys);
    }

    [Fact]
    public void Case02_RowLevel()
    {
        var lines = new[]
        {
            "李晓红,44010619750612106x,女,1975-06-12,广州市天河区示例街3号,广州市天河区示例街3号,13800000003,示例科技有限公司,91310115MA1K3Y4Q78,职工基本养老保险,参保缴费",
            "李晓红,44010619750612106X,女,1975-06-12,广州市天河区示例街3号,广州市天河区示例街3号,13800000003,示例科技有限公司,91310115MA1K3Y4Q78,城乡居民基本医疗保险,参保缴费",
            "陈静,44010619820923108X,女,1982-09-23,广州市天河区示例街5号,广州市天河区示例街5号,13800000004,示例科技有限公司,91310115MA1K3Y4Q78,职工基本养老保险,参保缴费",
            "李晓红,440106197506121060,女,1975-06-12,广州市天河区示例街3号,广州市天河区示例街3号,13800000003,示例科技有限公司,91310115MA1K3Y4Q78,职工基本养老保险,参保缴费",
            "陈静,440106198209231080,女,1982-09-23,广州市天河区示例街5号,广州市天河区示例街5号,13800000004,示例科技有限公司,91310115MA1K3Y4Q78,职工基本养老保险,参保缴费",
        };
        var results = lines.Select((l, i) => _validator.Validate(i + 1, Cells(l))).ToArray();
        Assert.Equal([RowOutcome.Accepted, RowOutcome.Accepted, RowOutcome.Rejected, RowOutcome.Rejected, RowOutcome.Accepted], results.Select(r => r.Outcome));
        Assert.Equal("44010619750612106X", results[0].Record["resident_id"]);
        Assert.Equal("44010619750612106x", results[0].Record["resident_id_raw"]);
        Assert.Equal("44010619750612106X", results[1].Record["resident_id"]);
        Assert.False(results[1].Record.ContainsKey("resident_id_raw"));
        Assert.Contains(results[2].Issues, i => i.Column == "公民身份号码" && i.Issue.Code == IssueCodes.IdCheckMismatch && i.Issue.Message.Contains("expected 0, found X"));
        Assert.Contains(results[3].Issues, i => i.Column == "公民身份号码" && i.Issue.Code == IssueCodes.IdCheckMismatch && i.Issue.Message.Contains("expected X, found 0"));
        Assert.Empty(results[2].Record);
    }

    [Fact]
    public void Case03_RowLevel_SevenSpellingsAcceptedAsOneId_ArabicIndicRejected()
    {
        var ids = new[]
        {
            "３２０１０２１９８６０１１５４４１９", " 320102198601154419 ", "320102 19860115 4419", "\t320102198601154419",
            "320102198601154419\u00A0", "\u3000320102198601154419", "320102198\u200B601154419",
        };
        foreach (var id in ids)
        {
            var r = _validator.Validate(1, Row(id));
            Assert.Equal(RowOutcome.Accepted, r.Outcome);
            Assert.Equal("320102198601154419", r.Record["resident_id"]);
            Assert.Equal(id, r.Record["resident_id_raw"]);
        }
        var arabic = _validator.Validate(8, Row("٣٢٠١٠٢١٩٨٦٠١١٥٤٤١٩"));
        Assert.Equal(RowOutcome.Rejected, arabic.Outcome);
        Assert.Equal(IssueCodes.IdBadCharacter, Assert.Single(arabic.Issues).Issue.Code);
    }

    [Fact]
    public void Case09_RowLevel_BirthDateErrorsOnTheIdAndTheColumnReportedSeparately()
    {
        var rows = new[]
        {
            "测试甲,110108200002301236,男,2000-02-30", "测试乙,310115199902292342,女,1999-02-29", "测试丙,310115200002292457,男,2000-02-29",
            "测试丁,440305203010103565,女,2030-10-10", "测试戊,440305202512313672,男,2025-12-31",
        }.Select((l, i) => _validator.Validate(i + 1, Cells(l))).ToArray();
        Assert.Equal([RowOutcome.Rejected, RowOutcome.Rejected, RowOutcome.Accepted, RowOutcome.Rejected, RowOutcome.Accepted], rows.Select(r => r.Outcome));
        Assert.Contains(rows[0].Issues, i => i.Column == "公民身份号码" && i.Issue.Code == IssueCodes.IdBirthDateInvalid);
        Assert.Contains(rows[0].Issues, i => i.Column == "出生日期" && i.Issue.Code == IssueCodes.DateInvalid);
        Assert.Contains(rows[1].Issues, i => i.Column == "公民身份号码" && i.Issue.Code == IssueCodes.IdBirthDateInvalid);
        Assert.Contains(rows[3].Issues, i => i.Column == "公民身份号码" && i.Issue.Code == IssueCodes.IdBirthDateFuture);
        Assert.Contains(rows[3].Issues, i => i.Column == "出生日期" && i.Issue.Code == IssueCodes.DateInFuture);
        Assert.Equal("2000-02-29", rows[2].Record["birth_date"]);
    }

    [Fact]
    public void Case09_Item5_BirthDateColumnAgainstTheIdHoldsTheRowAndKeepsTheId()
    {
        var r = _validator.Validate(1, Row("320102198601154419", ("birth_date", "1986-01-16")));
        Assert.Equal(RowOutcome.Held, r.Outcome);
        var issue = Assert.Single(r.Issues);
        Assert.Equal("出生日期", issue.Column);
        Assert.Equal(IssueCodes.BirthDateMismatch, issue.Issue.Code);
        Assert.Equal(Severity.Warning, issue.Issue.Severity);
        Assert.Contains("1986-01-16", issue.Issue.Message);
        Assert.Contains("1986-01-15", issue.Issue.Message);
        Assert.Equal("320102198601154419", r.Record["resident_id"]);
        Assert.Equal("1986-01-16", r.Record["birth_date"]);
        // Same date in another form: no mismatch.
        Assert.Equal(RowOutcome.Accepted, _validator.Validate(1, Row("320102198601154419", ("birth_date", "1986年1月15日"))).Outcome);
        Assert.Equal(RowOutcome.Accepted, _validator.Validate(1, Row("320102198601154419", ("birth_date", "19860115"))).Outcome);
    }

    [Theory]
    [InlineData("女", "2")]
    [InlineData("2", "2")]
    [InlineData("F", "2")]
    public void SexColumnAgainstTheIdHoldsTheRowAndKeepsBothValues(string sex, string code)
    {
        var r = _validator.Validate(1, Row("320102198601154419", ("sex", sex)));
        Assert.Equal(RowOutcome.Held, r.Outcome);
        var issue = Assert.Single(r.Issues);
        Assert.Equal("性别", issue.Column);
        Assert.Equal(IssueCodes.SexMismatch, issue.Issue.Code);
        Assert.Equal(code, r.Record["sex"]);
        Assert.Equal("320102198601154419", r.Record["resident_id"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    public void UnknownSexIsNotAMismatch(string sex)
    {
        Assert.Equal(RowOutcome.Accepted, _validator.Validate(1, Row("320102198601154419", ("sex", sex))).Outcome);
    }

    [Fact]
    public void Case10_RowLevel_LegacyIdUpgradedWithAlias_MisUpgradeAndImpossibleDateRejected()
    {
        var a = _validator.Validate(1, Row("320106680415123", ("birth_date", "1968-04-15")));
        Assert.Equal(RowOutcome.Accepted, a.Outcome);
        Assert.Equal("320106196804151230", a.Record["resident_id"]);
        Assert.Equal("320106680415123", a.Record["resident_id_legacy15"]);
        var b = _validator.Validate(2, Row("320106196804151233", ("birth_date", "1968-04-15")));
        Assert.Equal(RowOutcome.Rejected, b.Outcome);
        Assert.Contains(b.Issues, i => i.Issue.Code == IssueCodes.IdCheckMismatch && i.Issue.Message.Contains("expected 0, found 3"));
        var c = _validator.Validate(3, Row("320106680431123", ("birth_date", "1968-04-31")));
        Assert.Equal(RowOutcome.Rejected, c.Outcome);
        Assert.Contains(c.Issues, i => i.Column == "公民身份号码" && i.Issue.Code == IssueCodes.IdBirthDateInvalid);
    }

    [Fact]
    public void Case12_RowLevel_PersonRowsAreNeverRejectedForTheEmployerCode()
    {
        (string Code, RowOutcome Outcome, string? Stored, string? Issue)[] expected =
        [
            ("91110105MA01A2B0N0", RowOutcome.Accepted, "91110105MA01A2B0N0", null),
            ("91310115MA1K3Y4Q78", RowOutcome.Accepted, "91310115MA1K3Y4Q78", null),
            ("91310115MA1K3Y4Q7A", RowOutcome.Held, "91310115MA1K3Y4Q7A", IssueCodes.UsccCheckMismatch),
            ("91110105MA01O2B0N0", RowOutcome.Held, "91110105MA01O2B0N0", IssueCodes.UsccInvalidFormat),
            ("91310115ma1k3y4q78", RowOutcome.Accepted, "91310115MA1K3Y4Q78", null),
            ("110105199003071239", RowOutcome.Held, null, IssueCodes.UsccIsResidentId),
        ];
        foreach (var (code, outcome, stored, issue) in expected)
        {
            var r = _validator.Validate(1, Row("320102198601154419", ("employer_uscc", code)));
            Assert.Equal(outcome, r.Outcome);
            Assert.Equal(stored, r.Record.TryGetValue("employer_uscc", out var v) ? v : null);
            if (issue is null) Assert.Empty(r.Issues);
            else Assert.Equal(("统一社会信用代码", issue), (r.Issues.Single().Column, r.Issues.Single().Issue.Code));
        }
    }

    [Fact]
    public void Case13_RowLevel_NameStoredWithU00B7()
    {
        foreach (var sep in new[] { "\u00B7", "\u2022", "\u30FB", "\uFF0E", "\u2027", "\uFF65", "." })
        {
            var r = _validator.Validate(1, Row("650102198707070076", ("name", $"努尔{sep}艾力"), ("birth_date", "1987-07-07")));
            Assert.Equal(RowOutcome.Accepted, r.Outcome);
            Assert.Equal("努尔·艾力", r.Record["name"]);
        }
        var mojibake = _validator.Validate(1, Row("650102198707070076", ("name", "\uFFFD\uFFFD\uFFFD"), ("birth_date", "1987-07-07")));
        Assert.Equal(RowOutcome.Rejected, mojibake.Outcome);
        Assert.Equal(("姓名", IssueCodes.NameMojibake), (mojibake.Issues.Single().Column, mojibake.Issues.Single().Issue.Code));
        var privateUse = _validator.Validate(1, Row("650102198707070076", ("name", "王\uE815"), ("birth_date", "1987-07-07")));
        Assert.Equal(RowOutcome.Held, privateUse.Outcome);
        Assert.Equal("王\uE815", privateUse.Record["name"]);
    }

    [Fact]
    public void Case06_RowLevel_AddressesKeepTheirLineBreaks()
    {
        var r = _validator.Validate(1, Row("610113198302140373", ("birth_date", "1983-02-14"),
            ("hukou_address", "西安市雁塔区示范路10号\n3单元502室"), ("residence_address", "沈阳市和平区试验街12号\r\n（临时住所）"),
            ("employer_name", "示例科技有限公司(\"青岛分公司\")")));
        Assert.Equal(RowOutcome.Accepted, r.Outcome);
        Assert.Equal("西安市雁塔区示范路10号\n3单元502室", r.Record["hukou_address"]);
        Assert.Equal("沈阳市和平区试验街12号\r\n（临时住所）", r.Record["residence_address"]);
        Assert.Equal("示例科技有限公司(\"青岛分公司\")", r.Record["employer_name"]);
    }

    [Fact]
    public void MissingRequiredFieldsRejectAndEmptyOptionalFieldsAreAbsent()
    {
        var r = _validator.Validate(3, Row("", ("name", " ")));
        Assert.Equal(RowOutcome.Rejected, r.Outcome);
        Assert.Equal([("姓名", IssueCodes.RequiredMissing), ("公民身份号码", IssueCodes.RequiredMissing)], r.Issues.Select(i => (i.Column, i.Issue.Code)));
        var optional = _validator.Validate(4, Row("320102198601154419", ("phone", ""), ("employer_uscc", null)));
        Assert.Equal(RowOutcome.Accepted, optional.Outcome);
        Assert.False(optional.Record.ContainsKey("phone"));
        Assert.False(optional.Record.ContainsKey("employer_uscc"));
    }

    [Fact]
    public void RepeatedCellInstances_ReadTheSameAsFreshStrings_RowAfterRow()
    {
        // The same string instances row after row (as the CSV reader hands repeated cells), alternating with equal
        // fresh copies and with different values: outcome, findings and record are those of a fresh validator.
        var shared = Row("320102198601154419", ("sex", "女"), ("employer_uscc", "91310115MA1K3Y4Q79"), ("insurance_type", "工伤保险"));
        var other = Row("320102198601154419", ("employer_uscc", "91310115MA1K3Y4Q78"));
        for (var round = 0; round < 3; round++)
        {
            foreach (var cells in new[] { shared, other, shared.Select(c => c is null ? null : new string(c.AsSpan())).ToArray() })
            {
                var fresh = Registration().Validate(1, cells);
                var again = _validator.Validate(1, cells);
                Assert.Equal(fresh.Outcome, again.Outcome);
                Assert.Equal(fresh.Issues, again.Issues);
                Assert.Equal(fresh.Record.OrderBy(p => p.Key), again.Record.OrderBy(p => p.Key));
            }
        }
        var held = _validator.Validate(2, shared);
        Assert.Equal(RowOutcome.Rejected, held.Outcome); // the unknown insurance type rejects; the others are warnings
        Assert.Equal([IssueCodes.UsccCheckMismatch, IssueCodes.InsuranceTypeUnknown, IssueCodes.SexMismatch], held.Codes());
    }

    [Fact]
    public void RequiredMissing_NamesTheFilesColumnHeader_AndTheStandardField()
    {
        var names = new string?[FeedCatalog.Registration.Fields.Count];
        names[0] = "参保人姓名";
        names[1] = "身份证号码（18位）";
        var validator = new RecordValidator(FeedCatalog.Registration, names, ValidationContext.For(Today));
        var r = validator.Validate(5, Row("  ", ("name", "\u3000")));
        Assert.Equal(
            [
                ("参保人姓名", "column \"参保人姓名\" (standard field 姓名 / name) is required and empty"),
                ("身份证号码（18位）", "column \"身份证号码（18位）\" (standard field 公民身份号码 / resident_id) is required and empty"),
            ],
            r.Issues.Select(i => (i.Column, i.Issue.Message)));
        // Without a file header (fixed-width layouts, callers that pass none) the feed's own header is named.
        Assert.Equal("column \"姓名\" (standard field 姓名 / name) is required and empty", _validator.Validate(6, Row("320102198601154419", ("name", ""))).Issues.Single().Issue.Message);
    }

    [Theory]
    [InlineData("insurance_type", "工伤保险", IssueCodes.InsuranceTypeUnknown)]
    [InlineData("insurance_type", "999", IssueCodes.InsuranceTypeUnknown)]
    [InlineData("enrollment_status", "参保", IssueCodes.EnrollmentStatusUnknown)]
    [InlineData("enrollment_status", "4", IssueCodes.EnrollmentStatusUnknown)]
    public void UnknownInsuranceVocabularyRejects(string key, string value, string code)
    {
        var r = _validator.Validate(1, Row("320102198601154419", (key, value)));
        Assert.Equal(RowOutcome.Rejected, r.Outcome);
        Assert.Equal(code, r.Issues.Single().Issue.Code);
    }

    [Theory]
    [InlineData("110", "employee_pension")]
    [InlineData("职工基本医疗保险", "employee_medical")]
    [InlineData("170", "resident_pension")]
    [InlineData("城乡居民基本医疗保险", "resident_medical")]
    [InlineData("被征地农民社会养老保险", "land_expropriated_pension")]
    public void InsuranceTypesNormalizeToTheirKeys(string value, string key)
    {
        Assert.Equal(key, _validator.Validate(1, Row("320102198601154419", ("insurance_type", value))).Record["insurance_type"]);
    }

    [Theory]
    [InlineData("参保缴费", "paying")]
    [InlineData("2", "suspended")]
    [InlineData("终止参保", "terminated")]
    public void EnrollmentStatusesNormalizeToTheirKeys(string value, string key)
    {
        Assert.Equal(key, _validator.Validate(1, Row("320102198601154419", ("enrollment_status", value))).Record["enrollment_status"]);
    }

    [Fact]
    public void OptionalUnreadableValuesHoldTheRowWithoutStoringThem_RequiredOnesReject()
    {
        var r = _validator.Validate(1, Row("320102198601154419", ("sex", "X"), ("birth_date", "1986-02-30"), ("residence_township", "abc"), ("phone", "12345")));
        Assert.Equal(RowOutcome.Held, r.Outcome);
        Assert.Equal([IssueCodes.SexInvalid, IssueCodes.DateInvalid, IssueCodes.PhoneInvalid, IssueCodes.TownshipCodeInvalid], r.Codes());
        Assert.All(r.Issues, i => Assert.Equal(Severity.Warning, i.Issue.Severity));
        Assert.False(r.Record.ContainsKey("sex"));
        Assert.False(r.Record.ContainsKey("birth_date"));
        Assert.Equal("12345", r.Record["phone"]);

        // Newborns: sex and birth date are required there.
        var newborns = new RecordValidator(FeedCatalog.Newborns, new string?[FeedCatalog.Newborns.Fields.Count], ValidationContext.For(Today));
        var nb = newborns.Validate(1, [null, "小宝", "X", "2026-13-01", null, null, null]);
        Assert.Equal(RowOutcome.Rejected, nb.Outcome);
        Assert.All(nb.Issues, i => Assert.Equal(Severity.Error, i.Issue.Severity));
        Assert.Equal(RowOutcome.Accepted, newborns.Validate(2, [null, "小宝", "女", "2026-11-01", null, null, null]).Outcome);
    }

    [Fact]
    public void ColumnNamesAsTheFileWritesThemAreUsedInFindings()
    {
        var names = new string?[FeedCatalog.Registration.Fields.Count];
        names[1] = "身份证号码";
        var validator = new RecordValidator(FeedCatalog.Registration, names, ValidationContext.For(Today));
        var r = validator.Validate(1, Row("320102198601154410"));
        Assert.Equal("身份证号码", r.Issues.Single().Column);
    }

    [Fact]
    public void CellHints_NumericIdCellIsRejected_DateCellSerialUsesTheWorkbookDateSystem()
    {
        var hints = new CellHint[FeedCatalog.Registration.Fields.Count];
        hints[1] = CellHint.Number;
        hints[3] = CellHint.Date;
        var numeric = _validator.Validate(1, Row("320102198601154419", ("birth_date", "31427")), hints);
        Assert.Equal(RowOutcome.Rejected, numeric.Outcome);
        Assert.Equal(IssueCodes.IdNumericCell, numeric.Issues.Single().Issue.Code);

        hints[1] = CellHint.Text;
        var serial1900 = _validator.Validate(1, Row("320102198601154419", ("birth_date", "31427")), hints);
        Assert.Equal(RowOutcome.Accepted, serial1900.Outcome);
        Assert.Equal("1986-01-15", serial1900.Record["birth_date"]);

        var context1904 = ValidationContext.For(Today) with { DateSystem = SpreadsheetDateSystem.Excel1904 };
        var v1904 = Registration(context1904);
        var serial1904 = v1904.Validate(1, Row("320102198601154419", ("birth_date", (31427 - 1462).ToString())), hints);
        Assert.Equal(RowOutcome.Accepted, serial1904.Outcome);
        Assert.Equal("1986-01-15", serial1904.Record["birth_date"]);

        // The same serial in a CSV text cell is read in the 1900 system but held for review.
        var text = _validator.Validate(1, Row("320102198601154419", ("birth_date", "31427")));
        Assert.Equal(RowOutcome.Held, text.Outcome);
        Assert.Equal(IssueCodes.DateSerialNumber, text.Issues.Single().Issue.Code);
    }

    [Fact]
    public void EveryFeedValidatesARowOfEmptyCellsWithoutThrowing_AndRequiredFieldsAreReported()
    {
        foreach (var feed in FeedCatalog.All)
        {
            var validator = new RecordValidator(feed, new string?[feed.Fields.Count], ValidationContext.For(Today));
            var r = validator.Validate(1, new string?[feed.Fields.Count]);
            Assert.Equal(feed.Fields.Count(f => f.Required), r.Issues.Count);
            Assert.Equal(feed.Fields.Any(f => f.Required) ? RowOutcome.Rejected : RowOutcome.Accepted, r.Outcome);
        }
    }

    [Fact]
    public void TheRecordSerializesAsAJsonObjectOfThePresentKeys()
    {
        var r = _validator.Validate(1, Row(" 320102198601154419", ("phone", null), ("employer_uscc", null), ("employer_name", null),
            ("hukou_address", null), ("residence_address", "南京市\n玄武区")));
        var expected = "{\"name\":\"测试\",\"resident_id\":\"320102198601154419\",\"sex\":\"1\",\"birth_date\":\"1986-01-15\"," +
            "\"residence_address\":\"南京市\\n玄武区\",\"insurance_type\":\"employee_pension\",\"enrollment_status\":\"paying\"," +
            "\"resident_id_raw\":\" 320102198601154419\"}";
        var options = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize(r.Record, options));
        Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize<object>(r.Record, options));
        Assert.Equal(8, r.Record.Count);
        Assert.Equal(r.Record.Keys.Count(), r.Record.Values.Count());
        Assert.Throws<KeyNotFoundException>(() => r.Record["phone"]);
    }

    [Fact]
    public void WrongNumberOfValuesIsAProgrammingError()
    {
        Assert.Throws<ArgumentException>(() => _validator.Validate(1, new string?[3]));
        Assert.Throws<ArgumentException>(() => _validator.Validate(1, new string?[13], new CellHint[2]));
    }

    [Fact]
    public void NoMessageContainsTheIdNameOrPhone()
    {
        var r = _validator.Validate(1, Row("320102198601154410", ("name", "努尔\uFFFD"), ("phone", "1380000000x"), ("employer_uscc", "110105199003071239")));
        foreach (var i in r.Issues)
        {
            Assert.DoesNotContain("19860115441", i.Issue.Message);
            Assert.DoesNotContain("努尔", i.Issue.Message);
            Assert.DoesNotContain("1380000000", i.Issue.Message);
            Assert.DoesNotContain("19900307123", i.Issue.Message);
        }
    }
}
