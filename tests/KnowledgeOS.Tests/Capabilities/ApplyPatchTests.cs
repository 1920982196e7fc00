using KnowledgeOS.Capabilities;

namespace KnowledgeOS.Testing.Capabilities;

public sealed class ApplyPatchTests
{
    [Fact]
    public void every_file_a_patch_adds_updates_deletes_or_moves_to_is_found()
    {
        const string patch = """
            *** Begin Patch
            *** Add File: src/new.txt
            +hello
            *** Update File: src/old.cs
            @@ class X
            -a
            +b
            *** Move to: lib/renamed.cs
            *** Delete File: ../outside.txt
            *** End Patch
            """;
        Assert.Equal(["src/new.txt", "src/old.cs", "lib/renamed.cs", "../outside.txt"], ApplyPatch.Files(patch));
    }

    [Fact]
    public void windows_line_endings_and_repeated_files_are_handled()
    {
        Assert.Equal(["a.txt"], ApplyPatch.Files("*** Begin Patch\r\n*** Add File: a.txt\r\n+x\r\n*** Update File: a.txt\r\n*** End Patch\r\n"));
    }
}
