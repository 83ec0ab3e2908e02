using BenchmarkDotNet.Running;

// Ingestion throughput. Example (short run, every benchmark):
//   dotnet run -c Release --project tests/Canbao.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Canbao.Benchmarks.IngestionBenchmarks).Assembly).Run(args);
