namespace Canbao.Domain.Changes;

/// <summary>
/// The kinds of change the plan's dynamic management (动态管理, 宁政办〔2017〕38号) applies to a person record, with the
/// department that reports each. Serialized in snake_case (e.g. <c>migration_in</c>).
/// </summary>
public enum ChangeEventKind
{
    /// <summary>死亡: death (公安 household registry, 民政, 卫生计生 death certificates). Terminal: ends all enrollments.</summary>
    Death,
    /// <summary>户籍迁入: household registration moved into the city (公安). Puts the person on the survey list.</summary>
    MigrationIn,
    /// <summary>户籍迁出: household registration moved out of the city (公安). The person leaves the registration's scope.</summary>
    MigrationOut,
    /// <summary>出生: birth (卫生计生 newborns, 公安 birth registration). The only kind that may create a person record.</summary>
    Birth,
    /// <summary>服刑: start of a prison sentence (司法). No survey while in custody.</summary>
    PrisonEntry,
    /// <summary>刑满释放: release (司法). Puts a not-fully-enrolled person back on the survey list.</summary>
    PrisonRelease,
    /// <summary>居住证: residence permit issued to a long-term resident from elsewhere (公安); brings the person into scope.</summary>
    ResidencePermit,
    /// <summary>参保状态变更: one insurance's enrollment status changed (社保).</summary>
    EnrollmentStatusChange,
}
