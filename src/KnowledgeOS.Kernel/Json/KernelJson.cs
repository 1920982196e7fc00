using System.Text.Json.Serialization;
using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Json;

/// <summary>The kernel's source-generated JSON metadata: no reflection on the hook path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskState))]
[JsonSerializable(typeof(SpecVersion))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Approvals.ApprovalRequest))]
internal sealed partial class KernelJson : JsonSerializerContext;
