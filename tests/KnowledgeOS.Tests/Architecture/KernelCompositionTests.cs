using System.Reflection;
using System.Text.RegularExpressions;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Architecture;

/// <summary>
/// <c>Kernel</c> only composes: the project, config, store, clock, gates, actor and session, a few primitives every
/// service shares, and one property per feature service typed as the service's interface. The services are sealed,
/// internal, created only by <c>Kernel</c>, and reached only through their interfaces.
/// </summary>
public sealed partial class KernelCompositionTests
{
    private static readonly string[] Primitives = ["Open", "Now", "Append", "FindTask", "SaveTask", "Dispose"];

    private static readonly string[] Parts = ["Project", "Config", "Store", "Clock", "Gates", "Actor", "Session"];

    private static IEnumerable<PropertyInfo> ServiceProperties() =>
        typeof(Kernel).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => !Parts.Contains(p.Name));

    [Fact]
    public void kernel_is_declared_once_and_not_partial()
    {
        var src = OutputContract.SourcePath("src");
        var declaring = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => KernelDeclaration().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(src, f))
            .ToList();

        Assert.Equal([Path.Combine("KnowledgeOS.Kernel", "Kernel.cs")], declaring);
        Assert.DoesNotContain("partial", KernelDeclaration().Match(File.ReadAllText(Path.Combine(src, declaring[0]))).Value, StringComparison.Ordinal);
        Assert.True(typeof(Kernel).IsSealed);
    }

    [Fact]
    public void kernel_has_no_public_method_beyond_composition()
    {
        var methods = typeof(Kernel).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName) // property getters
            .Select(m => m.Name)
            .Distinct()
            .Order()
            .ToList();

        Assert.Equal(Primitives.Order(), methods);
        Assert.Empty(typeof(Kernel).GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static));
        Assert.All(typeof(Kernel).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static), p => Assert.Null(p.SetMethod));
    }

    [Fact]
    public void every_service_is_a_property_typed_as_its_interface_over_a_sealed_internal_class()
    {
        using var repo = new TempRepo();
        new InProcess(repo.Root).Ok("init");
        using var kernel = Kernel.Open(repo.Root, TimeProvider.System, "user:tester", null);
        var services = ServiceProperties().ToList();

        Assert.True(services.Count >= 14, $"expected the feature services, found {string.Join(", ", services.Select(p => p.Name))}");
        Assert.All(services, p =>
        {
            Assert.True(p.PropertyType.IsInterface, $"Kernel.{p.Name} is a {p.PropertyType.Name}, not an interface");
            var impl = p.GetValue(kernel)!.GetType();
            Assert.True(impl.IsSealed && !impl.IsPublic, $"{impl.Name} (behind Kernel.{p.Name}) must be sealed and internal");
            Assert.Same(p.GetValue(kernel), p.GetValue(kernel)); // created once, on first use
        });
        Assert.Equal(services.Count, services.Select(p => p.PropertyType).Distinct().Count());
    }

    [Fact]
    public void services_are_created_only_by_the_kernel_and_never_cast_to_their_class()
    {
        using var repo = new TempRepo();
        new InProcess(repo.Root).Ok("init");
        using var kernel = Kernel.Open(repo.Root, TimeProvider.System, "user:tester", null);
        var classes = ServiceProperties().Select(p => p.GetValue(kernel)!.GetType().Name).ToList();
        var src = OutputContract.SourcePath("src");
        var uses = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (var c in classes)
            {
                // A static member (a constant, a pure helper) may be named through the class; an instance only through the interface.
                var creation = Regex.Matches(text, $@"\bnew\s+(?:[\w.:]+\.)?{c}\s*\(").Count;
                var typed = Regex.Matches(text, $@"\((?:[\w.:]+\.)?{c}\)|\b(?:as|is)\s+(?:[\w.:]+\.)?{c}\b|<(?:[\w.:]+\.)?{c}>|\b{c}\s+\w+\s*[=;,)]").Count;
                if (Path.GetFileName(file) == "Kernel.cs" && file.Contains("KnowledgeOS.Kernel", StringComparison.Ordinal))
                {
                    typed += Math.Max(0, creation - 1); // one creation each, in Kernel's lazy property
                    creation = 0;
                }

                if (creation + typed > 0)
                {
                    uses.Add($"{Path.GetRelativePath(src, file)}: {c}");
                }
            }
        }

        Assert.Empty(uses);
    }

    [GeneratedRegex(@"\b(?:public|internal)\s+(?:sealed\s+|partial\s+)*class\s+Kernel\b")]
    private static partial Regex KernelDeclaration();
}
