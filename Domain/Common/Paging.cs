namespace B2BPortal.Domain.Common;

public static class Paging
{
    /// <summary>
    /// The rows before a page, capped at int.MaxValue: a page far past the last one reads nothing (an empty page
    /// without a next one) instead of overflowing into a negative offset that databases read as the first page.
    /// </summary>
    public static int Offset(int page, int pageSize) => (int)Math.Clamp(((long)page - 1) * pageSize, 0, int.MaxValue);
}
