using System.Security.Cryptography;
using System.Text;
using Canbao.Domain.Identifiers;
using Canbao.Functions.Adapters;
using Canbao.Workflows.Contracts;

namespace Canbao.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobDropIngestorTests(Azurite azurite)
{
    private static string Id(string body17) => body17 + ResidentId.ComputeCheckCharacter(body17);

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    }

    [Fact]
    public async Task Imports_the_probed_version_and_accounts_for_every_row_without_writing_values_to_the_report()
    {
        var good1 = Id("63010220100101001");
        var good2 = Id("63010220110202002");
        var bad = "63010220100101009X"; // wrong check character
        var csv = $"身份证号,学生姓名\n{good1},张三\n{good2},李四\n{bad},王五\n";
        var container = azurite.Blobs.GetBlobContainerClient("drops-education");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient($"students/{Guid.NewGuid():N}.csv");
        var bytes = Encoding.UTF8.GetBytes(csv);
        await blob.UploadAsync(new BinaryData(bytes));
        var etag = (await blob.GetPropertiesAsync()).Value.ETag.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var ingestor = new BlobDropIngestor(azurite.Blobs, new Clock());

        var summary = await ingestor.ImportAsync(new DropImportRequest(new DropRef("drops-education", blob.Name, "students", etag, bytes.Length), hash, 1));
        Assert.Equal(3, summary.RowsIn);
        Assert.Equal(summary.RowsIn, summary.Accepted + summary.Held + summary.Rejected);
        Assert.Equal(1, summary.Rejected);
        Assert.Equal($"batches/imported/{blob.Name}", summary.BatchRef); // imported/<feed>/<file>: the layout the round reads

        var report = (await azurite.Blobs.GetBlobContainerClient("reports").GetBlobClient(summary.ReportRef["reports/".Length..]).DownloadContentAsync()).Value.Content.ToString();
        var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,outcome,column,code,reason", lines[0]);
        Assert.Contains(lines.Skip(1), l => l.Contains("Rejected", StringComparison.Ordinal));
        Assert.DoesNotContain(bad, report);
        Assert.DoesNotContain("王五", report);

        // A retry of the same version ends in the same state.
        Assert.Equal(summary, await ingestor.ImportAsync(new DropImportRequest(new DropRef("drops-education", blob.Name, "students", etag, bytes.Length), hash, 2)));

        // A newer version than the one probed is refused with the reason.
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(csv + $"{good1},张三\n")), overwrite: true);
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ingestor.ImportAsync(new DropImportRequest(new DropRef("drops-education", blob.Name, "students", etag, bytes.Length), hash, 3)));
        Assert.Contains("the version looked at is gone (HTTP 412)", ex.Message);
    }
}
