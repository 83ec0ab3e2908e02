using Canbao.Workflows.Contracts;
using Microsoft.DurableTask;

namespace Canbao.Workflows.Drops;

/// <summary>
/// Ingests one version of one department drop, once (case 16 in shared/cases):
/// 1. Look at the drop; zero length, missing, or a version other than the trigger's → <see cref="DropOutcomeKind.NotReady"/>
///    (not imported, not marked processed: the event of the final version starts its own instance).
/// 2. Look again after <see cref="DropIngestionInput.SettleSeconds"/>; a changed length/version → NotReady (still changing).
/// 3. Claim the content hash in the ledger; imported before or being imported → <see cref="DropOutcomeKind.Duplicate"/>.
/// 4. Import, at most <see cref="DropIngestionInput.MaxAttempts"/> times; then quarantine with the last reason.
/// Start it with instance id <see cref="WorkflowIds.Drop"/> so a re-delivered event is refused at the start.
/// </summary>
public sealed class DropIngestionOrchestrator : TaskOrchestrator<DropIngestionInput, DropOutcome>
{
    /// <inheritdoc />
    public override async Task<DropOutcome> RunAsync(TaskOrchestrationContext context, DropIngestionInput input)
    {
        var drop = input.Drop;
        context.SetCustomStatus("probing");
        var probe = await context.CallActivityAsync<DropProbe>(nameof(ProbeDrop), drop);
        var notReady = NotReadyReason(drop, probe);
        if (notReady is null && input.SettleSeconds > 0)
        {
            await context.CreateTimer(TimeSpan.FromSeconds(input.SettleSeconds), CancellationToken.None);
            var second = await context.CallActivityAsync<DropProbe>(nameof(ProbeDrop), drop);
            if (second.ETag != probe.ETag || second.Length != probe.Length || second.ContentHash != probe.ContentHash)
                notReady = "still changing: length or version changed between two looks";
        }
        if (notReady is not null)
            return new DropOutcome(DropOutcomeKind.NotReady, notReady, 0, probe.ContentHash, null);

        var current = drop with { ETag = probe.ETag, Length = probe.Length };
        var claim = await context.CallActivityAsync<ImportClaim>(nameof(ClaimImport),
            new ImportClaimRequest(probe.ContentHash, context.InstanceId, current));
        if (claim != ImportClaim.Claimed)
        {
            var why = claim == ImportClaim.AlreadyImported ? "content already imported" : "content being imported by another instance";
            return new DropOutcome(DropOutcomeKind.Duplicate, why, 0, probe.ContentHash, null);
        }

        var attempts = Math.Max(1, input.MaxAttempts);
        var reason = "";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            context.SetCustomStatus($"importing, attempt {attempt} of {attempts}");
            try
            {
                var summary = await context.CallActivityAsync<DropImportSummary>(nameof(ImportDrop),
                    new DropImportRequest(current, probe.ContentHash, attempt));
                await context.CallActivityAsync(nameof(CompleteImport), new ImportCompletion(probe.ContentHash, context.InstanceId, summary));
                context.SetCustomStatus("imported");
                return new DropOutcome(DropOutcomeKind.Imported, null, attempt, probe.ContentHash, summary);
            }
            catch (TaskFailedException ex)
            {
                reason = Payload.Reason($"attempt {attempt}: {ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}");
                if (attempt < attempts && input.RetrySeconds > 0)
                    await context.CreateTimer(TimeSpan.FromSeconds(input.RetrySeconds), CancellationToken.None);
            }
        }

        await context.CallActivityAsync(nameof(QuarantineDrop), new QuarantineRequest(current, reason, attempts));
        await context.CallActivityAsync(nameof(CompleteImport), new ImportCompletion(probe.ContentHash, context.InstanceId, null));
        context.SetCustomStatus("quarantined");
        return new DropOutcome(DropOutcomeKind.Quarantined, reason, attempts, probe.ContentHash, null);
    }

    private static string? NotReadyReason(DropRef drop, DropProbe probe)
    {
        if (!probe.Exists) return "missing: the drop is gone";
        if (probe.Length == 0) return "zero-length: the content has not landed yet";
        if (probe.ChangedWhileReading) return "still changing: version changed while reading";
        if (drop.ETag is not null && probe.ETag != drop.ETag) return "superseded: the drop changed after the trigger; its own event imports it";
        return null;
    }
}
