using System.Text;
using System.Text.Json;

namespace Canbao.Workflows;

/// <summary>
/// The payload rule: orchestration inputs, outputs, custom status and failure reasons are blob references and counts,
/// never lists of people, and never more than <see cref="MaxBytes"/> bytes of JSON (issue 6; Durable Functions
/// moves larger payloads to blobs and slows every replay).
/// </summary>
public static class Payload
{
    /// <summary>Largest payload allowed: 16 KB of UTF-8 JSON.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>Longest failure reason kept in a payload (characters).</summary>
    public const int MaxReasonChars = 500;

    /// <summary>Size in bytes of <paramref name="value"/> as UTF-8 JSON (System.Text.Json defaults, as Durable Task serializes).</summary>
    public static int SizeOf<T>(T value) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(value));

    /// <summary>A reason cut to <see cref="MaxReasonChars"/> characters, with "…" when cut; empty for null.</summary>
    public static string Reason(string? message)
    {
        if (string.IsNullOrEmpty(message)) return "";
        return message.Length <= MaxReasonChars ? message : string.Concat(message.AsSpan(0, MaxReasonChars - 1), "…");
    }
}
