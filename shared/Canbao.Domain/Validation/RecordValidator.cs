using System.Collections.Frozen;
using System.Globalization;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Normalization;
using Canbao.Domain.Standard;

namespace Canbao.Domain.Validation;

/// <summary>What a validation run needs to know besides the row: the processing date and reference data.</summary>
/// <param name="ProcessingDate">The run's date: birth dates after it are errors (case 09), not the machine clock.</param>
/// <param name="Regions">GB/T 2260 region-code history.</param>
public sealed record ValidationContext(DateOnly ProcessingDate, RegionCodeHistory Regions)
{
    /// <summary>A context for the given date with the shipped reference data.</summary>
    public static ValidationContext For(DateOnly processingDate) => new(processingDate, RegionCodeHistory.Default);

    /// <summary>The workbook's date system for serial numbers: <see cref="SpreadsheetDateSystem.Excel1900"/> unless the XLSX
    /// reader found <c>date1904="1"</c> in the workbook properties. Text files use the 1900 system (with a warning).</summary>
    public SpreadsheetDateSystem DateSystem { get; init; } = SpreadsheetDateSystem.Excel1900;

    /// <summary>Current township/street codes; null means the shipped list (<see cref="TownshipCodes.Default"/>, loaded on first use).</summary>
    public TownshipCodes? Townships { get; init; }
}

/// <summary>
/// Validates and normalizes the rows of one feed. Pure: values in, <see cref="RowResult"/> out; one instance per drop,
/// reusable across rows; it holds no per-row state, so concurrent calls are safe.
/// A reader maps the file's columns to the feed's fields and hands each row's values in the order of
/// <see cref="FeedSpec.Fields"/> (null where the file has no such column or the cell is empty).
/// <para>Per field kind: <see cref="FieldKind.ResidentId"/> → <see cref="ResidentIdParser"/>; <see cref="FieldKind.Name"/> →
/// <see cref="NameNormalizer"/>; <see cref="FieldKind.Sex"/> → <see cref="SexReader"/> (GB/T 2261.1 code);
/// <see cref="FieldKind.Date"/> → <see cref="DateReader"/> (<c>yyyy-MM-dd</c>; after the processing date →
/// <see cref="IssueCodes.DateInFuture"/>); <see cref="FieldKind.Phone"/> → <see cref="PhoneReader"/>;
/// <see cref="FieldKind.Uscc"/> → <see cref="UnifiedSocialCreditCode"/>; <see cref="FieldKind.Address"/> →
/// <see cref="AddressNormalizer.Stored"/>; <see cref="FieldKind.Text"/> → trimmed; <see cref="FieldKind.InsuranceType"/> →
/// <see cref="InsuranceVocabulary.Key"/>; <see cref="FieldKind.EnrollmentStatus"/> → <c>paying|suspended|terminated</c>;
/// <see cref="FieldKind.RegionCode"/> / <see cref="FieldKind.TownshipCode"/> → <see cref="CodeReader"/>.</para>
/// <para>Severity policy: an unreadable sex, date, region or township code rejects the row when the field is required and
/// holds it (warning, value not stored) when optional; an unknown insurance type or enrollment status always rejects;
/// phone and credit-code findings are warnings; a name with U+FFFD is rejected.</para>
/// <para>Cross-field checks (when the row has a valid resident ID): the 性别 and 出生日期 columns are compared with the
/// ID's sex and birth date; a conflict holds the row (<see cref="IssueCodes.SexMismatch"/>,
/// <see cref="IssueCodes.BirthDateMismatch"/>, reported on the column, separately from ID findings — case 09 item 5);
/// the record keeps the column values as read and the ID as it is: nothing is overwritten.</para>
/// </summary>
public sealed class RecordValidator
{
    private readonly FeedSpec _feed;
    private readonly string[] _columns;
    private readonly ValidationContext _context;
    private readonly FieldKind[] _kinds;
    private readonly bool[] _required;
    private readonly string[] _keys;
    private readonly int[] _rawSlot;
    private readonly int[] _legacySlot;
    private readonly int _idIndex, _sexIndex, _birthIndex;
    private readonly TownshipCodes? _townships;

    /// <summary>Creates a validator for one drop.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="columnNames">For each feed field (same order), the column name as the file writes it, used in findings;
    /// null where the file has no such column (the field's standard header is used).</param>
    /// <param name="context">Processing date and reference data.</param>
    /// <exception cref="ArgumentException">The number of column names differs from the feed's fields.</exception>
    public RecordValidator(FeedSpec feed, IReadOnlyList<string?> columnNames, ValidationContext context)
    {
        if (columnNames.Count != feed.Fields.Count)
            throw new ArgumentException($"expected {feed.Fields.Count} column names for feed {feed.Id}, got {columnNames.Count}", nameof(columnNames));
        _feed = feed;
        _context = context;
        var n = feed.Fields.Count;
        _columns = new string[n];
        _kinds = new FieldKind[n];
        _required = new bool[n];
        _rawSlot = new int[n];
        _legacySlot = new int[n];
        var keys = new List<string>(n + 2);
        _idIndex = _sexIndex = _birthIndex = -1;
        for (var i = 0; i < n; i++)
        {
            var f = feed.Fields[i];
            _columns[i] = columnNames[i] ?? f.Header;
            _kinds[i] = f.Field.Kind;
            _required[i] = f.Required;
            keys.Add(f.Field.Key);
            if (f.Field.Key == StandardFields.ResidentId.Key) _idIndex = i;
            if (f.Field.Key == StandardFields.Sex.Key && f.Field.Kind == FieldKind.Sex) _sexIndex = i;
            if (f.Field.Key == StandardFields.BirthDate.Key && f.Field.Kind == FieldKind.Date) _birthIndex = i;
            if (f.Field.Kind == FieldKind.TownshipCode) _townships = context.Townships ?? TownshipCodes.Default;
        }
        for (var i = 0; i < n; i++)
        {
            _rawSlot[i] = _legacySlot[i] = -1;
            if (_kinds[i] != FieldKind.ResidentId) continue;
            _rawSlot[i] = keys.Count; keys.Add(feed.Fields[i].Field.Key + "_raw");
            _legacySlot[i] = keys.Count; keys.Add(feed.Fields[i].Field.Key + "_legacy15");
        }
        if (_idIndex >= 0 && _kinds[_idIndex] != FieldKind.ResidentId) _idIndex = -1;
        _keys = keys.ToArray();
    }

    /// <summary>The feed validated.</summary>
    public FeedSpec Feed => _feed;

    /// <summary>Validates one row of text cells (CSV, fixed-width).</summary>
    /// <param name="row">Data row number from 1.</param>
    /// <param name="values">Raw cell values in the order of <see cref="FeedSpec.Fields"/>.</param>
    public RowResult Validate(long row, IReadOnlyList<string?> values) => Validate(row, values, default);

    /// <summary>Validates one row, with per-cell hints from a workbook reader.</summary>
    /// <param name="row">Data row number from 1.</param>
    /// <param name="values">Raw cell values in the order of <see cref="FeedSpec.Fields"/>.</param>
    /// <param name="hints">Empty (all cells are text) or one <see cref="CellHint"/> per field, same order: an ID from a
    /// <see cref="CellHint.Number"/> cell is never trusted beyond 15 digits; a serial number in a <see cref="CellHint.Number"/>
    /// or <see cref="CellHint.Date"/> cell of a date field is read in <see cref="ValidationContext.DateSystem"/> without a warning.</param>
    /// <exception cref="ArgumentException">The number of values (or non-empty hints) differs from the feed's fields.</exception>
    public RowResult Validate(long row, IReadOnlyList<string?> values, ReadOnlySpan<CellHint> hints)
    {
        // Arrays and lists are read as spans (no interface call per cell); anything else is copied once.
        ReadOnlySpan<string?> cells = values switch
        {
            string?[] array => array,
            List<string?> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
            _ => values.ToArray(),
        };
        return ValidateCore(row, cells, hints);
    }

    private RowResult ValidateCore(long row, ReadOnlySpan<string?> values, ReadOnlySpan<CellHint> hints)
    {
        var n = _kinds.Length;
        if (values.Length != n)
            throw new ArgumentException($"expected {n} values for feed {_feed.Id}, got {values.Length}", nameof(values));
        if (!hints.IsEmpty && hints.Length != n)
            throw new ArgumentException($"expected {n} cell hints for feed {_feed.Id}, got {hints.Length}", nameof(hints));

        var record = new string?[_keys.Length];
        List<FieldIssue>? issues = null;
        var rejected = false;
        string? id = null;

        for (var i = 0; i < n; i++)
        {
            var raw = values[i];
            if (raw is null || CharFold.TrimAll(raw.AsSpan()).IsEmpty)
            {
                if (_required[i]) Add(ref issues, ref rejected, i, Issue.Error(IssueCodes.RequiredMissing, $"{ColumnAndField(i)} is required and empty"));
                continue;
            }
            var hint = hints.IsEmpty ? CellHint.Text : hints[i];
            CellReading reading;
            switch (_kinds[i])
            {
                case FieldKind.ResidentId:
                    var parsed = ResidentIdParser.Parse(raw, _context.ProcessingDate, _context.Regions, hint == CellHint.Number);
                    foreach (var issue in parsed.Issues) Add(ref issues, ref rejected, i, issue);
                    if (parsed.Id is { } valid)
                    {
                        record[i] = valid.Value;
                        if (parsed.WasNormalized) record[_rawSlot[i]] = raw;
                        if (parsed.Legacy15 is not null) record[_legacySlot[i]] = parsed.Legacy15;
                        if (i == _idIndex) id = valid.Value;
                    }
                    continue;
                case FieldKind.Name:
                    reading = NameNormalizer.Normalize(raw);
                    if (reading.Value is { Length: 0 })
                    {
                        if (_required[i]) Add(ref issues, ref rejected, i, Issue.Error(IssueCodes.RequiredMissing, $"{ColumnAndField(i)} is required and has no characters"));
                        continue;
                    }
                    break;
                case FieldKind.Sex:
                    reading = SexReader.Read(raw);
                    break;
                case FieldKind.Date:
                    reading = DateReader.Read(raw, _context.DateSystem, hint != CellHint.Text);
                    if (reading.Value is { } date && IsAfter(date, _context.ProcessingDate))
                        reading = CellReading.Fail(IssueCodes.DateInFuture, $"the date {date} is after the processing date {_context.ProcessingDate:yyyy-MM-dd}");
                    break;
                case FieldKind.Phone:
                    reading = PhoneReader.Read(raw);
                    break;
                case FieldKind.Uscc:
                    reading = UnifiedSocialCreditCode.Read(raw, _context.ProcessingDate, _context.Regions);
                    break;
                case FieldKind.Address:
                    reading = CellReading.Ok(AddressNormalizer.Stored(raw));
                    break;
                case FieldKind.InsuranceType:
                    reading = CommonTypeForms.TryGetValue(raw, out var typeKey) ? CellReading.Ok(typeKey)
                        : InsuranceVocabulary.TryParseType(raw, out var type)
                        ? CellReading.Ok(InsuranceVocabulary.Key(type))
                        : CellReading.Fail(IssueCodes.InsuranceTypeUnknown, "not one of the five insurance types (codes 110, 310, 170, 390, 190 or their names, e.g. 职工基本养老保险)");
                    break;
                case FieldKind.EnrollmentStatus:
                    reading = CommonStatusForms.TryGetValue(raw, out var statusKey) ? CellReading.Ok(statusKey)
                        : InsuranceVocabulary.TryParseStatus(raw, out var status)
                        ? CellReading.Ok(StatusKey(status))
                        : CellReading.Fail(IssueCodes.EnrollmentStatusUnknown, "not an enrollment status (参保缴费 / 暂停缴费 / 终止参保, or 1 / 2 / 3)");
                    break;
                case FieldKind.RegionCode:
                    reading = CodeReader.ReadRegion(raw, _context.Regions);
                    break;
                case FieldKind.TownshipCode:
                    reading = CodeReader.ReadTownship(raw, _townships!);
                    break;
                default:
                    reading = CellReading.Ok(CharFold.TrimAll(raw));
                    break;
            }
            record[i] = reading.Value;
            if (reading.Issue is { } found)
            {
                if (found.Severity == Severity.Error && !_required[i] && _kinds[i] is FieldKind.Sex or FieldKind.Date or FieldKind.RegionCode or FieldKind.TownshipCode)
                    found = Issue.Warning(found.Code, found.Message + "; optional field, value not stored");
                Add(ref issues, ref rejected, i, found);
            }
        }

        if (id is not null)
        {
            if (_sexIndex >= 0 && record[_sexIndex] is { } sex && (sex == SexReader.Male || sex == SexReader.Female))
            {
                var idSex = (id[16] - '0') % 2 == 1 ? SexReader.Male : SexReader.Female;
                if (!ReferenceEquals(sex, idSex) && sex != idSex)
                    Add(ref issues, ref rejected, _sexIndex, Issue.Warning(IssueCodes.SexMismatch,
                        $"the column says {SexWord(sex)}, the resident ID's sequence says {SexWord(idSex)}; the ID is kept as it is, the row needs review"));
            }
            if (_birthIndex >= 0 && record[_birthIndex] is { Length: 10 } birth
                && !(birth.AsSpan(0, 4).SequenceEqual(id.AsSpan(6, 4)) && birth.AsSpan(5, 2).SequenceEqual(id.AsSpan(10, 2)) && birth.AsSpan(8, 2).SequenceEqual(id.AsSpan(12, 2))))
                Add(ref issues, ref rejected, _birthIndex, Issue.Warning(IssueCodes.BirthDateMismatch,
                    $"the column says {birth}, the resident ID embeds {id.AsSpan(6, 4)}-{id.AsSpan(10, 2)}-{id.AsSpan(12, 2)}; the ID is kept as it is, the row needs review"));
        }

        var outcome = rejected ? RowOutcome.Rejected : issues is null ? RowOutcome.Accepted : RowOutcome.Held;
        // Array.Empty, not `[]`: typed as the List branch, `[]` made a new list per row.
        return new RowResult(row, outcome, issues is null ? Array.Empty<FieldIssue>() : issues, rejected ? FieldRecord.Empty : new FieldRecord(_keys, record));
    }

    /// <summary>The file's column header and the standard field it maps to, e.g. <c>column "姓 名(必填)" (standard field 姓名 / name)</c>.</summary>
    private string ColumnAndField(int field)
    {
        var f = _feed.Fields[field].Field;
        return $"column \"{_columns[field]}\" (standard field {f.Label} / {f.Key})";
    }

    private void Add(ref List<FieldIssue>? issues, ref bool rejected, int field, Issue issue)
    {
        (issues ??= new List<FieldIssue>(2)).Add(new FieldIssue(_columns[field], issue));
        if (issue.Severity == Severity.Error) rejected = true;
    }

    /// <summary>Exact (ordinal) forms seen most — code, Chinese name, key — mapped to the record value: a frozen lookup
    /// before the vocabulary's case-insensitive one, for the per-row path. Derived from <see cref="InsuranceVocabulary"/>.</summary>
    private static readonly FrozenDictionary<string, string> CommonTypeForms = InsuranceVocabulary.AllTypes
        .SelectMany(t => new[] { ((int)t).ToString(CultureInfo.InvariantCulture), InsuranceVocabulary.ChineseName(t), InsuranceVocabulary.Key(t) }
            .Select(form => KeyValuePair.Create(form, InsuranceVocabulary.Key(t))))
        .ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> CommonStatusForms = Enum.GetValues<EnrollmentStatus>()
        .SelectMany(st => new[] { ((int)st).ToString(CultureInfo.InvariantCulture), InsuranceVocabulary.ChineseName(st), StatusKey(st) }
            .Select(form => KeyValuePair.Create(form, StatusKey(st))))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The record value of an enrollment status: <c>paying</c>, <c>suspended</c> or <c>terminated</c>.</summary>
    public static string StatusKey(EnrollmentStatus status) => status switch
    {
        EnrollmentStatus.Paying => "paying",
        EnrollmentStatus.Suspended => "suspended",
        EnrollmentStatus.Terminated => "terminated",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private static string SexWord(string code) => code == SexReader.Male ? "male" : "female";

    private static bool IsAfter(string yyyyMMdd, DateOnly day)
    {
        var v = DateReader.Num(yyyyMMdd.AsSpan(0, 4)) * 10000 + DateReader.Num(yyyyMMdd.AsSpan(5, 2)) * 100 + DateReader.Num(yyyyMMdd.AsSpan(8, 2));
        return v > day.Year * 10000 + day.Month * 100 + day.Day;
    }
}
