using B2BPortal.Domain.Common;
using B2BPortal.Domain.Quotes;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.Extensions.DependencyInjection;
using static B2BPortal.Tests.Quotes.QuoteFlows;

namespace B2BPortal.Tests.Quotes;

/// <summary>The rep's pipeline figures for a period, computed by the database (SQLite and PostgreSQL).</summary>
public sealed class QuotePipelineTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Quotes_sent_conversion_rate_average_time_to_send_and_value_won_count_the_rep_s_quotes_of_the_period(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await SetHammerCostAsync(world, 10m);
        var start = world.Clock.GetUtcNow(); // 2026-11-25 09:00 UTC; everything below happens that day until the clock jumps.

        // Sent two hours after the request, then ordered: 2 x 17.50.
        var won = await SendAfterAsync(world, OrderingWorld.SalesRep, TimeSpan.FromHours(2), 17.50m);
        await AcceptAsync(world, world.BuyerA, won, 1);
        // Sent six hours after the request, still open.
        await SendAfterAsync(world, OrderingWorld.SalesRep, TimeSpan.FromHours(6), 18m);
        // Another rep's quote in the same period does not count for this rep.
        await SendAfterAsync(world, Manager, TimeSpan.FromHours(1), 18m);
        // Requested but never sent: not in "sent", not in the average.
        await RequestAsync(world);
        // Sent after the period.
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        await SendAfterAsync(world, OrderingWorld.SalesRep, TimeSpan.FromHours(1), 18m);

        var period = await PipelineAsync(world, OrderingWorld.SalesRep.UserId, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        Assert.Equal(2, period.QuotesSent);
        Assert.Equal(1, period.SentAndOrdered);
        Assert.Equal(50m, period.ConversionRatePercent);
        Assert.Equal(TimeSpan.FromHours(4), period.AverageTimeToSend);
        Assert.Equal(1, period.QuotesWon);
        Assert.Equal([Money.Of(35m, "EUR")], period.ValueWon);

        var everyone = await PipelineAsync(world, null, new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31));
        Assert.Equal(4, everyone.QuotesSent);
        Assert.Equal(25m, everyone.ConversionRatePercent);
        Assert.Equal(TimeSpan.FromHours(2.5), everyone.AverageTimeToSend);

        // The last day of the period counts whole; the day after it does not.
        var lastDay = await PipelineAsync(world, OrderingWorld.SalesRep.UserId, DateOnly.FromDateTime(start.UtcDateTime), DateOnly.FromDateTime(start.UtcDateTime));
        Assert.Equal(2, lastDay.QuotesSent);
        var empty = await PipelineAsync(world, OrderingWorld.SalesRep.UserId, new DateOnly(2026, 11, 26), new DateOnly(2026, 12, 1));
        Assert.Equal(0, empty.QuotesSent);
        Assert.Null(empty.ConversionRatePercent);
        Assert.Null(empty.AverageTimeToSend);
        Assert.Empty(empty.ValueWon);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_period_that_ends_before_it_starts_or_runs_over_two_years_is_refused(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);

        var backwards = await Assert.ThrowsAsync<DomainException>(() => PipelineAsync(world, null, new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 1)));
        var tooLong = await Assert.ThrowsAsync<DomainException>(() => PipelineAsync(world, null, new DateOnly(2020, 1, 1), new DateOnly(2026, 11, 1)));

        Assert.Equal("The period ends before it starts.", backwards.Message);
        Assert.Contains("at most 731 days", tooLong.Message, StringComparison.Ordinal);
    }

    /// <summary>A hammer quote requested now and sent by <paramref name="rep"/> <paramref name="after"/> later; the clock moves on to then.</summary>
    private static async Task<string> SendAfterAsync(OrderingWorld world, Actor rep, TimeSpan after, decimal price)
    {
        var requestedAt = world.Clock.GetUtcNow();
        var number = await RequestAsync(world);
        var seen = await ActAsync(world, rep, number, QuoteTrigger.StartReview);
        var line = await FirstLineAsync(world, number);
        seen = await ReviseAsync(world, rep, number, seen, [new QuoteLineTerms(line, 2, null, price, null, [])]);
        world.Clock.SetUtcNow(requestedAt + after);
        await ActAsync(world, rep, number, QuoteTrigger.Send, seen, new DateOnly(2026, 12, 31));
        return number;
    }

    private static Task<QuotePipelineFigures> PipelineAsync(OrderingWorld world, string? rep, DateOnly from, DateOnly to) =>
        world.WithAsync(sp => sp.GetRequiredService<QuotePipeline>().ForAsync(rep, from, to, CancellationToken.None));
}
