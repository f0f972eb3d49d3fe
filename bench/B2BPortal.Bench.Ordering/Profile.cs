using System.Diagnostics;
using System.Text;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Ordering;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Bench.Ordering;

/// <summary>`-- profile`: one timed pass through each step, to see where the time goes before and after a change.</summary>
internal static class Profile
{
    public static async Task RunAsync(OrderingBenchmarks bench, IServiceProvider services, Domain.Common.Actor buyer, string csv)
    {
        for (var round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            var bytes = Encoding.UTF8.GetBytes(csv);
            var rows = OrderLineFileReader.ReadFile("order.csv", new MemoryStream(bytes), bytes.Length, new B2BPortal.Integration.Spreadsheets.SpreadsheetOptions());
            Console.WriteLine($"read csv {sw.ElapsedMilliseconds} ms");
            await using var scope = services.CreateAsyncScope();
            var products = scope.ServiceProvider.GetRequiredService<OrderableProducts>();
            var skus = rows.Select(r => Domain.Common.Sku.Normalize(r.Sku)).Distinct().ToList();
            sw.Restart();
            var ids = await products.IdsBySkuAsync(skus, CancellationToken.None);
            Console.WriteLine($"ids by sku {sw.ElapsedMilliseconds} ms ({ids.Count})");
            sw.Restart();
            var found = await products.FindAsync(buyer.CompanyId!.Value, ids.Values.ToList(), CancellationToken.None);
            Console.WriteLine($"find (visible+stock+rules) {sw.ElapsedMilliseconds} ms ({found.Count})");
            sw.Restart();
            var rules = await scope.ServiceProvider.GetRequiredService<IQuantityRules>().ForAsync(buyer.CompanyId!.Value, ids.Values.ToList(), CancellationToken.None);
            Console.WriteLine($"  rules alone {sw.ElapsedMilliseconds} ms ({rules.Count})");
            sw.Restart();
            var prices = await products.PriceAsync(buyer.CompanyId!.Value, found.Keys.Select(k => (k, 1m)), DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None);
            Console.WriteLine($"prices {sw.ElapsedMilliseconds} ms ({prices.Count})");
            sw.Restart();
            await bench.ValidateTenThousandLineCsv();
            Console.WriteLine($"whole validation {sw.ElapsedMilliseconds} ms");
            bench.FillCart();
            await using (var s2 = services.CreateAsyncScope())
            {
                var db2 = s2.ServiceProvider.GetRequiredService<PortalDbContext>();
                sw.Restart();
                var cart = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                    Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.Include(db2.Carts(), c => c.Lines), c => c.UserId == buyer.UserId);
                Console.WriteLine($"load cart {sw.ElapsedMilliseconds} ms ({cart.Lines.Count})");
                sw.Restart();
                var review = await s2.ServiceProvider.GetRequiredService<CartReviewer>().ReviewAsync(cart, CancellationToken.None);
                Console.WriteLine($"review {sw.ElapsedMilliseconds} ms ({review.Lines.Count})");
                sw.Restart();
                await s2.ServiceProvider.GetRequiredService<ApprovalRules>().ReasonForApprovalAsync(buyer.CompanyId!.Value, buyer.UserId, review.Total!.Value, DateTimeOffset.UtcNow, CancellationToken.None);
                Console.WriteLine($"approval {sw.ElapsedMilliseconds} ms");
            }

            sw.Restart();
            await bench.PlaceThousandLineOrder();
            Console.WriteLine($"place 1,000 lines {sw.ElapsedMilliseconds} ms");
        }
    }
}
