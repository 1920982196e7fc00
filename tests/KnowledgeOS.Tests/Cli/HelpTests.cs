using System.CommandLine;
using System.Text;
using KnowledgeOS.Cli;
using KnowledgeOS.Cli.Help;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Cli;

/// <summary>--help shows each command's examples and the exit codes; every example runs as written.</summary>
public sealed class HelpTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private RootCommand Root() => KosCli.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, TextReader.Null, _repo.Root, TimeProvider.System, _ => null));

    private static IEnumerable<string> Runnable(Command c, string prefix) =>
        (c.Action is not null ? [prefix] : Array.Empty<string>()).Concat(c.Subcommands.SelectMany(s => Runnable(s, (prefix + " " + s.Name).Trim())));

    private List<string> Commands() => Root().Subcommands.SelectMany(s => Runnable(s, s.Name)).ToList();

    [Fact]
    public void every_command_has_examples_and_every_example_names_a_command()
    {
        var commands = Commands();
        var without = commands.Where(c => !HelpExamples.ByCommand.ContainsKey(c)).ToList();
        Assert.True(without.Count == 0, "these commands have no --help examples: " + string.Join(", ", without));
        var stale = HelpExamples.ByCommand.Keys.Where(k => k != "" && !commands.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "examples for no command: " + string.Join(", ", stale));
    }

    [Fact]
    public void every_help_shows_its_examples_and_every_exit_code()
    {
        var kos = new InProcess(_repo.Root);
        // The extension commands' help is their executable's (kos-mcp, kos-serve): KosBinaryContractTests reads it.
        foreach (var command in Commands().Prepend("").Where(c => !c.StartsWith("registry probe", StringComparison.Ordinal)
                     && !c.StartsWith("registry import-catalog", StringComparison.Ordinal) && c is not ("mcp" or "serve")))
        {
            var r = kos.Run([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
            Assert.True(r.Code == 0, $"kos {command} --help\n{r}");
            Assert.Contains("Examples:\n" + string.Concat(HelpExamples.ByCommand[command].Select(e => "  " + e + "\n")), r.Out, StringComparison.Ordinal);
            foreach (var (code, meaning) in ExitCodes.Documented)
            {
                Assert.Contains($"  {code,-3} {meaning}\n", r.Out, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void every_example_parses_as_the_command_it_is_listed_under()
    {
        var root = Root();
        foreach (var (command, examples) in HelpExamples.ByCommand)
        {
            foreach (var example in examples)
            {
                var lines = Commands(example).ToList();
                Assert.NotEmpty(lines);
                var paths = new List<string>();
                foreach (var words in lines)
                {
                    Assert.Equal("kos", words[0]);
                    var parsed = root.Parse(words[1..]);
                    Assert.True(parsed.Errors.Count == 0, $"'{example}' (under {command}): {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
                    var path = new List<string>();
                    for (var r = parsed.CommandResult; r.Parent is not null; r = (System.CommandLine.Parsing.CommandResult)r.Parent)
                    {
                        path.Insert(0, r.Command.Name);
                    }

                    paths.Add(string.Join(' ', path));
                }

                Assert.True(paths.Contains(command) || (command == "" && paths.Count > 0), $"'{example}' is listed under '{command}' but runs {string.Join(", ", paths)}");
            }
        }
    }

    [Fact]
    public void help_for_a_persons_decision_runs_nothing_and_files_no_request_from_an_agent()
    {
        var person = new InProcess(_repo.Root);
        person.Ok("init");
        var task = person.Ok("create-task", "Fix", "--quick", "--scope", "docs/**", "-q").Out.Trim();
        var agent = new InProcess(_repo.Root, env: new Dictionary<string, string> { ["CLAUDECODE"] = "1", ["CLAUDE_CODE_SESSION_ID"] = "sess-1" });
        var help = agent.Run("abandon", task, "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("Examples:", help.Out, StringComparison.Ordinal);
        Assert.Equal("[]", person.Ok("requests", "--json").Out.Trim());
        Assert.Contains("execute", person.Ok("show", task, "--json").Out, StringComparison.Ordinal);
        // Required arguments missing: still help, not a crash.
        Assert.Equal(0, person.Run("assign-change", "--help").Code);
    }

    /// <summary>The kos commands of a shell example: <c>T=$(kos …)</c> and <c>a &amp;&amp; b</c> included, split into words.</summary>
    private static IEnumerable<string[]> Commands(string example)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(example, @"^\w+=\$\((.*)\)$", "$1");
        foreach (var part in text.Split(" && "))
        {
            yield return Words(part.Trim()).ToArray();
        }
    }

    private static IEnumerable<string> Words(string line)
    {
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (ch == ' ' && !quoted)
            {
                if (any)
                {
                    yield return word.ToString();
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(ch);
                any = true;
            }
        }

        if (any)
        {
            yield return word.ToString();
        }
    }
}
