using System.Text.Json.Nodes;

namespace KnowledgeOS.Json;

internal static class JsonArrays
{
    /// <summary>A JSON array of <paramref name="items"/>, in order.</summary>
    public static JsonArray Of(IEnumerable<string> items)
    {
        var a = new JsonArray();
        foreach (var i in items)
        {
            a.Add((JsonNode?)i);
        }

        return a;
    }
}
