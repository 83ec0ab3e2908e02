using System.Buffers;

namespace Canbao.Ingestion;

/// <summary>
/// A text reader that first returns an already-read prefix, then the rest of an inner reader (used to peek at the header).
/// The prefix is a buffer rented from <see cref="ArrayPool{T}.Shared"/>; it goes back to the pool once read or on dispose
/// (a 64K-character buffer per drop would otherwise land on the large-object heap and trigger full collections).
/// </summary>
internal sealed class PrefixedTextReader(char[] rented, int start, int end, TextReader inner) : TextReader
{
    private char[]? _prefix = rented;
    private int _position = start;

    public override int Peek() => _prefix is not null && _position < end ? _prefix[_position] : inner.Peek();

    public override int Read()
    {
        if (_prefix is not null && _position >= end) Release();
        if (_prefix is null) return inner.Read();
        var c = _prefix[_position++];
        if (_position >= end) Release();
        return c;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (_prefix is not null && _position >= end) Release();
        if (_prefix is null) return inner.Read(buffer);
        if (buffer.IsEmpty) return 0;
        var n = Math.Min(buffer.Length, end - _position);
        _prefix.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        if (_position >= end) Release();
        return n;
    }

    private void Release()
    {
        if (_prefix is { } p) ArrayPool<char>.Shared.Return(p);
        _prefix = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { Release(); inner.Dispose(); }
        base.Dispose(disposing);
    }
}
