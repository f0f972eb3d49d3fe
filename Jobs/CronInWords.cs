using System.Globalization;

namespace B2BPortal.Jobs;

/// <summary>
/// A Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]) in words, for the Integration
/// page: "every 5 minutes", "daily at 02:30 UTC". Schedules this cannot put plainly are called "a custom schedule"
/// rather than guessed: the cron stays beside the words.
/// </summary>
public static class CronInWords
{
    public static string Describe(string? cron)
    {
        var f = (cron ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length is < 6 or > 7 || (f.Length == 7 && f[6] != "*"))
        {
            return "a custom schedule";
        }

        var (sec, min, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        var everyDay = month == "*" && ((dom is "*" or "?") && (dow is "*" or "?"));
        var days = everyDay ? null : Days(dom, month, dow);
        if (!everyDay && days is null)
        {
            return "a custom schedule";
        }

        string? time = null;
        if (sec == "0" && Number(min) is { } m && Number(hour) is { } h)
        {
            time = (everyDay ? "daily" : days) + string.Create(CultureInfo.InvariantCulture, $" at {h:00}:{m:00} UTC");
        }
        else if (sec == "0" && Number(min) is { } atMinute && hour == "*")
        {
            time = (atMinute == 0 ? "every hour, on the hour" : string.Create(CultureInfo.InvariantCulture, $"every hour at minute {atMinute}")) + Suffix(days);
        }
        else if (sec == "0" && Step(min) is { } minutes && hour == "*")
        {
            time = Every(minutes, "minute") + Suffix(days);
        }
        else if (sec == "0" && Number(min) is 0 && Step(hour) is { } hours)
        {
            time = Every(hours, "hour") + Suffix(days);
        }
        else if (Step(sec) is { } seconds && min == "*" && hour == "*")
        {
            time = Every(seconds, "second") + Suffix(days);
        }

        return time ?? "a custom schedule";
    }

    private static string Suffix(string? days) => days is null ? string.Empty : ", " + days;

    private static string Every(int n, string unit) => n == 1 ? $"every {unit}" : string.Create(CultureInfo.InvariantCulture, $"every {n} {unit}s");

    private static int? Number(string field) => int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>"*/5" or "0/5" (every 5 from 0); "*" is every 1.</summary>
    private static int? Step(string field)
    {
        if (field == "*")
        {
            return 1;
        }

        var parts = field.Split('/');
        return parts.Length == 2 && parts[0] is "*" or "0" && Number(parts[1]) is > 0 and var n ? n : null;
    }

    private static readonly Dictionary<string, string> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MON"] = "Monday", ["TUE"] = "Tuesday", ["WED"] = "Wednesday", ["THU"] = "Thursday", ["FRI"] = "Friday", ["SAT"] = "Saturday", ["SUN"] = "Sunday",
        ["2"] = "Monday", ["3"] = "Tuesday", ["4"] = "Wednesday", ["5"] = "Thursday", ["6"] = "Friday", ["7"] = "Saturday", ["1"] = "Sunday",
    };

    /// <summary>Weekdays ("MON-FRI", "SAT,SUN") or a day of the month; null for anything else.</summary>
    private static string? Days(string dom, string month, string dow)
    {
        if (month != "*")
        {
            return null;
        }

        if (dom is "?" or "*" && dow is not ("?" or "*"))
        {
            var range = dow.Split('-');
            if (range.Length == 2 && DayNames.TryGetValue(range[0], out var from) && DayNames.TryGetValue(range[1], out var to))
            {
                return $"{from} to {to}";
            }

            var list = dow.Split(',');
            return list.All(DayNames.ContainsKey) ? "on " + string.Join(", ", list.Select(d => DayNames[d])) : null;
        }

        if (dow is "?" or "*" && Number(dom) is >= 1 and <= 31 and var day)
        {
            return day switch
            {
                1 or 21 or 31 => $"on the {day}st of the month",
                2 or 22 => $"on the {day}nd of the month",
                3 or 23 => $"on the {day}rd of the month",
                _ => string.Create(CultureInfo.InvariantCulture, $"on the {day}th of the month"),
            };
        }

        return dom == "L" && dow is "?" or "*" ? "on the last day of the month" : null;
    }
}
