using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Canbao.Functions.Drops;

/// <summary>
/// One blob trigger per department (Event Grid source, as Flex Consumption requires): a department's drops arrive in
/// its own container <c>drops-&lt;slug&gt;</c> as <c>&lt;feed&gt;/&lt;file&gt;</c>. Each trigger only names its container;
/// <see cref="DropIntake"/> routes, refuses and starts the ingestion. Function names are
/// <see cref="DropDepartments.FunctionName"/> (infra/modules/eventgrid.bicep builds the webhook URL from the same rule).
/// </summary>
public sealed class DropTriggers(DropIntake intake)
{
    [Function("Drop_PublicSecurity")]
    public Task<DropIntakeResult> PublicSecurity(
        [BlobTrigger("drops-public-security/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_SocialInsurance")]
    public Task<DropIntakeResult> SocialInsurance(
        [BlobTrigger("drops-social-insurance/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_ProvincialRegistry")]
    public Task<DropIntakeResult> ProvincialRegistry(
        [BlobTrigger("drops-provincial-registry/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_Health")]
    public Task<DropIntakeResult> Health(
        [BlobTrigger("drops-health/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_Education")]
    public Task<DropIntakeResult> Education(
        [BlobTrigger("drops-education/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_Justice")]
    public Task<DropIntakeResult> Justice(
        [BlobTrigger("drops-justice/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_CivilAffairs")]
    public Task<DropIntakeResult> CivilAffairs(
        [BlobTrigger("drops-civil-affairs/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_MarketSupervision")]
    public Task<DropIntakeResult> MarketSupervision(
        [BlobTrigger("drops-market-supervision/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_Tax")]
    public Task<DropIntakeResult> Tax(
        [BlobTrigger("drops-tax/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_Construction")]
    public Task<DropIntakeResult> Construction(
        [BlobTrigger("drops-construction/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);

    [Function("Drop_Hrss")]
    public Task<DropIntakeResult> Hrss(
        [BlobTrigger("drops-hrss/{name}", Source = BlobTriggerSource.EventGrid, Connection = Settings.DropsConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => intake.HandleAsync(blob, client, ct);
}
