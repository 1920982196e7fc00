using System.Text.Json.Serialization;
using KnowledgeOS.Serve.Live;

namespace KnowledgeOS.Serve.Hosting;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LiveMessage))]
[JsonSerializable(typeof(ServeStarted))]
internal sealed partial class ServeJson : JsonSerializerContext;

/// <summary>What <c>kos serve --json</c> prints once it listens.</summary>
internal sealed record ServeStarted(string Url, string Token, int Port, string Address, int Pid);
