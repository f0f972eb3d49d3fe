using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using B2BPortal.Tests.Fixtures;

namespace B2BPortal.Cluster;

/// <summary>
/// One process of the cluster (a Portal node or the Jobs worker), started from the build output with `dotnet
/// &lt;assembly&gt;.dll` and settings as environment variables, its output kept in a log file. <see cref="Kill"/> is a
/// SIGKILL: the process gets no chance to finish what it is doing.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly string _assembly;
    private readonly string _workingDirectory;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;
    private int _starts;

    public NodeProcess(string name, string project, string assemblyName, string logFolder, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        _workingDirectory = Path.Combine(Repository.Root, project);
        _assembly = Path.Combine(_workingDirectory, "bin", BuildConfiguration, "net10.0", assemblyName);
        if (!File.Exists(_assembly))
        {
            throw new InvalidOperationException($"{_assembly} is missing: build the solution ({BuildConfiguration}) before the cluster tests.");
        }

        LogFile = Path.Combine(logFolder, name + ".log");
        _environment = environment;
    }

    /// <summary>Debug or Release: whichever this test assembly was built as, so the cluster runs the same build.</summary>
    public static string BuildConfiguration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public string Name { get; }

    public string LogFile { get; }

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(_assembly);
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        log.WriteLine($"----- start {++_starts} at {DateTimeOffset.UtcNow:O}");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => Write(log, $"----- exited at {DateTimeOffset.UtcNow:O}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGKILL (Process.Kill on Linux): no shutdown, no flush, no finally blocks.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <summary>The last lines of the log, for assertion messages.</summary>
    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"--- {Name} ({LogFile}) ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return $"--- {Name}: no log ---";
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process ended after the test run closed its log.
            }
        }
    }
}
