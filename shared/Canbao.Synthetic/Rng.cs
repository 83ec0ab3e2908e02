namespace Canbao.Synthetic;

/// <summary>
/// A small deterministic pseudo-random generator (SplitMix64, Steele et al. 2014). Every draw of the synthetic city
/// comes from one of these, seeded from the run's seed and the entity's coordinates (district, household, member), so
/// the same seed and arguments give the same city on every machine and in every run, without shared state.
/// </summary>
public struct Rng
{
    private ulong _state;

    /// <summary>Creates a generator from a seed and up to three coordinates (mixed, so nearby seeds do not correlate).</summary>
    public Rng(ulong seed, ulong a = 0, ulong b = 0, ulong c = 0)
    {
        _state = Mix(Mix(Mix(Mix(seed) ^ a) ^ (b * 0x9E3779B97F4A7C15UL)) ^ (c * 0xC2B2AE3D27D4EB4FUL));
    }

    /// <summary>The SplitMix64 finalizer: a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, n); n must be positive.</summary>
    public int Next(int n) => (int)((NextULong() >> 33) % (ulong)n);

    /// <summary>A uniform integer in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>True with probability p.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>One element of a list, uniformly.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
