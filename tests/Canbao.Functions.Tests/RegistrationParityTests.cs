using System.Reflection;
using Canbao.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Canbao.Functions.Tests;

/// <summary>
/// The Functions app wraps exactly the workflows the local host registers (CanbaoWorkflows), by the same names and types,
/// and CanbaoWorkflows names every orchestrator and activity class in the workflows assembly: neither host can drift.
/// </summary>
public sealed class RegistrationParityTests
{
    private static readonly IReadOnlyList<MethodInfo> Wrappers = typeof(Settings).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null).ToList();

    private static IEnumerable<(string Name, MethodInfo Method)> WrappersWith<TTrigger>() where TTrigger : Attribute =>
        Wrappers.Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<TTrigger>() is not null))
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()!.Name, m));

    private static readonly Type[] WorkflowTypes = typeof(CanbaoWorkflows).Assembly.GetTypes().Where(t => !t.IsAbstract).ToArray();

    private static Type? Generic(Type t, Type open)
    {
        for (var b = t.BaseType; b is not null; b = b.BaseType)
            if (b.IsGenericType && b.GetGenericTypeDefinition() == open) return b;
        return null;
    }

    [Fact]
    public void Orchestration_wrappers_are_the_registrys_orchestrators()
    {
        Assert.Equal(CanbaoWorkflows.Orchestrators.Order(), WrappersWith<OrchestrationTriggerAttribute>().Select(w => w.Name).Order());
    }

    [Fact]
    public void Activity_wrappers_are_the_registrys_activities()
    {
        Assert.Equal(CanbaoWorkflows.Activities.Order(), WrappersWith<ActivityTriggerAttribute>().Select(w => w.Name).Order());
    }

    [Fact]
    public void The_registry_names_every_workflow_class()
    {
        var orchestrators = WorkflowTypes.Where(t => Generic(t, typeof(TaskOrchestrator<,>)) is not null).Select(t => t.Name);
        var activities = WorkflowTypes.Where(t => Generic(t, typeof(TaskActivity<,>)) is not null).Select(t => t.Name);
        Assert.Equal(orchestrators.Order(), CanbaoWorkflows.Orchestrators.Order());
        Assert.Equal(activities.Order(), CanbaoWorkflows.Activities.Order());
    }

    [Fact]
    public void Activity_wrappers_take_and_return_the_activitys_types()
    {
        foreach (var (name, method) in WrappersWith<ActivityTriggerAttribute>())
        {
            var args = Generic(WorkflowTypes.Single(t => t.Name == name), typeof(TaskActivity<,>))!.GetGenericArguments();
            var input = method.GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null).ParameterType;
            Assert.True(args[0] == input, $"{name}: wrapper input {input.Name}, activity input {args[0].Name}");
            Assert.True(typeof(Task<>).MakeGenericType(args[1]) == method.ReturnType, $"{name}: wrapper returns {method.ReturnType}, activity {args[1].Name}");
        }
    }

    [Fact]
    public void Orchestration_wrappers_return_the_orchestrators_output_type()
    {
        foreach (var (name, method) in WrappersWith<OrchestrationTriggerAttribute>())
        {
            var args = Generic(WorkflowTypes.Single(t => t.Name == name), typeof(TaskOrchestrator<,>))!.GetGenericArguments();
            Assert.True(typeof(Task<>).MakeGenericType(args[1]) == method.ReturnType, $"{name}: wrapper returns {method.ReturnType}, orchestrator {args[1].Name}");
        }
    }
}
