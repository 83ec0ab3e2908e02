namespace Canbao.Store;

/// <summary>The record was written by someone else since it was read: its ETag no longer matches (HTTP 412 Precondition Failed).</summary>
/// <param name="personId">Resident ID (the message carries it masked).</param>
public sealed class ETagConflictException(string personId)
    : Exception($"ETag mismatch (412) for person {Domain.Identifiers.ResidentId.Mask(personId)}")
{
    /// <summary>Resident ID of the record (unmasked; mask before logging).</summary>
    public string PersonId { get; } = personId;
}

/// <summary>An update addressed a person that has no record (HTTP 404). Nothing was created.</summary>
/// <param name="personId">Resident ID (the message carries it masked).</param>
public sealed class PersonNotFoundException(string personId)
    : Exception($"No person record for {Domain.Identifiers.ResidentId.Mask(personId)}")
{
    /// <summary>Resident ID (unmasked; mask before logging).</summary>
    public string PersonId { get; } = personId;
}

/// <summary>A create addressed a person that already has a record (HTTP 409).</summary>
/// <param name="personId">Resident ID (the message carries it masked).</param>
public sealed class PersonAlreadyExistsException(string personId)
    : Exception($"Person record exists already for {Domain.Identifiers.ResidentId.Mask(personId)}")
{
    /// <summary>Resident ID (unmasked; mask before logging).</summary>
    public string PersonId { get; } = personId;
}
