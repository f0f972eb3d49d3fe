using System.ComponentModel.DataAnnotations;

namespace B2BPortal.Integration.Spreadsheets;

/// <summary>
/// Limits an uploaded .xlsx must keep before it is opened (section <c>Spreadsheets</c>). An .xlsx is a zip: a few
/// hundred kilobytes can expand to gigabytes, and the upload size limit says nothing about that. The defaults fit a
/// quick order of 10,000 lines and a price list of several hundred thousand rows many times over.
/// </summary>
public sealed class SpreadsheetOptions : IValidatableObject
{
    public const string Section = "Spreadsheets";

    /// <summary>All parts of the package together, uncompressed.</summary>
    [Range(1024, 2L * 1024 * 1024 * 1024)]
    public long MaxUncompressedBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>One part (a worksheet, the shared strings), uncompressed.</summary>
    [Range(1024, 2L * 1024 * 1024 * 1024)]
    public long MaxPartBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>How many times larger than compressed a part over <see cref="RatioCheckedAboveBytes"/> may be; worksheets compress about 5–20 times.</summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Parts in the package; a workbook has a dozen, a few hundred with many sheets or images.</summary>
    [Range(1, 100_000)]
    public int MaxParts { get; set; } = 1_000;

    /// <summary>Small parts may compress well without harm (a styles part full of defaults); the ratio applies above this size.</summary>
    public const long RatioCheckedAboveBytes = 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxPartBytes > MaxUncompressedBytes)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(MaxPartBytes)} ({MaxPartBytes}) cannot exceed {Section}:{nameof(MaxUncompressedBytes)} ({MaxUncompressedBytes}).",
                [nameof(MaxPartBytes)]);
        }
    }
}
