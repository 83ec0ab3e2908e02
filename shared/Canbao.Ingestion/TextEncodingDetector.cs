using System.Buffers;
using System.Text;

namespace Canbao.Ingestion;

/// <summary>
/// The encoding a drop was decoded with: a name for reports (<c>UTF-8</c>, <c>UTF-8 BOM</c>, <c>UTF-16LE BOM</c>,
/// <c>UTF-16BE BOM</c>, <c>GB18030</c>), the strict decoder (throws on invalid bytes) and the BOM length in bytes to skip.
/// </summary>
/// <param name="Name">Name shown in summaries and the <c>validate</c> output.</param>
/// <param name="Encoding">Strict encoding without preamble (an invalid byte throws instead of becoming U+FFFD).</param>
/// <param name="BomBytes">Bytes of byte-order mark at the start of the file.</param>
public sealed record DetectedEncoding(string Name, Encoding Encoding, int BomBytes);

/// <summary>
/// Detects a drop's encoding in the order of case 04: UTF-8 BOM → UTF-8; UTF-16 LE/BE BOM → UTF-16; else strict UTF-8
/// if the whole file decodes without error; else GB18030 (code page 54936, a superset of GBK — never 20936, whose
/// A1A4 is U+30FB, case 13). The whole file is decoded once with a throwing decoder: invalid bytes in the chosen
/// encoding, or a U+FFFD character in the decoded text (mojibake stored by an earlier tool), reject the file with
/// a file-level <see cref="FileErrorCodes.Encoding"/> error naming the line, data row, byte offset and bytes, and the
/// encodings tried; a file valid in neither UTF-8 nor GB18030 is reported where UTF-8 broke first (the usual case: one
/// bad byte in a UTF-8 file), then where GB18030 broke. Never guesses silently.
/// For UTF-8 the check runs on the bytes (vectorized validation and a search for EF BF BD, the UTF-8 form of U+FFFD)
/// without decoding; only a file that fails it is decoded, to name the place.
/// </summary>
public static class TextEncodingDetector
{
    /// <summary>Strict UTF-8 without preamble.</summary>
    public static Encoding Utf8Strict { get; } = new UTF8Encoding(false, true);

    /// <summary>Strict GB18030 (code page 54936).</summary>
    public static Encoding Gb18030Strict { get; } = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        // Code page 54936 comes from CodePagesEncodingProvider (registering twice is harmless).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>Detects and verifies the encoding of a seekable stream; leaves the position at the first byte after the BOM.</summary>
    /// <param name="stream">A seekable stream positioned at the start of the file.</param>
    /// <param name="encoding">The detected encoding when the whole file decodes cleanly.</param>
    /// <param name="error">The file-level error otherwise.</param>
    /// <returns>True when the file decodes cleanly.</returns>
    public static bool TryDetect(Stream stream, out DetectedEncoding? encoding, out FileError? error)
    {
        if (!stream.CanSeek) throw new ArgumentException("the stream must be seekable", nameof(stream));
        var start = stream.Position;
        Span<byte> head = stackalloc byte[3];
        var n = ReadAtLeast(stream, head);
        stream.Position = start;

        DetectedEncoding candidate;
        if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) candidate = new("UTF-8 BOM", Utf8Strict, 3);
        else if (n >= 2 && head[0] == 0xFF && head[1] == 0xFE) candidate = new("UTF-16LE BOM", new UnicodeEncoding(false, false, true), 2);
        else if (n >= 2 && head[0] == 0xFE && head[1] == 0xFF) candidate = new("UTF-16BE BOM", new UnicodeEncoding(true, false, true), 2);
        else
        {
            var utf8 = new DetectedEncoding("UTF-8", Utf8Strict, 0);
            var utf8Failure = Scan(stream, start, utf8);
            if (utf8Failure is null || utf8Failure.Value.Replacement)
                return Result(stream, start, utf8, utf8Failure, out encoding, out error);
            var gb = new DetectedEncoding("GB18030", Gb18030Strict, 0);
            var gbFailure = Scan(stream, start, gb);
            if (gbFailure is null || gbFailure.Value.Replacement)
                return Result(stream, start, gb, gbFailure, out encoding, out error);
            // Valid in neither: where UTF-8 broke is the place to show (a UTF-8 file with one bad byte reads as
            // GB18030 only up to its first Chinese character); GB18030's own place follows, for a GBK file.
            stream.Position = start;
            encoding = null;
            var u = utf8Failure.Value;
            var g = gbFailure.Value;
            error = new FileError(FileErrorCodes.Encoding,
                $"the file is neither valid UTF-8 nor valid GB18030 (tried in that order): as UTF-8 it breaks at {Where(u)}; " +
                $"as GB18030 at {Where(g)}; the whole file is rejected — ask the department to re-export it in one encoding (UTF-8)");
            return false;
        }
        return Result(stream, start, candidate, Scan(stream, start, candidate), out encoding, out error);
    }

    /// <summary>"line 500 (data row 499), byte 12,345 (bytes FF 0D)" — the header is line 1 and no data row.</summary>
    private static string Where(ScanFailure f)
    {
        var row = f.Record <= 1 ? "the header" : $"data row {f.Record - 1}";
        var bytes = f.Bytes is { Length: > 0 } b
            ? $" (byte{(b.Length > 1 ? "s" : "")} {string.Join(' ', b.Take(4).Select(x => x.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))})"
            : "";
        return $"line {f.Line} ({row}), byte offset {f.ByteOffset}{bytes}";
    }

    private static bool Result(Stream stream, long start, DetectedEncoding enc, ScanFailure? failure, out DetectedEncoding? encoding, out FileError? error)
    {
        stream.Position = start + enc.BomBytes;
        if (failure is not { } f)
        {
            encoding = enc;
            error = null;
            return true;
        }
        encoding = null;
        error = new FileError(FileErrorCodes.Encoding, f.Replacement
            ? $"decoded as {enc.Name}, the file contains the replacement character U+FFFD at {Where(f)}: " +
              "text was already garbled (mojibake) by an earlier tool; the whole file is rejected — ask the department to re-export it"
            : enc.BomBytes > 0
            ? $"the file starts with a {enc.Name.Replace(" BOM", "", StringComparison.Ordinal)} byte-order mark (BOM), so only {enc.Name.Replace(" BOM", "", StringComparison.Ordinal)} was tried, and it is not valid: invalid byte sequence at {Where(f)}; the whole file is rejected"
            : $"the file is not valid {enc.Name}: invalid byte sequence at {Where(f)}; the whole file is rejected");
        return false;
    }

    /// <summary>Where decoding failed: byte offset from the start of the file, physical line (1 = header), the record
    /// (CSV row counting the header as 1, quoted line breaks inside a field not counted), the offending bytes.</summary>
    private readonly record struct ScanFailure(long ByteOffset, long Line, long Record, bool Replacement, byte[]? Bytes);

    /// <summary>Counts CSV records (quote-aware; a line with no character but delimiters and spaces is not one) as text passes.</summary>
    private struct RecordCounter
    {
        private bool _quoted, _content;
        public long Completed;

        /// <summary>The record the next character belongs to (1-based).</summary>
        public readonly long Current => Completed + 1;

        public void Feed(ReadOnlySpan<char> text)
        {
            foreach (var c in text) Step(c);
        }

        /// <summary>For ASCII-compatible encodings (UTF-8, GB18030: quote and line-break bytes never occur inside a multi-byte character).</summary>
        public void Feed(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes) Step((char)b);
        }

        private void Step(char c)
        {
            if (c == '"') { _quoted = !_quoted; _content = true; return; }
            if (_quoted) return;
            if (c == '\n' || c == '\r')
            {
                if (_content) Completed++;
                _content = false;
                return;
            }
            if (c is not (' ' or '\t' or ',' or '|')) _content = true;
        }
    }

    /// <summary>Decodes the whole stream strictly; returns where it first fails or holds U+FFFD, or null.</summary>
    private static ScanFailure? Scan(Stream stream, long start, DetectedEncoding enc)
    {
        if (ReferenceEquals(enc.Encoding, Utf8Strict) && IsCleanUtf8(stream, start + enc.BomBytes)) return null;
        if (ReferenceEquals(enc.Encoding, Gb18030Strict) && IsPlainGb18030(stream, start + enc.BomBytes)) return null;
        return Decode(stream, start, enc);
    }

    private static ReadOnlySpan<byte> Utf8ReplacementChar => [0xEF, 0xBF, 0xBD];

    /// <summary>
    /// True when the bytes from <paramref name="from"/> to the end are well-formed UTF-8 (the same rules as the strict
    /// decoder: no overlong forms, surrogates or truncated sequences) and hold no U+FFFD. A sequence cut by the end of
    /// a block is carried to the next block, so both checks see it whole.
    /// </summary>
    private static bool IsCleanUtf8(Stream stream, long from) => ScanBlocks(stream, from, block =>
    {
        var complete = block.Length - IncompleteTail(block);
        var whole = block[..complete];
        return System.Text.Unicode.Utf8.IsValid(whole) && whole.IndexOf(Utf8ReplacementChar) < 0 ? complete : -1;
    });

    /// <summary>
    /// True when the bytes from <paramref name="from"/> to the end are ASCII, GB18030 two-byte characters (lead 81–FE,
    /// trail 40–7E or 80–FE: every such pair decodes strictly to one BMP character that is not U+FFFD) and four-byte
    /// characters the strict decoder maps (<see cref="IsMappedFourByte"/>; U+FFFD, 84 31 A4 37, excluded), so the file
    /// needs no decoding to be accepted — it is decoded once, by the reader (a name with a rare character made every
    /// GB18030 drop be decoded twice). Anything else (an invalid byte, an unmapped four-byte code, a sequence cut by the
    /// very end) answers false and the file is decoded strictly to find or clear the place.
    /// </summary>
    private static bool IsPlainGb18030(Stream stream, long from) => ScanBlocks(stream, from, block =>
    {
        var i = 0;
        while (i < block.Length)
        {
            var lead = block[i];
            if (lead < 0x80) { i++; continue; }
            if (i + 1 >= block.Length) break; // a lead byte cut by the end of the block: carried to the next
            var trail = block[i + 1];
            if (trail is >= 0x30 and <= 0x39)
            {
                if (i + 3 >= block.Length) break; // a four-byte sequence cut by the end of the block: carried
                if (!IsMappedFourByte(block.Slice(i, 4))) return -1;
                i += 4;
                continue;
            }
            if (lead is < 0x81 or > 0xFE || trail is < 0x40 or 0x7F or > 0xFE) return -1;
            i += 2;
        }
        return i;
    });

    /// <summary>
    /// True when four bytes form a GB18030 four-byte sequence (bytes 81–FE, 30–39, 81–FE, 30–39) that decodes to a
    /// character other than U+FFFD: linear index 0–39,419 (81 30 81 30 – 84 31 A4 39, the rest of the BMP) or a
    /// supplementary-plane code (90 30 81 30 – E3 32 9A 35, U+10000–U+10FFFF). Codes between and beyond are unmapped
    /// (the strict decoder throws). The rule is checked against the decoder for every four-byte sequence in the tests.
    /// </summary>
    internal static bool IsMappedFourByte(ReadOnlySpan<byte> b)
    {
        if (b[0] is < 0x81 or > 0xFE || b[1] is < 0x30 or > 0x39 || b[2] is < 0x81 or > 0xFE || b[3] is < 0x30 or > 0x39) return false;
        var bmp = (((b[0] - 0x81) * 10 + (b[1] - 0x30)) * 126 + (b[2] - 0x81)) * 10 + (b[3] - 0x30);
        if (b[0] <= 0x84) return bmp <= 39419 && bmp != Gb18030ReplacementLinear;
        if (b[0] < 0x90) return false;
        var supplementary = (((b[0] - 0x90) * 10 + (b[1] - 0x30)) * 126 + (b[2] - 0x81)) * 10 + (b[3] - 0x30);
        return supplementary < 0x100000;
    }

    /// <summary>Linear four-byte index of U+FFFD (84 31 A4 37).</summary>
    private const int Gb18030ReplacementLinear = (((0x84 - 0x81) * 10 + 1) * 126 + (0xA4 - 0x81)) * 10 + 7;

    /// <summary>A check of one block: how many leading bytes it accepts (the rest is carried to the next block), or -1 to reject the stream.</summary>
    private delegate int BlockScan(ReadOnlySpan<byte> block);

    /// <summary>
    /// Reads the stream from <paramref name="from"/> in 1 MiB blocks and runs <paramref name="scan"/> on each, carrying the
    /// bytes it did not accept (a sequence cut by the block's end) to the front of the next block. True when every block
    /// is accepted and nothing is left over at the end.
    /// </summary>
    private static bool ScanBlocks(Stream stream, long from, BlockScan scan)
    {
        stream.Position = from;
        var bytes = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            var carried = 0;
            while (true)
            {
                var read = stream.Read(bytes, carried, BlockBytes - carried);
                var length = carried + read;
                if (read == 0) return carried == 0;
                var accepted = scan(bytes.AsSpan(0, length));
                if (accepted < 0) return false;
                carried = length - accepted;
                bytes.AsSpan(accepted, carried).CopyTo(bytes);
            }
        }
        finally { ArrayPool<byte>.Shared.Return(bytes); }
    }

    /// <summary>Block size of the scans (1 MiB). The buffers are rented from <see cref="ArrayPool{T}.Shared"/>: a new
    /// 1 MiB array per drop lands on the large-object heap, and those allocations alone triggered dozens of full
    /// collections in a round.</summary>
    private const int BlockBytes = 1 << 20;

    /// <summary>How many bytes at the end start a multi-byte sequence that the block does not finish (0–3).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> block)
    {
        for (var back = 1; back <= 3 && back <= block.Length; back++)
        {
            var b = block[^back];
            if ((b & 0xC0) == 0x80) continue; // continuation byte: look further back for the lead byte
            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? back : 0;
        }
        return 0; // ASCII tail, or a run of continuation bytes that validation will reject
    }

    /// <summary>Decodes the whole stream strictly; returns where it first fails or holds U+FFFD, or null.</summary>
    private static ScanFailure? Decode(Stream stream, long start, DetectedEncoding enc)
    {
        stream.Position = start + enc.BomBytes;
        var decoder = enc.Encoding.GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(BlockBytes);
        var chars = ArrayPool<char>.Shared.Rent(enc.Encoding.GetMaxCharCount(BlockBytes) + 4);
        try { return Decode(stream, enc, decoder, bytes, chars); }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static ScanFailure? Decode(Stream stream, DetectedEncoding enc, Decoder decoder, byte[] bytes, char[] chars)
    {
        long offset = enc.BomBytes, line = 1;
        var records = new RecordCounter();
        var asciiCompatible = enc.Encoding is not UnicodeEncoding;
        while (true)
        {
            var read = stream.Read(bytes, 0, BlockBytes);
            var final = read == 0;
            int charsUsed;
            try
            {
                decoder.Convert(bytes, 0, read, chars, 0, chars.Length, final, out _, out charsUsed, out _);
            }
            catch (DecoderFallbackException ex)
            {
                var at = Math.Max(0, ex.Index);
                var prefix = Math.Min(at, read);
                if (asciiCompatible) records.Feed(bytes.AsSpan(0, prefix));
                return new ScanFailure(offset + prefix, line + CountLines(bytes.AsSpan(0, prefix), enc), records.Current, false, ex.BytesUnknown);
            }
            var text = chars.AsSpan(0, charsUsed);
            var bad = text.IndexOf('\uFFFD');
            if (bad >= 0)
            {
                var before = text[..bad];
                records.Feed(before);
                return new ScanFailure(offset + enc.Encoding.GetByteCount(before), line + before.Count('\n'), records.Current, true, [0xEF, 0xBF, 0xBD]);
            }
            records.Feed(text);
            line += text.Count('\n');
            offset += read;
            if (final) return null;
        }
    }

    private static long CountLines(ReadOnlySpan<byte> prefix, DetectedEncoding enc) =>
        enc.Encoding is UnicodeEncoding ? 0 : prefix.Count((byte)'\n');

    private static int ReadAtLeast(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var r = stream.Read(buffer[total..]);
            if (r == 0) break;
            total += r;
        }
        return total;
    }
}
