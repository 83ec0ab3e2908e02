using System.Text;
using Canbao.Functions.Adapters;
using Canbao.Hosting;

namespace Canbao.Functions.Tests;

/// <summary>The Blob Storage artifact store on Azurite: the same contract the folder store keeps for the shared round, rosters and reports.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobArtifactStoreTests(Azurite azurite)
{
    [Fact]
    public async Task Writes_reads_lists_and_materialises_like_the_folder_store()
    {
        var container = "work-" + Guid.NewGuid().ToString("N")[..8];
        var store = new BlobArtifactStore(azurite.Blobs, container);

        Assert.Null(await store.ReadAsync("rounds/20261128/summary.json"));
        Assert.Empty(await store.ListAsync("imported/"));
        Assert.Null(store.LocalFolder("imported/"));

        await store.WriteAsync("imported/enrollment/a.csv", Encoding.UTF8.GetBytes("身份证号\n1\n"));
        await store.WriteAsync("imported/household_registry/b.csv", Encoding.UTF8.GetBytes("x\n"));
        await store.WriteAsync("rounds/20261128/part-0.ndjson", Encoding.UTF8.GetBytes("{}\n"));
        await store.WriteAsync("imported/enrollment/a.csv", Encoding.UTF8.GetBytes("身份证号\n2\n")); // replaced, not appended

        Assert.Equal(["imported/enrollment/a.csv", "imported/household_registry/b.csv"], await store.ListAsync("imported/"));
        Assert.Equal("身份证号\n2\n", Encoding.UTF8.GetString((await store.ReadAsync("imported/enrollment/a.csv"))!));
        // The blob is where the name says, in the named container.
        var blob = azurite.Blobs.GetBlobContainerClient(container).GetBlobClient("rounds/20261128/part-0.ndjson");
        Assert.Equal("{}\n", (await blob.DownloadContentAsync()).Value.Content.ToString());

        var temp = Directory.CreateTempSubdirectory("canbao-materialise-").FullName;
        try
        {
            Assert.Equal(2, await ArtifactFiles.MaterialiseAsync(store, "imported/", temp));
            Assert.Equal("身份证号\n2\n", File.ReadAllText(Path.Combine(temp, "enrollment", "a.csv")));
            Assert.Equal("x\n", File.ReadAllText(Path.Combine(temp, "household_registry", "b.csv")));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadAsync("../secrets"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("/abs", new byte[1]));
    }
}
