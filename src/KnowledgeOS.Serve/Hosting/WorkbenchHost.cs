using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KnowledgeOS.Cli;
using KnowledgeOS.Project;
using KnowledgeOS.Serve.Live;
using KnowledgeOS.Serve.Security;
using KnowledgeOS.Serve.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace KnowledgeOS.Serve.Hosting;

/// <summary>Starts Kestrel on the asked address, prints the URL with this run's token, serves until Ctrl+C.</summary>
internal static class WorkbenchHost
{
    public static int Run(CliContext ctx, KosProject project, ServeOptions options)
    {
        var workbench = new Workbench(project, ctx.Actor, ctx.Clock, AccessToken.New())
        {
            CheckHost = IPAddress.IsLoopback(options.Listen),
        };
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = project.Root });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.Listen, options.Port);
        });
        builder.Services.AddSingleton(workbench);
        builder.Services.AddSingleton(new TreeDigest(project, ctx.Clock));
        builder.Services.AddSingleton<DenialLog>();
        builder.Services.AddSingleton<LedgerFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LedgerFeed>());
        builder.Services.AddSingleton<IdleTrim>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdleTrim>());

        using var app = builder.Build();
        app.Use(app.Services.GetRequiredService<IdleTrim>().Around);
        app.Use(RequestGuard.Handle);
        Endpoints.Map(app);
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (InUse(e))
        {
            throw KosException.Environment(
                $"Port {options.Port} on {options.Listen} is already in use by another program. " +
                $"Stop it, or choose another port: kos serve --port {(options.Port == ServeCommand.DefaultPort ? ServeCommand.DefaultPort + 1 : ServeCommand.DefaultPort)} (or --port 0 for any free one).");
        }

        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var host = options.Listen.Equals(IPAddress.Any) || options.Listen.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
            : options.Listen.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{options.Listen}]" : options.Listen.ToString();
        var url = $"http://{host}:{port}/?{AccessToken.Field}={workbench.Token}";
        if (options.Json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(new ServeStarted(url, workbench.Token, port, options.Listen.ToString(), Environment.ProcessId), ServeJson.Default.ServeStarted));
        }
        else
        {
            ctx.Out.WriteLine(url);
        }

        ctx.Out.Flush();
        ctx.Err.WriteLine($"kos serve: the workbench of {project.Root} is at the URL above (the token in it is this run's; keep it to yourself). Ctrl+C stops it.");
        if (!IPAddress.IsLoopback(options.Listen))
        {
            ctx.Err.WriteLine($"kos serve: listening on {options.Listen}, not only this machine: anyone who can reach port {port} and has the token can approve requests as {workbench.Actor}.");
        }

        if (options.Open)
        {
            OpenBrowser(url, ctx);
        }

        app.WaitForShutdown();
        return ExitCodes.Ok;
    }

    private static bool InUse(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is Microsoft.AspNetCore.Connections.AddressInUseException || x is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    private static void OpenBrowser(string url, CliContext ctx)
    {
        var opener = OperatingSystem.IsMacOS() ? "open" : OperatingSystem.IsWindows() ? "explorer" : "xdg-open";
        try
        {
            var psi = new ProcessStartInfo(opener) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(url);
            using var p = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            ctx.Err.WriteLine($"kos serve: could not open a browser ({opener}: {e.Message}); open the URL above yourself.");
        }
    }
}
