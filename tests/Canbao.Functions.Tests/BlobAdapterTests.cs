using System.Text;
using Canbao.Functions.Adapters;
using Canbao.Workflows.Contracts;

namespace Canbao.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobAdapterTests(Azurite azurite)
{
    private static string Hash() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + new string('0', 32);
    private static readonly DropRef Drop = new("drops-health", "deaths/a.csv", "deaths", "\"0x1\"", 10);

    [Fact]
    public async Task Ledger_gives_a_content_to_one_instance_and_remembers_the_import()
    {
        var ledger = new BlobImportLedger(azurite.Blobs);
        var hash = Hash();
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => ledger.ClaimAsync(new ImportClaimRequest(hash, $"i{i}", Drop))));
        Assert.Equal(1, claims.Count(c => c == ImportClaim.Claimed));
        Assert.Equal(5, claims.Count(c => c == ImportClaim.InProgressElsewhere));
        var winner = $"i{Array.IndexOf(claims, ImportClaim.Claimed)}";

        Assert.Equal(ImportClaim.Claimed, await ledger.ClaimAsync(new ImportClaimRequest(hash, winner, Drop))); // replay of its own claim
        await ledger.CompleteAsync(new ImportCompletion(hash, winner, new DropImportSummary(3, 2, 1, 0, "b", "r")));
        await ledger.CompleteAsync(new ImportCompletion(hash, winner, new DropImportSummary(3, 2, 1, 0, "b", "r"))); // idempotent
        Assert.Equal(ImportClaim.AlreadyImported, await ledger.ClaimAsync(new ImportClaimRequest(hash, "later", Drop)));
    }

    [Fact]
    public async Task Ledger_lets_a_later_upload_claim_content_whose_import_was_released()
    {
        var ledger = new BlobImportLedger(azurite.Blobs);
        var hash = Hash();
        Assert.Equal(ImportClaim.Claimed, await ledger.ClaimAsync(new ImportClaimRequest(hash, "first", Drop)));
        await ledger.CompleteAsync(new ImportCompletion(hash, "first", null));
        Assert.Equal(ImportClaim.Claimed, await ledger.ClaimAsync(new ImportClaimRequest(hash, "second", Drop)));
        Assert.Equal(ImportClaim.InProgressElsewhere, await ledger.ClaimAsync(new ImportClaimRequest(hash, "third", Drop)));
    }

    [Fact]
    public async Task Ledger_refuses_a_hash_that_is_not_lowercase_hex()
    {
        var ledger = new BlobImportLedger(azurite.Blobs);
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.ClaimAsync(new ImportClaimRequest("../x", "i", Drop)));
    }

    [Fact]
    public async Task Probe_reports_length_etag_and_sha256_and_a_missing_drop()
    {
        var container = azurite.Blobs.GetBlobContainerClient("drops-tax");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient($"tax/{Guid.NewGuid():N}.csv");
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes("abc")));
        var store = new BlobDropStore(azurite.Blobs);
        var probe = await store.ProbeAsync(new DropRef("drops-tax", blob.Name, "tax", null, null));
        Assert.True(probe.Exists);
        Assert.Equal(3, probe.Length);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", probe.ContentHash); // SHA-256("abc")
        Assert.False(probe.ChangedWhileReading);
        Assert.Equal((await blob.GetPropertiesAsync()).Value.ETag.ToString(), probe.ETag);

        var missing = await store.ProbeAsync(new DropRef("drops-tax", "tax/none.csv", "tax", null, null));
        Assert.False(missing.Exists);
    }

    [Fact]
    public async Task Checkpoint_moves_forward_only_from_the_version_read()
    {
        var checkpoints = new BlobCheckpoint(azurite.Blobs);
        var consumer = $"test-{Guid.NewGuid():N}";
        var (none, noEtag) = await checkpoints.ReadAsync(consumer);
        Assert.Null(none);
        Assert.Null(noEtag);
        Assert.True(await checkpoints.WriteAsync(consumer, "c1", noEtag));
        Assert.False(await checkpoints.WriteAsync(consumer, "c1-again", noEtag)); // another run created it first
        var (c1, etag1) = await checkpoints.ReadAsync(consumer);
        Assert.Equal("c1", c1);
        Assert.True(await checkpoints.WriteAsync(consumer, "c2", etag1));
        Assert.False(await checkpoints.WriteAsync(consumer, "stale", etag1));
        Assert.Equal("c2", (await checkpoints.ReadAsync(consumer)).Continuation);
    }
}
