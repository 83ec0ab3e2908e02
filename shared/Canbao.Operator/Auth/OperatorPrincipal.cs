namespace Canbao.Operator.Auth;

/// <summary>
/// An authenticated operator (city or district social-insurance staff) and the scope they may see and act on:
/// the whole city (<see cref="DistrictCode"/> null) or one district (6-digit GB/T 2260 county code).
/// </summary>
/// <param name="Id">Stable operator id (local: the token's name; Azure: the Entra object id or user principal name).</param>
/// <param name="Name">Display name.</param>
/// <param name="DistrictCode">Null for a city operator; the 6-digit district code for a district operator.</param>
public sealed record OperatorPrincipal(string Id, string Name, string? DistrictCode)
{
    /// <summary>True for a city operator.</summary>
    public bool IsCity => DistrictCode is null;

    /// <summary>The scope as text: <c>city</c> or <c>district:630102</c>.</summary>
    public string Scope => IsCity ? "city" : "district:" + DistrictCode;

    /// <summary>True when the operator may see and act on data of <paramref name="districtCode"/>.</summary>
    public bool Covers(string districtCode) => IsCity || string.Equals(DistrictCode, districtCode, StringComparison.Ordinal);
}

/// <summary>Reads the operator from a request's headers; null when these headers do not authenticate anyone.</summary>
public interface IOperatorAuthenticator
{
    /// <summary>Authenticates from headers (<paramref name="header"/> returns a header's value or null).</summary>
    /// <exception cref="UnauthorizedAccessException">Credentials were present but are invalid (bad token, malformed principal).</exception>
    OperatorPrincipal? Authenticate(Func<string, string?> header);
}
