namespace Canbao.Domain.Standard;

/// <summary>How a field's value is read, normalized and validated.</summary>
public enum FieldKind
{
    /// <summary>Resident ID (GB 11643-1999), see <see cref="Identifiers.ResidentIdParser"/>.</summary>
    ResidentId,
    /// <summary>A person's name (width, whitespace, middle dot U+00B7 per 民委发〔2016〕33号).</summary>
    Name,
    /// <summary>Sex: 1/男/M = male, 2/女/F = female (GB/T 2261.1).</summary>
    Sex,
    /// <summary>A date in any form departments use (yyyyMMdd, yyyy-MM-dd, yyyy/M/d, yyyy年M月d日, spreadsheet serial).</summary>
    Date,
    /// <summary>Mobile (11 digits, 1[3-9]…) or landline (area code + 7–8 digits) phone; bad values warn.</summary>
    Phone,
    /// <summary>Unified social credit code (GB 32100-2015); a failing check warns, never rejects.</summary>
    Uscc,
    /// <summary>Free-text address; line breaks kept in the stored value, folded for matching.</summary>
    Address,
    /// <summary>Free text, trimmed.</summary>
    Text,
    /// <summary>One of the five insurance types (<see cref="InsuranceType"/>), by code or by name.</summary>
    InsuranceType,
    /// <summary>Enrollment status 参保缴费 / 暂停缴费 / 终止参保 (<see cref="EnrollmentStatus"/>).</summary>
    EnrollmentStatus,
    /// <summary>6-digit GB/T 2260 region code.</summary>
    RegionCode,
    /// <summary>9-digit township/street code (乡镇/街道).</summary>
    TownshipCode,
}

/// <summary>
/// A field of the data standard: a stable snake_case key (used in normalized records and JSON), its Chinese label
/// as on the registration form (登记表), how it is read, and header names departments commonly use for it.
/// </summary>
/// <param name="Key">snake_case key, e.g. <c>resident_id</c>.</param>
/// <param name="Label">Chinese label, e.g. 公民身份号码.</param>
/// <param name="Kind">How the value is validated.</param>
/// <param name="Aliases">Header names seen for this field in any department's files (matched after header normalization).</param>
public sealed record StandardField(string Key, string Label, FieldKind Kind, IReadOnlyList<string> Aliases);

/// <summary>
/// The fields of the data standard, from the registration content of the pilot plan (宁政办〔2017〕38号, 登记内容):
/// basic, employment and insurance information, plus the fields change-reporting feeds bring.
/// </summary>
public static class StandardFields
{
    /// <summary>公民身份号码.</summary>
    public static readonly StandardField ResidentId = new("resident_id", "公民身份号码", FieldKind.ResidentId,
        ["公民身份号码", "身份证号码", "身份证号", "公民身份证号", "证件号码", "社会保障号码", "个人身份证号", "sfzh", "id_number"]);
    /// <summary>姓名.</summary>
    public static readonly StandardField Name = new("name", "姓名", FieldKind.Name, ["姓名", "人员姓名", "参保人姓名", "名字", "xm", "name"]);
    /// <summary>性别.</summary>
    public static readonly StandardField Sex = new("sex", "性别", FieldKind.Sex, ["性别", "xb", "sex"]);
    /// <summary>出生日期.</summary>
    public static readonly StandardField BirthDate = new("birth_date", "出生日期", FieldKind.Date, ["出生日期", "出生年月日", "出生年月", "csrq"]);
    /// <summary>户籍地址.</summary>
    public static readonly StandardField HukouAddress = new("hukou_address", "户籍地址", FieldKind.Address, ["户籍地址", "户籍所在地", "户口所在地", "户籍地详址", "住址"]);
    /// <summary>户籍地行政区划代码.</summary>
    public static readonly StandardField HukouRegion = new("hukou_region", "户籍地区划代码", FieldKind.RegionCode, ["户籍地区划代码", "户籍地行政区划", "户籍区划"]);
    /// <summary>居住地址.</summary>
    public static readonly StandardField ResidenceAddress = new("residence_address", "居住地址", FieldKind.Address, ["居住地址", "现住址", "实际居住地址", "常住地址", "居住地详址"]);
    /// <summary>居住地乡镇（街道）代码 — survey work is routed by it.</summary>
    public static readonly StandardField ResidenceTownship = new("residence_township", "居住地乡镇（街道）代码", FieldKind.TownshipCode, ["居住地乡镇（街道）代码", "居住地乡镇街道代码", "乡镇街道代码", "所属街道代码", "街道乡镇代码"]);
    /// <summary>联系电话.</summary>
    public static readonly StandardField Phone = new("phone", "联系电话", FieldKind.Phone, ["联系电话", "手机号码", "手机号", "电话号码", "联系方式"]);
    /// <summary>工作单位.</summary>
    public static readonly StandardField EmployerName = new("employer_name", "工作单位", FieldKind.Text, ["工作单位", "单位名称", "用人单位", "用人单位名称", "企业名称", "施工单位"]);
    /// <summary>统一社会信用代码 (of the employer).</summary>
    public static readonly StandardField EmployerUscc = new("employer_uscc", "统一社会信用代码", FieldKind.Uscc, ["统一社会信用代码", "单位统一社会信用代码", "社会信用代码", "信用代码"]);
    /// <summary>就业状态.</summary>
    public static readonly StandardField EmploymentStatus = new("employment_status", "就业状态", FieldKind.Text, ["就业状态", "就业情况"]);
    /// <summary>人员身份类别.</summary>
    public static readonly StandardField PersonCategory = new("person_category", "人员身份类别", FieldKind.Text, ["人员身份类别", "人员类别", "身份类别", "救助类别", "人员性质"]);
    /// <summary>参保险种.</summary>
    public static readonly StandardField InsuranceType = new("insurance_type", "参保险种", FieldKind.InsuranceType, ["参保险种", "险种", "险种类型", "险种代码"]);
    /// <summary>参保状态.</summary>
    public static readonly StandardField EnrollmentStatus = new("enrollment_status", "参保状态", FieldKind.EnrollmentStatus, ["参保状态", "缴费状态", "参保缴费状态"]);
    /// <summary>参保地 (region code of the enrollment).</summary>
    public static readonly StandardField EnrollmentRegion = new("enrollment_region", "参保地区划代码", FieldKind.RegionCode, ["参保地区划代码", "参保地", "参保统筹区", "统筹区代码"]);
    /// <summary>参保日期.</summary>
    public static readonly StandardField EnrollmentDate = new("enrollment_date", "参保日期", FieldKind.Date, ["参保日期", "参保时间", "首次参保日期"]);
    /// <summary>变动日期 / event date of a change (death, migration, birth, entry, release …).</summary>
    public static readonly StandardField EventDate = new("event_date", "变动日期", FieldKind.Date, ["变动日期", "死亡日期", "迁移日期", "入监日期", "出监日期", "办理日期", "发生日期"]);
    /// <summary>变动类型 (迁入/迁出/入监/出监 …).</summary>
    public static readonly StandardField EventKind = new("event_kind", "变动类型", FieldKind.Text, ["变动类型", "迁移类型", "变动原因", "类型"]);
    /// <summary>户号.</summary>
    public static readonly StandardField HouseholdId = new("household_id", "户号", FieldKind.Text, ["户号", "户编号"]);
    /// <summary>与户主关系.</summary>
    public static readonly StandardField Relation = new("relation", "与户主关系", FieldKind.Text, ["与户主关系", "户主关系"]);
    /// <summary>居住证号码.</summary>
    public static readonly StandardField PermitNumber = new("permit_number", "居住证号码", FieldKind.Text, ["居住证号码", "居住证编号"]);
    /// <summary>母亲公民身份号码 (newborns).</summary>
    public static readonly StandardField MotherId = new("mother_id", "母亲公民身份号码", FieldKind.Text, ["母亲公民身份号码", "母亲身份证号", "母亲证件号码"]);
    /// <summary>学校名称.</summary>
    public static readonly StandardField School = new("school", "学校名称", FieldKind.Text, ["学校名称", "就读学校", "学校"]);
    /// <summary>机构名称 (prison, care institution).</summary>
    public static readonly StandardField Institution = new("institution", "机构名称", FieldKind.Text, ["机构名称", "服刑场所", "监狱名称", "养老机构", "救助机构"]);
    /// <summary>社会保障卡号 / card status.</summary>
    public static readonly StandardField CardStatus = new("card_status", "社保卡状态", FieldKind.Text, ["社保卡状态", "卡状态"]);
    /// <summary>缴费月份 (tax contributions).</summary>
    public static readonly StandardField ContributionMonth = new("contribution_month", "缴费月份", FieldKind.Text, ["缴费月份", "费款所属期", "所属期"]);

    /// <summary>Every standard field.</summary>
    public static readonly IReadOnlyList<StandardField> All =
    [
        ResidentId, Name, Sex, BirthDate, HukouAddress, HukouRegion, ResidenceAddress, ResidenceTownship, Phone,
        EmployerName, EmployerUscc, EmploymentStatus, PersonCategory, InsuranceType, EnrollmentStatus, EnrollmentRegion,
        EnrollmentDate, EventDate, EventKind, HouseholdId, Relation, PermitNumber, MotherId, School, Institution,
        CardStatus, ContributionMonth,
    ];
}
