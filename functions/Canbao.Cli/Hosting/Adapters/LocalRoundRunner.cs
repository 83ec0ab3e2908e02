using Canbao.Hosting;
using Canbao.Hosting.Rounds;
using Canbao.Store;

namespace Canbao.Cli.Hosting.Adapters;

/// <summary>
/// The comparison round on one machine: <see cref="ArtifactRoundRunner"/> over the data folder (input DIR/imported,
/// outputs under DIR/rounds/&lt;id&gt;/, summary in DIR/rounds/latest.json).
/// </summary>
/// <param name="layout">The data folder.</param>
/// <param name="store">The person store.</param>
public sealed class LocalRoundRunner(LocalLayout layout, IPersonStore store) : ArtifactRoundRunner(new FolderArtifactStore(layout.Root), store);
