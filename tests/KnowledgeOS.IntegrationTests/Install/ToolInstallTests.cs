namespace KnowledgeOS.Testing.Install;

/// <summary>Installing kos as a .NET tool, and the published binary standing on its own.</summary>
public sealed class ToolInstallTests(ToolPackage tool) : IClassFixture<ToolPackage>
{
    [Fact]
    public void DotnetToolInstall_FromThePackedFolder_InstallsANativeKosThatGovernsARepository()
    {
        Assert.True(tool.Install.Code == 0, tool.Install.ToString());
        Assert.True(File.Exists(tool.Kos), "no kos command in the tool path\n" + tool.Install);
        var real = new FileInfo(tool.Kos).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? tool.Kos;
        var shipped = Directory.GetFiles(Path.GetDirectoryName(real)!).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain("kos.dll", shipped); // the Native AOT kos, not a managed one
        Assert.DoesNotContain(shipped, f => f!.EndsWith(".so", StringComparison.Ordinal) || f.EndsWith(".dbg", StringComparison.Ordinal));

        using var repo = new TempRepo();
        Assert.Equal(0, ToolPackage.Exec(tool.Kos, repo.Root, "init").Code);
        var created = ToolPackage.Exec(tool.Kos, repo.Root, "create-task", "Fix typo", "--quick", "--scope", "README.md", "-q");
        Assert.True(created.Code == 0, created.ToString());
        Assert.Matches("^T-[0-9a-z]+\n$", created.Out);
    }

    [Fact]
    public void InstalledKos_HandsMcpCommandsToTheKosMcpInstalledBesideIt()
    {
        var real = new FileInfo(tool.Kos).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? tool.Kos;
        foreach (var extension in new[] { "kos-mcp", "kos-serve" })
        {
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(real)!, extension)), extension + " is not in the tool folder beside kos");
        }


        using var repo = new TempRepo();
        ToolPackage.Exec(tool.Kos, repo.Root, "init");
        // A PATH without any other kos-mcp: only the one beside the installed kos can answer.
        var probe = ToolPackage.Exec("/usr/bin/env", repo.Root, "PATH=/usr/bin:/bin", tool.Kos, "registry", "probe", "--all");
        Assert.True(probe.Code == 0, probe.ToString());
        Assert.Contains("no stdio MCP servers in the registry", probe.Err + probe.Out);
    }

    [Trait("Category", "LocalLedger")] // the embedded SQLite linked into the binary is what it proves
    [Fact]
    public void PublishedKos_CopiedAloneIntoAnEmptyFolder_InitialisesARepositoryAndCreatesATask()
    {
        var real = new FileInfo(tool.Kos).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? tool.Kos;
        var alone = Path.Combine(tool.Scratch, "alone");
        Directory.CreateDirectory(alone);
        var kos = Path.Combine(alone, "kos");
        File.Copy(real, kos, overwrite: true);
        Assert.Single(Directory.GetFiles(alone));

        using var repo = new TempRepo();
        var init = ToolPackage.Exec(kos, repo.Root, "init");
        Assert.True(init.Code == 0, init.ToString());
        Assert.True(File.Exists(repo.PathOf(".agent-os/state/ledger.db")));
        var created = ToolPackage.Exec(kos, repo.Root, "create-task", "Fix typo", "--quick", "--scope", "README.md");
        Assert.True(created.Code == 0, created.ToString());
        Assert.Contains("CHECKPOINT_OK", created.Out);
        Assert.Equal(0, ToolPackage.Exec(kos, repo.Root, "trace", "verify").Code);
    }
}
