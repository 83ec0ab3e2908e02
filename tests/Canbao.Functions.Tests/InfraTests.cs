using System.Text.Json.Nodes;
using Canbao.Functions.Drops;
using Canbao.Store.Cosmos;

namespace Canbao.Functions.Tests;

/// <summary>infra/: bicep build and lint are clean, and the template agrees with the app (departments, Cosmos containers, settings).</summary>
public sealed class InfraTests
{
    // One `bicep build` (it runs the linter with infra/bicepconfig.json; every diagnostic goes to stderr): the machine
    // has 2 cores and bicep starts slowly, so the tests share it. tests/setup.d/30-bicep.sh runs `bicep lint` as well.
    private static readonly Lazy<(int Code, string Diagnostics, JsonNode? Template)> Build = new(() =>
    {
        var outDir = Directory.CreateTempSubdirectory("canbao-bicep-").FullName;
        try
        {
            var (code, stdout, stderr) = Repo.Run(Repo.Bicep, "build", Repo.Path("infra", "main.bicep"), "--outdir", outDir);
            var file = Path.Combine(outDir, "main.json");
            return (code, (stdout + stderr).Trim(), File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file)) : null);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    });

    private static JsonNode Template => Build.Value.Template ?? throw new InvalidOperationException(Build.Value.Diagnostics);

    [Fact]
    public void Bicep_build_succeeds_with_no_linter_errors_or_warnings()
    {
        Assert.Equal("", Build.Value.Diagnostics);
        Assert.Equal(0, Build.Value.Code);
    }

    [Fact]
    public void Departments_in_the_template_are_the_apps_drop_departments()
    {
        var departments = Template["variables"]!["departments"]!.AsArray().Select(d => d!.GetValue<string>());
        Assert.Equal(DropDepartments.All.Keys.Order(), departments.Order());
    }

    [Fact]
    public void Cosmos_containers_match_the_store_and_their_partition_keys()
    {
        var cosmos = Module("cosmos");
        var containers = cosmos["variables"]!["containers"]!.AsArray()
            .ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["partitionKey"]!.GetValue<string>());
        var options = new CosmosStoreOptions();
        Assert.Equal(new Dictionary<string, string>
        {
            [options.Persons] = "/id", [options.Districts] = "/district_code", [options.Events] = "/person_id",
            [options.DistrictStatistics] = "/district_code", [options.SurveyWorkList] = "/district_code",
            [options.DepartmentLists] = "/department", [options.DerivedApplied] = "/person_id",
        }, containers);
        Assert.Equal(options.Database, cosmos["variables"]!["databaseName"]!.GetValue<string>());
    }

    [Fact]
    public void Cosmos_and_service_bus_disable_local_auth_and_storage_disables_shared_keys()
    {
        Assert.Contains("\"disableLocalAuth\": true", Module("cosmos").ToJsonString(new() { WriteIndented = true }));
        Assert.Contains("\"disableLocalAuth\": true", Module("servicebus").ToJsonString(new() { WriteIndented = true }));
        Assert.Contains("\"allowSharedKeyAccess\": false", Module("storage").ToJsonString(new() { WriteIndented = true }));
    }

    [Fact]
    public void Every_setting_the_app_reads_is_set_by_the_template_and_named_in_the_local_sample()
    {
        var appSettings = Module("functionapp").ToJsonString();
        var sample = JsonNode.Parse(File.ReadAllText(Repo.Path("local.settings.sample.json")))!["Values"]!.AsObject();
        var read = typeof(Settings).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => v.Contains(':') || v is Settings.TaskHubName)
            .Select(v => v.Replace(":", "__"))
            .ToList();
        Assert.Equal(8, read.Count);
        foreach (var name in read)
        {
            Assert.True(appSettings.Contains($"\"{name}\""), $"template does not set {name}");
            Assert.True(sample.ContainsKey(name), $"local.settings.sample.json does not name {name}");
        }
        // The drops connection: identity-based in Azure, a connection string locally.
        Assert.Contains("\"Drops__blobServiceUri\"", appSettings);
        Assert.True(sample.ContainsKey(Settings.DropsConnection));
    }

    [Fact]
    public void Event_grid_webhooks_name_the_apps_blob_trigger_functions()
    {
        var events = Module("eventgrid");
        var names = events["variables"]!.ToJsonString();
        // The template computes "Drop_" + PascalCase(slug) in an ARM expression; check the rule on one slug and the filter.
        Assert.Contains("Drop_", names);
        Assert.Equal("Drop_PublicSecurity", DropDepartments.FunctionName("public-security"));
        var text = events.ToJsonString();
        Assert.Contains("runtime/webhooks/blobs?functionName=Host.Functions.", text);
        Assert.Contains("Microsoft.Storage.BlobCreated", text);
        Assert.Contains("data.contentLength", text);
    }

    private static JsonNode Module(string name)
    {
        var resources = Template["resources"]!;
        var modules = resources is JsonObject o ? o.Select(kv => kv.Value!) : resources.AsArray().Select(r => r!);
        var module = modules.Single(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]!.GetValue<string>() == name);
        return module["properties"]!["template"]!;
    }
}
