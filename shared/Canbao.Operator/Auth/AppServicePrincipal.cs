using System.Text;
using System.Text.Json;

namespace Canbao.Operator.Auth;

/// <summary>
/// Reads the operator from App Service authentication (Easy Auth, Entra ID): the <c>X-MS-CLIENT-PRINCIPAL</c> header is
/// base64 JSON <c>{"auth_typ","name_typ","role_typ","claims":[{"typ","val"}]}</c> that the platform sets after sign-in
/// (and strips from client requests). Scope comes from app roles: <c>canbao.city</c>, or <c>canbao.district.NNNNNN</c>.
/// Only use it where App Service authentication fronts the app: elsewhere anyone can send the header.
/// Source: Microsoft Learn, "Work with user identities in Azure App Service authentication".
/// </summary>
public sealed class AppServicePrincipal : IOperatorAuthenticator
{
    /// <summary>The header App Service sets.</summary>
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>App role of a city operator.</summary>
    public const string CityRole = "canbao.city";

    /// <summary>Prefix of a district operator's app role, followed by the 6-digit district code.</summary>
    public const string DistrictRolePrefix = "canbao.district.";

    /// <inheritdoc />
    public OperatorPrincipal? Authenticate(Func<string, string?> header)
    {
        var raw = header(Header);
        if (string.IsNullOrWhiteSpace(raw)) return null;
        string? id = null, name = null;
        var roles = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(raw)));
            var root = doc.RootElement;
            var nameTyp = root.TryGetProperty("name_typ", out var nt) ? nt.GetString() : null;
            var roleTyp = root.TryGetProperty("role_typ", out var rt) ? rt.GetString() : null;
            foreach (var c in root.GetProperty("claims").EnumerateArray())
            {
                var typ = c.GetProperty("typ").GetString();
                var val = c.GetProperty("val").GetString() ?? "";
                if (typ == "http://schemas.microsoft.com/identity/claims/objectidentifier" || typ == "oid") id = val;
                else if (typ == nameTyp || typ == "name" || typ == "preferred_username") name ??= val;
                if (typ == roleTyp || typ == "roles" || typ == "http://schemas.microsoft.com/ws/2008/06/identity/claims/role") roles.Add(val);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new UnauthorizedAccessException($"{Header} is not a valid client principal ({e.GetType().Name})");
        }
        id ??= name ?? throw new UnauthorizedAccessException($"{Header} names no user");
        name ??= id;
        if (roles.Contains(CityRole)) return new OperatorPrincipal(id, name, null);
        var district = roles.Where(r => r.StartsWith(DistrictRolePrefix, StringComparison.Ordinal)).Select(r => r[DistrictRolePrefix.Length..])
            .FirstOrDefault(d => d.Length == 6 && d.All(char.IsAsciiDigit));
        return district is null
            ? throw new UnauthorizedAccessException($"the user has no Canbao operator role ({CityRole} or {DistrictRolePrefix}NNNNNN)")
            : new OperatorPrincipal(id, name, district);
    }
}
