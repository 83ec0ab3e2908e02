using Canbao.Store.ChangeFeed;

namespace Canbao.Store.Sqlite;

/// <summary>
/// The local change-feed consumer in one call: <c>await SqliteChangeFeed.CreateConsumer("persons.db").CatchUpAsync(ct)</c>
/// reads the store's change log from its checkpoint and keeps the district statistics, the survey work list and the
/// department lists (tables in the same file) current; read them back with <see cref="SqliteDerivedDataStore"/>.
/// </summary>
public static class SqliteChangeFeed
{
    /// <summary>A consumer over the store file at <paramref name="path"/> with the three derived-data handlers, checkpoint
    /// and parked list in the same file. <paramref name="store"/> may pass an open store of that file (else one is opened).</summary>
    public static ChangeFeedConsumer CreateConsumer(string path, IPersonStore? store = null, ChangeFeedConsumerOptions? options = null)
    {
        var persons = store ?? new SqlitePersonStore(path); // first: a new file gets the store's page size
        var derived = new SqliteDerivedDataStore(path);
        return new ChangeFeedConsumer(persons, new SqliteChangeFeedCheckpoint(path), derived,
            DerivedDataHandlers.All(derived), options);
    }
}
