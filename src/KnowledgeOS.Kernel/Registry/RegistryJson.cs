using System.Text.Json.Serialization;

namespace KnowledgeOS.Registry;

/// <summary>Source-generated JSON for registry entries (stored as projection records and event payloads).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegistryEntry))]
internal sealed partial class RegistryJson : JsonSerializerContext;
