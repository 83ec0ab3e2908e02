using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Canbao.Operator.Auth;

/// <summary>
/// Locally issued operator tokens for the local host (<c>canbao serve</c> prints them at start): 32 random bytes,
/// base64url, sent as <c>Authorization: Bearer &lt;token&gt;</c>. Tokens live in memory for the life of the process;
/// compared in constant time via their SHA-256.
/// </summary>
public sealed class LocalTokens : IOperatorAuthenticator
{
    private readonly ConcurrentDictionary<string, OperatorPrincipal> _byHash = new(StringComparer.Ordinal);

    /// <summary>Issues a new token for <paramref name="principal"/>; returns the token text (show it once, to its operator).</summary>
    public string Issue(OperatorPrincipal principal)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _byHash[Hash(token)] = principal;
        return token;
    }

    /// <summary>
    /// Accepts a token chosen by the host's operator (e.g. from an environment variable, so a script or test can call the
    /// API); at least 32 characters, so it cannot be guessed.
    /// </summary>
    /// <exception cref="ArgumentException">The token is shorter than 32 characters.</exception>
    public void Register(string token, OperatorPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Trim().Length < 32) throw new ArgumentException("an operator token needs at least 32 characters", nameof(token));
        _byHash[Hash(token.Trim())] = principal;
    }

    /// <inheritdoc />
    public OperatorPrincipal? Authenticate(Func<string, string?> header)
    {
        var auth = header("Authorization");
        if (string.IsNullOrWhiteSpace(auth)) return null;
        const string bearer = "Bearer ";
        if (!auth.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var token = auth[bearer.Length..].Trim();
        return _byHash.TryGetValue(Hash(token), out var p) ? p : throw new UnauthorizedAccessException("the bearer token is not one this host issued");
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
