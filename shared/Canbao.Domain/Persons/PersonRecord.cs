namespace Canbao.Domain.Persons;

/// <summary>
/// The one record per person (keyed on the canonical 18-character resident ID) — the unique identifier the plan asks
/// for. The comparison round builds it; the person store keeps it. This is the stored document's shape: plain
/// properties, serialized with System.Text.Json in snake_case.
/// </summary>
public sealed class PersonRecord
{
    /// <summary>Canonical 18-character resident ID; the document id and the key.</summary>
    public required string Id { get; init; }

    /// <summary>6-digit county/district code of the current residence (partition of district views), e.g. "630102".</summary>
    public required string DistrictCode { get; set; }

    /// <summary>9-digit township/street code of the current residence; survey work is routed by it. Empty when unknown.</summary>
    public string TownshipCode { get; set; } = "";

    /// <summary>Coverage status decided by the latest round or change.</summary>
    public CoverageStatus Coverage { get; set; }

    /// <summary>Hash of the content (everything except store metadata and history); a write of an unchanged person is skipped.</summary>
    public string ContentHash { get; set; } = "";
}
