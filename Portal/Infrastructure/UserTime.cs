using System.Globalization;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// Dates and times in the signed-in person's time zone (their profile setting, which the browser fills in at first
/// sign-in), looked up once per request by primary key. Until a zone is set, and for anonymous pages, times show in UTC
/// and say so. Every page that shows a moment formats it here, so one order page never mixes zones.
/// </summary>
public sealed class UserTime(PortalDbContext db, IHttpContextAccessor http)
{
    private (TimeZoneInfo Zone, bool IsSet)? _zone;

    public async Task<(TimeZoneInfo Zone, bool IsSet)> ZoneAsync(CancellationToken ct = default)
    {
        if (_zone is { } known)
        {
            return known;
        }

        var principal = http.HttpContext?.User;
        string? id = null;
        if (principal?.Identity?.IsAuthenticated == true)
        {
            var userId = principal.UserId();
            id = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TimeZone).SingleOrDefaultAsync(ct);
        }

        _zone = id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? (zone, true) : (TimeZoneInfo.Utc, false);
        return _zone.Value;
    }

    /// <summary>"2026-12-06 14:05" in the person's zone (the zone's name is shown once per page by <see cref="ZoneName"/>).</summary>
    public async Task<string> FormatAsync(DateTimeOffset at, CancellationToken ct = default) =>
        Format(at, (await ZoneAsync(ct)).Zone);

    public static string Format(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"Europe/Berlin (UTC+01:00)" at the given moment, or "UTC".</summary>
    public static string ZoneName(TimeZoneInfo zone, DateTimeOffset at)
    {
        if (zone == TimeZoneInfo.Utc || zone.Id == "UTC")
        {
            return "UTC";
        }

        var offset = zone.GetUtcOffset(at);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{zone.Id} (UTC{sign}{offset.Duration():hh\\:mm})");
    }
}
