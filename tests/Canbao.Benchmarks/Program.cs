using System.Text;
using BenchmarkDotNet.Running;
using Canbao.Benchmarks;

// Ingestion throughput. Example (short run, every benchmark):
//   dotnet run -c Release --project tests/Canbao.Benchmarks -- --filter '*' --job short --inProcess
// Or write the benchmark's drops for a CPU-time measurement of `canbao validate`:
//   dotnet run -c Release --project tests/Canbao.Benchmarks -- write-drops DIR ROWS
// Or measure process CPU time per row in-process (warm-up pass, then PASSES passes over the file):
//   dotnet run -c Release --project tests/Canbao.Benchmarks -- cpu-time DIR/registration-utf8.csv PASSES
if (args is ["write-drops", var dir, var rows])
{
    Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    Directory.CreateDirectory(dir);
    var n = int.Parse(rows, System.Globalization.CultureInfo.InvariantCulture);
    RegistrationDrops.WriteCsv(Path.Combine(dir, "registration-utf8.csv"), n, new UTF8Encoding(false));
    RegistrationDrops.WriteCsv(Path.Combine(dir, "registration-gb18030.csv"), n, Encoding.GetEncoding(54936));
    RegistrationDrops.WriteXlsx(Path.Combine(dir, "registration.xlsx"), n);
    Console.WriteLine($"wrote {n:N0} rows as UTF-8 CSV, GB18030 CSV and XLSX to {dir}");
    return;
}
if (args is ["cpu-time", var csv, var passes])
{
    CpuTimeMeasure.Run(csv, int.Parse(passes, System.Globalization.CultureInfo.InvariantCulture));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(IngestionBenchmarks).Assembly).Run(args);
