using System.ComponentModel.DataAnnotations;

namespace B2BPortal.Integration.Settlements;

/// <summary>Limits on a settlement file read from a user (configuration section <c>Settlements</c>).</summary>
public sealed class SettlementLimits
{
    public const string Section = "Settlements";

    /// <summary>Largest file accepted, in bytes (also the most characters the XML reader will read). 100 MB holds some 60,000 entries.</summary>
    [Range(1024, 1L << 30)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Most entries (Ntry) in one file, all statements together.</summary>
    [Range(1, 1_000_000)]
    public int MaxEntries { get; set; } = 200_000;
}
