namespace Canbao.Ingestion;

/// <summary>A text reader that first returns an already-read prefix, then the rest of an inner reader (used to peek at the header).</summary>
internal sealed class PrefixedTextReader(string prefix, TextReader inner) : TextReader
{
    private int _position;

    public override int Peek() => _position < prefix.Length ? prefix[_position] : inner.Peek();

    public override int Read() => _position < prefix.Length ? prefix[_position++] : inner.Read();

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (_position < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
        return inner.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
