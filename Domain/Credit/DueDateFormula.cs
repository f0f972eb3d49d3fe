using System.Globalization;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Credit;

/// <summary>
/// A Business Central date formula (the payment terms' "Due Date Calculation"), e.g. <c>30D</c>, <c>CM+14D</c>,
/// <c>CQ+1M+20D</c>, <c>D15</c>. Terms are joined by + or -; each is a number and a unit (<c>30D</c>, <c>2W</c>,
/// <c>1M</c>, <c>1Q</c>, <c>1Y</c>), a current period (<c>CD</c>, <c>CW</c>, <c>CM</c>, <c>CQ</c>, <c>CY</c>: its end after
/// +, its start after -), or a unit and a number (<c>D15</c>: the next 15th; <c>WD2</c>: the next Tuesday). Weeks run
/// Monday to Sunday, as in Business Central. Anything else is refused with the formula named, never guessed.
/// </summary>
public sealed partial class DueDateFormula
{
    public const int MaxLength = 50;

    private readonly IReadOnlyList<Step> _steps;

    private DueDateFormula(string text, IReadOnlyList<Step> steps) => (Text, _steps) = (text, steps);

    /// <summary>The formula as normalised (upper case, no spaces or angle brackets); empty means "the same day".</summary>
    public string Text { get; }

    public static DueDateFormula Parse(string? formula)
    {
        var text = (formula ?? string.Empty).Trim().Trim('<', '>').Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (text.Length > MaxLength)
        {
            throw Unknown(formula!, $"it has more than {MaxLength} characters");
        }

        var steps = new List<Step>();
        var position = 0;
        while (position < text.Length)
        {
            var sign = 1;
            if (text[position] is '+' or '-')
            {
                sign = text[position] == '-' ? -1 : 1;
                position++;
            }
            else if (position > 0)
            {
                throw Unknown(formula!, "its terms must be joined by + or -");
            }

            var match = TermPattern().Match(text, position);
            if (!match.Success || match.Index != position)
            {
                throw Unknown(formula!, $"\"{text[position..]}\" is not a number and a unit (30D, 2W, 1M, 1Q, 1Y), a current period (CD, CW, CM, CQ, CY) or a day (D15, WD2)");
            }

            steps.Add(ToStep(formula!, sign, match));
            position += match.Length;
        }

        return new DueDateFormula(text, steps);
    }

    public static bool TryParse(string? formula, out DueDateFormula? parsed, out string? error)
    {
        try
        {
            parsed = Parse(formula);
            error = null;
            return true;
        }
        catch (DomainException ex)
        {
            parsed = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The date the formula gives from <paramref name="from"/> (an invoice's date).</summary>
    public DateOnly Apply(DateOnly from) => _steps.Aggregate(from, (date, step) => step.Apply(date));

    /// <summary>Business Central's formulas that mean "payable at once": empty, 0D, CD.</summary>
    public bool IsImmediate => _steps.All(s => s is Add { Count: 0 } || s is Current { Unit: Unit.Day });

    public override string ToString() => Text;

    private static Step ToStep(string formula, int sign, Match m)
    {
        if (m.Groups["current"].Success)
        {
            return new Current(UnitOf(m.Groups["current"].Value), sign > 0);
        }

        if (m.Groups["on"].Success)
        {
            var day = int.Parse(m.Groups["onday"].Value, CultureInfo.InvariantCulture);
            var weekday = m.Groups["on"].Value == "WD";
            if (sign < 0 || day < 1 || day > (weekday ? 7 : 31))
            {
                throw Unknown(formula, weekday ? "WD takes a weekday 1 (Monday) to 7 (Sunday)" : "D takes a day of the month 1 to 31, forwards only");
            }

            return weekday ? new NextWeekday(day) : new NextDayOfMonth(day);
        }

        var count = int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture);
        if (count > 3660)
        {
            throw Unknown(formula, "a term reaches more than ten years ahead");
        }

        return new Add(sign * count, UnitOf(m.Groups["unit"].Value));
    }

    private static Unit UnitOf(string unit) => unit switch
    {
        "D" => Unit.Day,
        "W" => Unit.Week,
        "M" => Unit.Month,
        "Q" => Unit.Quarter,
        _ => Unit.Year,
    };

    private static DomainException Unknown(string formula, string why) =>
        new($"Unknown due-date formula \"{formula}\": {why}.", "DueDateCalculation");

    [GeneratedRegex(@"C(?<current>[DWMQY])|(?<on>WD|D)(?<onday>\d{1,2})|(?<count>\d{1,4})(?<unit>[DWMQY])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TermPattern();

    private enum Unit
    {
        Day,
        Week,
        Month,
        Quarter,
        Year,
    }

    private abstract record Step
    {
        public abstract DateOnly Apply(DateOnly date);
    }

    /// <summary>Months, quarters and years keep the day of the month where it exists (31 January + 1M = 28 or 29 February).</summary>
    private sealed record Add(int Count, Unit Unit) : Step
    {
        public override DateOnly Apply(DateOnly date) => Unit switch
        {
            Unit.Day => date.AddDays(Count),
            Unit.Week => date.AddDays(7 * Count),
            Unit.Month => date.AddMonths(Count),
            Unit.Quarter => date.AddMonths(3 * Count),
            _ => date.AddYears(Count),
        };
    }

    private sealed record Current(Unit Unit, bool ToEnd) : Step
    {
        public override DateOnly Apply(DateOnly date)
        {
            var (start, end) = Unit switch
            {
                Unit.Day => (date, date),
                Unit.Week => (date.AddDays(-DaysSinceMonday(date)), date.AddDays(6 - DaysSinceMonday(date))),
                Unit.Month => (new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month))),
                Unit.Quarter => QuarterOf(date),
                _ => (new DateOnly(date.Year, 1, 1), new DateOnly(date.Year, 12, 31)),
            };
            return ToEnd ? end : start;
        }

        private static (DateOnly Start, DateOnly End) QuarterOf(DateOnly date)
        {
            var first = new DateOnly(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1);
            return (first, first.AddMonths(3).AddDays(-1));
        }
    }

    /// <summary>The next date (this one included) that falls on the day; a short month takes its last day.</summary>
    private sealed record NextDayOfMonth(int Day) : Step
    {
        public override DateOnly Apply(DateOnly date)
        {
            var candidate = OnDay(date.Year, date.Month);
            if (candidate >= date)
            {
                return candidate;
            }

            var next = date.AddMonths(1);
            return OnDay(next.Year, next.Month);
        }

        private DateOnly OnDay(int year, int month) => new(year, month, Math.Min(Day, DateTime.DaysInMonth(year, month)));
    }

    /// <summary>The next date (this one included) on the weekday, 1 = Monday … 7 = Sunday.</summary>
    private sealed record NextWeekday(int Weekday) : Step
    {
        public override DateOnly Apply(DateOnly date) => date.AddDays(((Weekday - 1) - DaysSinceMonday(date) + 7) % 7);
    }

    private static int DaysSinceMonday(DateOnly date) => ((int)date.DayOfWeek + 6) % 7;
}
