using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace B2BPortal.Bench.Load;

/// <summary>
/// The load mix against a running Portal: N buyers of different companies, each signed in through the real form,
/// each a closed loop (the next request when the last one answers, no think time) drawing every request afresh:
/// catalog searches (a word of the company's own products, a sort, a page), category pages, product pages,
/// add-to-cart, cart views and checkouts, so that no two requests in a row are alike and no per-search cache carries
/// the load. Reports per kind p50/p95/p99, throughput, 4xx and errors (5xx and failed connections), and the Portal
/// process's CPU per request and memory (from /proc, when --portal-pid is given).
/// Modes: "mix" (the above), "health" (GET /health/live only) and "catalog" (first catalog page only) for the ceiling.
/// Usage: B2BPortal.Bench.Load --url http://127.0.0.1:5099 --users 50 --duration 60 --warmup 15 --portal-pid 1234
///        [--mode mix|health|catalog] [--email-format perf-buyer-{0:000}@perf.example] [--password …] [--label …]
/// </summary>
internal static partial class Program
{
    private static readonly string[] Sorts = ["Relevance", "Name", "Sku", "PriceAscending", "PriceDescending"];

    public static async Task<int> Main(string[] args)
    {
        var o = Options.Parse(args);
        Console.WriteLine($"Load {o.Mode}: {o.Users} users, warm-up {o.Warmup} s, measured {o.Duration} s, against {o.Url} ({o.Label})");
        var users = await Task.WhenAll(Enumerable.Range(1, o.Users).Select(i => VirtualUser.SignInAsync(o, string.Format(CultureInfo.InvariantCulture, o.EmailFormat, i), i)));
        Console.WriteLine($"Signed in {users.Length} buyers of {users.Select(u => u.CompanyId).Distinct().Count()} companies; {users.Sum(u => u.Products.Count)} products and {users.Sum(u => u.Words.Count)} search words among them.");

        var stats = new Stats();
        using (var warm = new CancellationTokenSource(TimeSpan.FromSeconds(o.Warmup)))
        {
            await Task.WhenAll(users.Select(u => u.RunAsync(o.Mode, new Stats(), warm.Token)));
        }

        var memory = new List<long>();
        var cpuBefore = ProcessCpu(o.PortalPid);
        var clock = Stopwatch.StartNew();
        using var measured = new CancellationTokenSource(TimeSpan.FromSeconds(o.Duration));
        var sampler = SampleMemoryAsync(o.PortalPid, memory, measured.Token);
        await Task.WhenAll(users.Select(u => u.RunAsync(o.Mode, stats, measured.Token)));
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuAfter = ProcessCpu(o.PortalPid);
        await sampler;

        stats.Print(elapsed);
        var total = stats.Total;
        if (cpuBefore is { } b && cpuAfter is { } a && total > 0)
        {
            Console.WriteLine($"Portal CPU: {a - b:F1} s over {elapsed:F0} s = {(a - b) / elapsed * 100:F0} % of one core; {(a - b) * 1000 / total:F2} ms CPU per request");
        }

        if (memory.Count > 2)
        {
            var third = Math.Max(1, memory.Count / 3);
            Console.WriteLine($"Portal memory (RSS): first third {memory.Take(third).Average() / 1048576:F0} MB, last third {memory.TakeLast(third).Average() / 1048576:F0} MB, max {memory.Max() / 1048576:F0} MB, {memory.Count} samples");
        }

        Console.WriteLine($"Load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return stats.Errors == 0 ? 0 : 1;
    }

    private static double? ProcessCpu(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat"))
        {
            return null;
        }

        // Fields 14 and 15 (utime, stime) in clock ticks, after the ")" that ends the command name.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task SampleMemoryAsync(int? pid, List<long> samples, CancellationToken ct)
    {
        while (pid is not null && !ct.IsCancellationRequested)
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line is not null)
            {
                samples.Add(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024);
            }

            try
            {
                await Task.Delay(1000, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public sealed record Options(Uri Url, int Users, int Duration, int Warmup, int? PortalPid, string Mode, string EmailFormat, string Password, string Label)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
            int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return new Options(
                new Uri(Value("url") ?? "http://127.0.0.1:5099"),
                Int("users", 50),
                Int("duration", 60),
                Int("warmup", 15),
                Value("portal-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
                Value("mode") ?? "mix",
                Value("email-format") ?? "perf-buyer-{0:000}@perf.example",
                Value("password") ?? "Portal-Demo-2026",
                Value("label") ?? string.Empty);
        }
    }

    /// <summary>One buyer: its own connection, its own cookies (kept by hand: the Portal's are Secure, the load is plain http on loopback).</summary>
    private sealed partial class VirtualUser(HttpClient http, Random random)
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
        private string _antiforgery = string.Empty;
        private string? _last;
        private int _cartLines;

        public int CompanyId { get; private set; }

        public List<(string Sku, decimal Quantity)> Products { get; } = [];

        public List<string> Words { get; } = [];

        public List<int> Categories { get; } = [];

        public static async Task<VirtualUser> SignInAsync(Options o, string email, int seed)
        {
            var handler = new SocketsHttpHandler
            {
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.Brotli | DecompressionMethods.GZip,
                MaxConnectionsPerServer = 1,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            };
            var user = new VirtualUser(new HttpClient(handler) { BaseAddress = o.Url, Timeout = TimeSpan.FromSeconds(30) }, new Random(seed));
            var login = await user.SendAsync(HttpMethod.Get, "/Account/Login");
            var token = Token(await login.Content.ReadAsStringAsync());
            var signIn = await user.SendAsync(HttpMethod.Post, "/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = o.Password,
                ["__RequestVerificationToken"] = token,
            }));
            if (signIn.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Sign-in as {email}: HTTP {(int)signIn.StatusCode}. Was the perf set loaded (`-- seed-perf`)?");
            }

            user._antiforgery = Token(await (await user.SendAsync(HttpMethod.Get, "/Ordering/Cart")).Content.ReadAsStringAsync());
            var me = JsonDocument.Parse(await (await user.SendAsync(HttpMethod.Get, "/api/v1/me")).Content.ReadAsStringAsync());
            user.CompanyId = me.RootElement.GetProperty("companyId").GetInt32();
            for (var page = 1 + (seed % 5); page <= 3 + (seed % 5); page++)
            {
                var products = JsonDocument.Parse(await (await user.SendAsync(HttpMethod.Get, $"/api/v1/catalog/products?pageSize=100&page={page}&sort=Name")).Content.ReadAsStringAsync());
                foreach (var p in products.RootElement.GetProperty("items").EnumerateArray())
                {
                    user.Products.Add((p.GetProperty("sku").GetString()!, p.GetProperty("minimumQuantity").GetDecimal()));
                    user.Words.AddRange(WordsOf(p.GetProperty("name").GetString()!));
                }
            }

            var categories = JsonDocument.Parse(await (await user.SendAsync(HttpMethod.Get, "/api/v1/catalog/categories")).Content.ReadAsStringAsync());
            user.Categories.AddRange(categories.RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));
            var distinct = user.Words.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            user.Words.Clear();
            user.Words.AddRange(distinct);
            (await user.SendAsync(HttpMethod.Delete, "/api/v1/carts/current", antiforgery: true)).EnsureSuccessStatusCode();
            return user;
        }

        public async Task RunAsync(string mode, Stats stats, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                var (kind, method, path, body) = mode switch
                {
                    "health" => ("health", HttpMethod.Get, "/health/live", (HttpContent?)null),
                    "catalog" => ("catalog first page", HttpMethod.Get, "/Catalog", null),
                    _ => Next(),
                };
                var clock = Stopwatch.StartNew();
                int status;
                try
                {
                    using var response = await SendAsync(method, path, body, antiforgery: method != HttpMethod.Get, ct: ct);
                    await response.Content.CopyToAsync(Stream.Null, ct);
                    status = (int)response.StatusCode;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }
                catch (TaskCanceledException)
                {
                    status = 0;
                }

                stats.Record(kind, clock.Elapsed.TotalMilliseconds, status);
                if (kind == "add to cart" && status is >= 200 and < 300)
                {
                    _cartLines++;
                }
                else if (kind == "checkout" && status is >= 200 and < 300)
                {
                    _cartLines = 0;
                }
            }
        }

        /// <summary>Draws the next request: never the same as this user's last one.</summary>
        private (string Kind, HttpMethod Method, string Path, HttpContent? Body) Next()
        {
            while (true)
            {
                var roll = random.Next(100);
                (string, HttpMethod, string, HttpContent?) next = roll switch
                {
                    < 30 => ("catalog search", HttpMethod.Get, $"/Catalog?q={Uri.EscapeDataString(Pick(Words))}&sort={Pick(Sorts)}&pageNumber={1 + random.Next(3)}", null),
                    < 45 => ("catalog category", HttpMethod.Get, $"/Catalog?category={Pick(Categories)}&sort={Pick(Sorts)}&pageNumber={1 + random.Next(5)}", null),
                    < 65 => ("product page", HttpMethod.Get, $"/Catalog/Product/{Uri.EscapeDataString(Pick(Products).Sku)}", null),
                    < 80 => ("cart page", HttpMethod.Get, "/Ordering/Cart", null),
                    < 96 => AddToCart(),
                    _ => _cartLines > 0 ? Checkout() : AddToCart(),
                };
                if (next.Item3 != _last || next.Item2 != HttpMethod.Get)
                {
                    _last = next.Item3;
                    return next;
                }
            }
        }

        private (string, HttpMethod, string, HttpContent?) AddToCart()
        {
            var (sku, quantity) = Pick(Products);
            return ("add to cart", HttpMethod.Post, "/api/v1/carts/current/lines", JsonContent.Create(new { sku, quantity }));
        }

        private (string, HttpMethod, string, HttpContent?) Checkout() =>
            ("checkout", HttpMethod.Post, "/api/v1/orders", JsonContent.Create(new { purchaseOrderNumber = "LOAD-" + random.Next(1_000_000) }));

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? body = null, bool antiforgery = false, CancellationToken ct = default)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body };
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
            if (_cookies.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }

            if (antiforgery)
            {
                request.Headers.TryAddWithoutValidation("RequestVerificationToken", _antiforgery);
            }

            if (path == "/api/v1/orders")
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString("N"));
            }

            var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var cookie in setCookies)
                {
                    var pair = cookie.Split(';', 2)[0];
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        _cookies[pair[..eq]] = pair[(eq + 1)..];
                    }
                }
            }

            return response;
        }

        private static string Token(string page) =>
            WebUtility.HtmlDecode(AntiforgeryField().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No anti-forgery token on the page."));

        private static IEnumerable<string> WordsOf(string name) =>
            name.Split([' ', '-', ',', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4 && w.All(char.IsLetter));

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryField();
    }

    private sealed class Stats
    {
        private readonly Dictionary<string, List<double>> _times = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (int ClientErrors, int Errors)> _failures = new(StringComparer.Ordinal);

        public int Total { get; private set; }

        public int Errors { get; private set; }

        public void Record(string kind, double milliseconds, int status)
        {
            lock (_times)
            {
                Total++;
                if (!_times.TryGetValue(kind, out var list))
                {
                    _times[kind] = list = [];
                }

                list.Add(milliseconds);
                var (clientErrors, errors) = _failures.GetValueOrDefault(kind);
                if (status is 0 or >= 500)
                {
                    errors++;
                    Errors++;
                }
                else if (status >= 400)
                {
                    clientErrors++;
                }

                _failures[kind] = (clientErrors, errors);
            }
        }

        public void Print(double seconds)
        {
            var all = _times.Values.SelectMany(t => t).ToList();
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"{Total} requests in {seconds:F1} s = {Total / seconds:F0} requests/s; errors (5xx, failed connections): {Errors}");
            report.AppendLine("| kind | requests | share | p50 ms | p95 ms | p99 ms | 4xx | errors |");
            report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (kind, times) in _times.OrderByDescending(t => t.Value.Count))
            {
                var (clientErrors, errors) = _failures.GetValueOrDefault(kind);
                report.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {times.Count} | {times.Count * 100.0 / Total:F0} % | {Percentile(times, 50):F1} | {Percentile(times, 95):F1} | {Percentile(times, 99):F1} | {clientErrors} | {errors} |");
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"| all | {Total} | 100 % | {Percentile(all, 50):F1} | {Percentile(all, 95):F1} | {Percentile(all, 99):F1} | {_failures.Values.Sum(f => f.ClientErrors)} | {Errors} |");
            Console.Write(report);
        }

        private static double Percentile(List<double> values, int p)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            var sorted = values.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
        }
    }
}
