namespace Canbao.Domain.Standard;

/// <summary>A field as one department's feed carries it.</summary>
/// <param name="Field">The standard field.</param>
/// <param name="Required">True when a row without a value is rejected.</param>
/// <param name="Header">The header this department writes (other aliases of the field are accepted too).</param>
public sealed record FeedField(StandardField Field, bool Required, string Header);

/// <summary>One field of a fixed-width layout. Offsets and widths are in BYTES of the file's encoding (case 15).</summary>
/// <param name="Key">Standard field key.</param>
/// <param name="StartByte">1-based first byte.</param>
/// <param name="LengthBytes">Width in bytes.</param>
public sealed record FixedWidthField(string Key, int StartByte, int LengthBytes);

/// <summary>A fixed-width record layout: unit is bytes, fields space-padded on the right.</summary>
/// <param name="RecordBytes">Exact length of every record in bytes, without the line ending.</param>
/// <param name="Fields">Fields in order.</param>
public sealed record FixedWidthLayout(int RecordBytes, IReadOnlyList<FixedWidthField> Fields)
{
    /// <summary>The unit of every offset and width; always "bytes" (stated so a character-based reading is a visible mistake).</summary>
    public string Unit => "bytes";
}

/// <summary>What a feed's rows mean for the person record.</summary>
public enum FeedRole
{
    /// <summary>Rows describe persons (population, registration form).</summary>
    Population,
    /// <summary>Rows are enrollments in an insurance type.</summary>
    Enrollment,
    /// <summary>Rows report a change (death, migration, birth, prison entry/release) — change events.</summary>
    Change,
    /// <summary>Rows describe a life situation (student, assistance, employment, card holder).</summary>
    Situation,
    /// <summary>Rows describe employers, not persons.</summary>
    Employer,
}

/// <summary>
/// A department feed (数据源): its id, department, what its rows mean, and its columns — as data.
/// Source: the division of work in the pilot plan (宁政办〔2017〕38号) as summarised in DESIGN.md.
/// </summary>
/// <param name="Id">Feed id used on the command line and as the drop folder name, e.g. <c>household_registry</c>.</param>
/// <param name="Department">Department in Chinese, e.g. 公安.</param>
/// <param name="Title">What the extract is, in Chinese.</param>
/// <param name="Role">What rows mean.</param>
/// <param name="Fields">Columns as the department writes them.</param>
/// <param name="FixedWidth">The fixed-width layout when the department sends fixed-width text, else null.</param>
public sealed record FeedSpec(string Id, string Department, string Title, FeedRole Role, IReadOnlyList<FeedField> Fields, FixedWidthLayout? FixedWidth = null)
{
    /// <summary>The field with the given key, or null.</summary>
    public FeedField? Find(string key) => Fields.FirstOrDefault(f => f.Field.Key == key);
}

/// <summary>Every department feed Canbao reads.</summary>
public static class FeedCatalog
{
    private static FeedField R(StandardField f, string header) => new(f, true, header);
    private static FeedField O(StandardField f, string header) => new(f, false, header);

    /// <summary>全民参保登记表 — the registration form; survey results and the case files use its columns.</summary>
    public static readonly FeedSpec Registration = new("registration", "人社", "全民参保登记表", FeedRole.Population,
    [
        R(StandardFields.Name, "姓名"), R(StandardFields.ResidentId, "公民身份号码"), O(StandardFields.Sex, "性别"),
        O(StandardFields.BirthDate, "出生日期"), O(StandardFields.HukouAddress, "户籍地址"), O(StandardFields.ResidenceAddress, "居住地址"),
        O(StandardFields.Phone, "联系电话"), O(StandardFields.EmployerName, "工作单位"), O(StandardFields.EmployerUscc, "统一社会信用代码"),
        O(StandardFields.InsuranceType, "参保险种"), O(StandardFields.EnrollmentStatus, "参保状态"),
        O(StandardFields.ResidenceTownship, "居住地乡镇（街道）代码"), O(StandardFields.EmploymentStatus, "就业状态"),
    ],
    // Case 15: 姓名 1–20, 公民身份号码 21–38, 性别 39, 出生日期 40–47, 户籍地址 48–77 (GB18030 bytes).
    new FixedWidthLayout(77, [new("name", 1, 20), new("resident_id", 21, 18), new("sex", 39, 1), new("birth_date", 40, 8), new("hukou_address", 48, 30)]));

    /// <summary>公安 户籍人口 — the registered population.</summary>
    public static readonly FeedSpec HouseholdRegistry = new("household_registry", "公安", "户籍人口信息", FeedRole.Population,
    [
        R(StandardFields.ResidentId, "身份证号"), R(StandardFields.Name, "姓名"), O(StandardFields.Sex, "性别"), O(StandardFields.BirthDate, "出生日期"),
        O(StandardFields.HouseholdId, "户号"), O(StandardFields.Relation, "与户主关系"), O(StandardFields.HukouAddress, "户籍地址"),
        O(StandardFields.HukouRegion, "户籍地区划代码"), O(StandardFields.ResidenceAddress, "现住址"), O(StandardFields.ResidenceTownship, "所属街道代码"),
    ]);

    /// <summary>公安 居住证 — long-term residents from elsewhere holding a residence permit.</summary>
    public static readonly FeedSpec ResidencePermit = new("residence_permit", "公安", "居住证持证人员", FeedRole.Population,
    [
        R(StandardFields.ResidentId, "证件号码"), R(StandardFields.Name, "姓名"), O(StandardFields.Sex, "性别"), O(StandardFields.BirthDate, "出生日期"),
        O(StandardFields.PermitNumber, "居住证编号"), O(StandardFields.ResidenceAddress, "居住地址"), O(StandardFields.ResidenceTownship, "居住地乡镇街道代码"),
        O(StandardFields.HukouAddress, "户籍地址"), O(StandardFields.EventDate, "办理日期"),
    ]);

    /// <summary>公安 户籍迁移 — household migrations in (迁入) and out (迁出).</summary>
    public static readonly FeedSpec Migrations = new("migrations", "公安", "户籍迁移登记", FeedRole.Change,
    [
        R(StandardFields.ResidentId, "身份证号"), R(StandardFields.Name, "姓名"), R(StandardFields.EventKind, "迁移类型"), R(StandardFields.EventDate, "迁移日期"),
        O(StandardFields.HukouAddress, "户籍地址"), O(StandardFields.HukouRegion, "户籍地区划代码"), O(StandardFields.ResidenceTownship, "所属街道代码"),
    ]);

    /// <summary>社保经办机构 参保信息 — enrollment in the five insurance types, one row per person and type.</summary>
    public static readonly FeedSpec Enrollment = new("enrollment", "社保", "参保人员信息", FeedRole.Enrollment,
    [
        R(StandardFields.ResidentId, "社会保障号码"), R(StandardFields.Name, "参保人姓名"), R(StandardFields.InsuranceType, "险种代码"),
        R(StandardFields.EnrollmentStatus, "参保状态"), O(StandardFields.EnrollmentRegion, "参保地区划代码"), O(StandardFields.EnrollmentDate, "参保日期"),
        O(StandardFields.EmployerName, "单位名称"), O(StandardFields.EmployerUscc, "统一社会信用代码"),
    ]);

    /// <summary>省/全国全民参保登记信息库 — enrollment of this city's people in other regions (异地参保).</summary>
    public static readonly FeedSpec OtherRegionEnrollment = new("other_region_enrollment", "省库", "异地参保信息", FeedRole.Enrollment,
    [
        R(StandardFields.ResidentId, "公民身份号码"), O(StandardFields.Name, "姓名"), R(StandardFields.InsuranceType, "险种"),
        R(StandardFields.EnrollmentStatus, "参保状态"), R(StandardFields.EnrollmentRegion, "参保统筹区"),
    ]);

    /// <summary>卫生计生 出生医学证明 — newborns (a newborn may not have an ID yet).</summary>
    public static readonly FeedSpec Newborns = new("newborns", "卫生计生", "新生儿出生信息", FeedRole.Change,
    [
        O(StandardFields.ResidentId, "新生儿身份证号"), O(StandardFields.Name, "新生儿姓名"), R(StandardFields.Sex, "性别"), R(StandardFields.BirthDate, "出生日期"),
        O(StandardFields.MotherId, "母亲身份证号"), O(StandardFields.ResidenceAddress, "居住地址"), O(StandardFields.ResidenceTownship, "乡镇街道代码"),
    ]);

    /// <summary>卫生计生 / 民政 死亡 — deaths (death certificates, cremation records). Sent as fixed-width GB18030 text.</summary>
    public static readonly FeedSpec Deaths = new("deaths", "卫生计生", "死亡人员信息", FeedRole.Change,
    [
        R(StandardFields.ResidentId, "身份证号码"), R(StandardFields.Name, "姓名"), O(StandardFields.Sex, "性别"), R(StandardFields.EventDate, "死亡日期"),
    ],
    // 姓名 1–20, 身份证号码 21–38, 性别 39, 死亡日期 40–47 (GB18030 bytes).
    new FixedWidthLayout(47, [new("name", 1, 20), new("resident_id", 21, 18), new("sex", 39, 1), new("event_date", 40, 8)]));

    /// <summary>教育 在校学生.</summary>
    public static readonly FeedSpec Students = new("students", "教育", "在校学生信息", FeedRole.Situation,
    [
        R(StandardFields.ResidentId, "身份证号"), R(StandardFields.Name, "学生姓名"), O(StandardFields.Sex, "性别"), O(StandardFields.BirthDate, "出生日期"),
        O(StandardFields.School, "就读学校"),
    ]);

    /// <summary>司法 服刑人员 — prison entries (入监) and releases (出监).</summary>
    public static readonly FeedSpec Prisoners = new("prisoners", "司法", "服刑人员信息", FeedRole.Change,
    [
        R(StandardFields.ResidentId, "公民身份号码"), R(StandardFields.Name, "姓名"), R(StandardFields.EventKind, "变动类型"), R(StandardFields.EventDate, "变动日期"),
        O(StandardFields.Institution, "服刑场所"),
    ]);

    /// <summary>民政 — residents of care institutions and assistance recipients.</summary>
    public static readonly FeedSpec CivilAffairs = new("civil_affairs", "民政", "救助对象及机构供养人员", FeedRole.Situation,
    [
        R(StandardFields.ResidentId, "身份证号码"), R(StandardFields.Name, "姓名"), O(StandardFields.PersonCategory, "救助类别"),
        O(StandardFields.Institution, "救助机构"), O(StandardFields.ResidenceAddress, "居住地址"),
    ]);

    /// <summary>市场监管 — employers with their unified social credit codes.</summary>
    public static readonly FeedSpec Employers = new("employers", "市场监管", "市场主体登记信息", FeedRole.Employer,
    [
        R(StandardFields.EmployerUscc, "统一社会信用代码"), R(StandardFields.EmployerName, "企业名称"),
    ]);

    /// <summary>地税 — contributions: employers and their staff.</summary>
    public static readonly FeedSpec Tax = new("tax", "地税", "社保费缴费人员", FeedRole.Situation,
    [
        R(StandardFields.ResidentId, "证件号码"), R(StandardFields.Name, "姓名"), O(StandardFields.EmployerUscc, "单位统一社会信用代码"),
        O(StandardFields.EmployerName, "单位名称"), O(StandardFields.ContributionMonth, "费款所属期"), O(StandardFields.InsuranceType, "险种"),
    ]);

    /// <summary>规划建设 — construction firms and their workers.</summary>
    public static readonly FeedSpec ConstructionWorkers = new("construction_workers", "规划建设", "建筑业从业人员", FeedRole.Situation,
    [
        R(StandardFields.ResidentId, "身份证号"), R(StandardFields.Name, "姓名"), O(StandardFields.EmployerName, "施工单位"),
        O(StandardFields.EmployerUscc, "社会信用代码"), O(StandardFields.Phone, "手机号码"),
    ]);

    /// <summary>人社 持卡库 — social security card holders and card status (三库合一).</summary>
    public static readonly FeedSpec SocialSecurityCard = new("social_security_card", "人社", "社会保障卡持卡人员", FeedRole.Situation,
    [
        R(StandardFields.ResidentId, "社会保障号码"), R(StandardFields.Name, "姓名"), O(StandardFields.CardStatus, "卡状态"),
    ]);

    /// <summary>Every feed, in the order of the plan's division of work.</summary>
    public static readonly IReadOnlyList<FeedSpec> All =
    [
        Registration, HouseholdRegistry, ResidencePermit, Migrations, Enrollment, OtherRegionEnrollment, Newborns, Deaths,
        Students, Prisoners, CivilAffairs, Employers, Tax, ConstructionWorkers, SocialSecurityCard,
    ];

    /// <summary>The feed with the given id.</summary>
    /// <exception cref="KeyNotFoundException">No such feed; the message lists the known ids.</exception>
    public static FeedSpec Get(string id) => All.FirstOrDefault(f => f.Id == id)
        ?? throw new KeyNotFoundException($"unknown feed '{id}'; known feeds: {string.Join(", ", All.Select(f => f.Id))}");
}
