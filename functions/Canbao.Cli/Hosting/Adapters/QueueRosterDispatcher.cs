using System.Text.Json;
using Azure.Storage.Queues;
using Canbao.Hosting;
using Canbao.Hosting.Ports;
using Canbao.Hosting.Surveys;
using Canbao.Store;

namespace Canbao.Cli.Hosting.Adapters;

/// <summary>
/// Survey rosters on one machine: <see cref="ArtifactRosterDispatcher"/> over the data folder (rosters and returned results
/// under DIR/rounds/&lt;id&gt;/survey/&lt;township&gt;/), messages on the Azurite queue <c>survey-rosters</c>, survey
/// results confirmed into the SQLite person store.
/// </summary>
/// <param name="layout">The data folder.</param>
/// <param name="queue">The queue (created on first use).</param>
/// <param name="store">The person store.</param>
public sealed class QueueRosterDispatcher(LocalLayout layout, QueueClient queue, IPersonStore store)
    : ArtifactRosterDispatcher(new FolderArtifactStore(layout.Root), store, new QueueRosterMessages(queue));

/// <summary>
/// <see cref="IRosterMessages"/> on a storage queue (Azurite locally): one JSON message per roster event with the fields
/// of <see cref="RosterMessage"/> (<c>kind</c>, <c>round</c>, <c>township</c>, <c>district</c>, <c>level</c>,
/// <c>tasks</c>, <c>reason</c>, <c>ref</c>) — references and counts, never people.
/// </summary>
/// <param name="queue">The queue (created on first use).</param>
public sealed class QueueRosterMessages(QueueClient queue) : IRosterMessages
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private bool _created;

    /// <summary>The message text for <paramref name="message"/>.</summary>
    public static string Body(RosterMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Serialize(new
        {
            Kind = message.Kind.ToString(), Round = message.Roster.RoundId, message.Roster.Township, District = message.Roster.Township[..6],
            message.Level, message.Tasks, message.Reason, message.Ref,
        }, Json);
    }

    /// <inheritdoc />
    public async Task SendAsync(RosterMessage message, CancellationToken ct = default)
    {
        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            _created = true;
        }
        await queue.SendMessageAsync(Body(message), ct);
    }
}
