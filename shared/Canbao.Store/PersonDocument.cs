using Canbao.Domain.Persons;

namespace Canbao.Store;

/// <summary>
/// A person record already serialized for a bulk write (<see cref="IPersonStore.WriteDocumentsIfMatchAsync"/>), with the
/// fields a store keeps beside the document. A comparison round serializes on its assembling threads and keeps only these
/// bytes until the write, so a write batch of tens of thousands of persons holds a few objects a person, not the record's
/// object graph.
/// </summary>
/// <param name="Id">Canonical 18-character resident ID (mask with ResidentId.Mask before logging).</param>
/// <param name="DistrictCode">6-digit district code of the record (<see cref="PersonRecord.DistrictCode"/>).</param>
/// <param name="TownshipCode">9-digit township code, or empty (<see cref="PersonRecord.TownshipCode"/>).</param>
/// <param name="Coverage">The record's coverage status.</param>
/// <param name="ContentHash">The record's content hash (empty: always written).</param>
/// <param name="Json">The record as UTF-8 JSON in <see cref="PersonJson"/>'s shape (either encoder); the bytes must stay
/// unchanged until the write returns.</param>
public sealed record PersonDocument(string Id, string DistrictCode, string TownshipCode, CoverageStatus Coverage, string ContentHash, ReadOnlyMemory<byte> Json);
