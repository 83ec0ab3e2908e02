using CsCheck;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Tests;

/// <summary>Property tests (CsCheck): check character, 15→18 upgrade, normalization round trips.</summary>
public class ResidentIdPropertyTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    /// <summary>Current county-level codes (real regions, so the only possible finding is the one under test).</summary>
    private static readonly string[] Regions = RegionCodeHistory.Default.All
        .Where(r => r.IsCurrent && !r.Code.EndsWith("00", StringComparison.Ordinal)).Select(r => r.Code).Order().ToArray();

    private static readonly Gen<string> GenRegion = Gen.Int[0, Regions.Length - 1].Select(i => Regions[i]);

    /// <summary>A valid birth date 1900-01-01 … 2025-12-31.</summary>
    private static readonly Gen<DateOnly> GenBirth = Gen.Int[0, new DateOnly(2025, 12, 31).DayNumber - new DateOnly(1900, 1, 1).DayNumber]
        .Select(d => new DateOnly(1900, 1, 1).AddDays(d));

    /// <summary>A valid 18-character ID.</summary>
    private static readonly Gen<string> GenId = Gen.Select(GenRegion, GenBirth, Gen.Int[0, 999], (r, b, s) =>
    {
        var body = $"{r}{b:yyyyMMdd}{s:D3}";
        return body + ResidentId.ComputeCheckCharacter(body);
    });

    [Fact]
    public void AnySeventeenDigitBodyWithItsComputedCheckPassesTheCheck()
    {
        Gen.Int[0, 9].Array[17].Sample(digits =>
        {
            var body = string.Concat(digits);
            var id = body + ResidentId.ComputeCheckCharacter(body);
            var r = ResidentIdParser.Parse(id, Today);
            Assert.DoesNotContain(r.Issues, i => i.Code is IssueCodes.IdCheckMismatch or IssueCodes.IdPrecisionLost);
        });
    }

    [Fact]
    public void AnyRealisticIdWithItsComputedCheckIsValidAndDecodes()
    {
        Gen.Select(GenRegion, GenBirth, Gen.Int[0, 999]).Sample((region, birth, seq) =>
        {
            var body = $"{region}{birth:yyyyMMdd}{seq:D3}";
            var r = ResidentIdParser.Parse(body + ResidentId.ComputeCheckCharacter(body), Today);
            Assert.True(r.IsValid, string.Join("; ", r.Issues));
            Assert.Empty(r.Issues);
            Assert.Equal(birth, r.Id!.Value.BirthDate);
            Assert.Equal(region, r.Id!.Value.RegionCode);
            Assert.Equal(seq % 2 == 1 ? Sex.Male : Sex.Female, r.Id!.Value.Sex);
        });
    }

    [Fact]
    public void AnySingleCharacterChangeIsDetected()
    {
        Gen.Select(GenId, Gen.Int[0, 17], Gen.Int[1, 10]).Sample((id, position, shift) =>
        {
            const string alphabet = "0123456789X";
            var chars = id.ToCharArray();
            var options = position == 17 ? alphabet : alphabet[..10];
            var current = options.IndexOf(chars[position]);
            chars[position] = options[(current + shift) % options.Length];
            if (chars[position] == id[position]) return; // shift wrapped onto itself (only possible in the body's 10 digits)
            var r = ResidentIdParser.Parse(new string(chars), Today);
            Assert.False(r.IsValid);
            Assert.Contains(r.Issues, i => i.Code is IssueCodes.IdCheckMismatch or IssueCodes.IdPrecisionLost);
        });
    }

    [Fact]
    public void UpgradeThenParseKeepsBirthDateSexRegionAndTheLegacyAlias()
    {
        var birth19xx = Gen.Int[0, new DateOnly(1999, 12, 31).DayNumber - new DateOnly(1900, 1, 1).DayNumber]
            .Select(d => new DateOnly(1900, 1, 1).AddDays(d));
        Gen.Select(GenRegion, birth19xx, Gen.Int[0, 999]).Sample((region, birth, seq) =>
        {
            var legacy = $"{region}{birth:yyMMdd}{seq:D3}";
            var upgraded = ResidentId.Upgrade15(legacy);
            Assert.Equal(18, upgraded.Length);
            var fromLegacy = ResidentIdParser.Parse(legacy, Today);
            var fromUpgraded = ResidentIdParser.Parse(upgraded, Today);
            Assert.True(fromLegacy.IsValid, string.Join("; ", fromLegacy.Issues));
            Assert.Equal(fromUpgraded.Id, fromLegacy.Id);
            Assert.Equal(upgraded, fromLegacy.Id!.Value.Value);
            Assert.Equal(legacy, fromLegacy.Legacy15);
            Assert.Null(fromUpgraded.Legacy15);
            Assert.Equal(birth, fromLegacy.Id!.Value.BirthDate);
            Assert.Equal(region, fromLegacy.Id!.Value.RegionCode);
            Assert.Equal(seq % 2 == 1 ? Sex.Male : Sex.Female, fromLegacy.Id!.Value.Sex);
        });
    }

    private static readonly string[] Noise = [" ", "\t", "\u00A0", "\u3000", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u2002", "\u202F", "\r\n"];

    /// <summary>An ID rendered messily: some digits full-width, x lower-case or full-width, noise inserted anywhere.</summary>
    private static readonly Gen<(string Id, string Messy)> GenMessy = Gen.Select(GenId, Gen.Int[0, 3].Array[18], Gen.Int[0, Noise.Length - 1].Array[19], Gen.Int[0, 2].Array[19])
        .Select(t =>
        {
            var (id, widths, noise, noiseOn) = t;
            var sb = new System.Text.StringBuilder();
            for (var i = 0; i < 18; i++)
            {
                if (noiseOn[i] == 0) sb.Append(Noise[noise[i]]);
                var c = id[i];
                sb.Append(c == 'X'
                    ? widths[i] switch { 0 => 'X', 1 => 'x', 2 => '\uFF38', _ => '\uFF58' }
                    : widths[i] >= 2 ? (char)('\uFF10' + (c - '0')) : c);
            }
            if (noiseOn[18] == 0) sb.Append(Noise[noise[18]]);
            return (id, sb.ToString());
        });

    [Fact]
    public void NormalizationRoundTrip_WhitespaceZeroWidthFullWidthAndLowercaseXGiveTheSameCanonicalId()
    {
        GenMessy.Sample(t =>
        {
            var r = ResidentIdParser.Parse(t.Messy, Today);
            Assert.True(r.IsValid, string.Join("; ", r.Issues));
            Assert.Equal(t.Id, r.Id!.Value.Value);
            Assert.Equal(!string.Equals(t.Id, t.Messy, StringComparison.Ordinal), r.WasNormalized);
            // Normalizing again changes nothing (idempotent).
            Assert.Equal(t.Id, ResidentIdParser.Normalize(r.Normalized, out var bad));
            Assert.Null(bad);
        });
    }

    [Fact]
    public void NormalizationRoundTrip_TheValidatorStoresTheCanonicalIdAndKeepsTheRawCell()
    {
        var validator = RowHelper.Registration();
        GenMessy.Sample(t =>
        {
            var result = validator.Validate(1, RowHelper.Row(t.Messy, ("sex", null), ("birth_date", null)));
            Assert.Equal(RowOutcome.Accepted, result.Outcome);
            Assert.Equal(t.Id, result.Record["resident_id"]);
            if (t.Messy != t.Id) Assert.Equal(t.Messy, result.Record["resident_id_raw"]);
            else Assert.False(result.Record.ContainsKey("resident_id_raw"));
        });
    }

    [Fact]
    public void ANonAsciiDigitAnywhereIsRejected()
    {
        var foreignZeros = new[] { '\u0660', '\u06F0', '\u0966', '\u09E6', '\u0E50', '\u1040', '\uA8D0' };
        Gen.Select(GenId, Gen.Int[0, 16], Gen.Int[0, foreignZeros.Length - 1]).Sample((id, position, script) =>
        {
            var chars = id.ToCharArray();
            chars[position] = (char)(foreignZeros[script] + (id[position] - '0'));
            var r = ResidentIdParser.Parse(new string(chars), Today);
            Assert.False(r.IsValid);
            Assert.Equal(IssueCodes.IdBadCharacter, Assert.Single(r.Issues).Code);
        });
    }
}
