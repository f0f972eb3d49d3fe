using System.Globalization;
using System.IO.Compression;
using B2BPortal.Domain.Common;

namespace B2BPortal.Integration.Spreadsheets;

/// <summary>
/// The gate every uploaded .xlsx passes before a spreadsheet library sees it. First every part's declared size and
/// compression ratio is checked against <see cref="SpreadsheetOptions"/> (nothing is inflated yet, so a bomb costs
/// nothing); then the parts are inflated with a byte count and copied into a new, uncompressed package. EPPlus reads
/// only that copy, whose headers this code wrote: a package whose local headers or data descriptors claim other sizes
/// than its central directory (the headers EPPlus would trust) never reaches it.
/// </summary>
public static class XlsxPackageGuard
{
    private const string ContentTypesPart = "[Content_Types].xml";

    public static MemoryStream Verify(Stream content, SpreadsheetOptions limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new SpreadsheetFileException(SpreadsheetFileException.NotReadable, e);
        }

        using (zip)
        {
            var parts = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            CheckDeclaredSizes(parts, limits);
            if (!parts.Exists(e => string.Equals(e.FullName, ContentTypesPart, StringComparison.OrdinalIgnoreCase)))
            {
                throw new SpreadsheetFileException();
            }

            try
            {
                return Repack(parts);
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
            {
                throw new SpreadsheetFileException(SpreadsheetFileException.NotReadable, e);
            }
        }
    }

    private static void CheckDeclaredSizes(List<ZipArchiveEntry> parts, SpreadsheetOptions limits)
    {
        if (parts.Count > limits.MaxParts)
        {
            throw new SpreadsheetFileException(string.Create(CultureInfo.InvariantCulture,
                $"This .xlsx file has {parts.Count:N0} parts; the limit is {limits.MaxParts:N0}. Save the sheet on its own as .xlsx or CSV."));
        }

        long total = 0;
        foreach (var part in parts)
        {
            if (part.Length > limits.MaxPartBytes)
            {
                throw new SpreadsheetFileException(string.Create(CultureInfo.InvariantCulture,
                    $"This .xlsx file is refused: its part '{Echo.Of(part.FullName)}' expands to {Megabytes(part.Length)}; the limit is {Megabytes(limits.MaxPartBytes)} per part."));
            }

            if (part.Length > SpreadsheetOptions.RatioCheckedAboveBytes && part.Length > (long)limits.MaxCompressionRatio * Math.Max(part.CompressedLength, 1))
            {
                throw new SpreadsheetFileException(string.Create(CultureInfo.InvariantCulture,
                    $"This .xlsx file is refused: its part '{Echo.Of(part.FullName)}' expands to {part.Length / Math.Max(part.CompressedLength, 1):N0} times its compressed size; the limit is {limits.MaxCompressionRatio:N0} times."));
            }

            total += part.Length;
            if (total > limits.MaxUncompressedBytes)
            {
                throw new SpreadsheetFileException(string.Create(CultureInfo.InvariantCulture,
                    $"This .xlsx file is refused: it expands to more than {Megabytes(limits.MaxUncompressedBytes)}, the limit. Split it, or save it as CSV."));
            }
        }
    }

    /// <summary>Copies each part, never more bytes than its checked, declared size; a part that inflates to more or less is damaged.</summary>
    private static MemoryStream Repack(List<ZipArchiveEntry> parts)
    {
        var output = new MemoryStream();
        using (var copy = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var buffer = new byte[81920];
            foreach (var part in parts)
            {
                using var from = part.Open();
                using var to = copy.CreateEntry(part.FullName, CompressionLevel.NoCompression).Open();
                long copied = 0;
                int read;
                while ((read = from.Read(buffer, 0, (int)Math.Min(buffer.Length, part.Length - copied + 1))) > 0)
                {
                    copied += read;
                    if (copied > part.Length)
                    {
                        throw new InvalidDataException($"{part.FullName} inflates to more than its declared size.");
                    }

                    to.Write(buffer, 0, read);
                }

                if (copied != part.Length)
                {
                    throw new InvalidDataException($"{part.FullName} inflates to less than its declared size.");
                }
            }
        }

        output.Position = 0;
        return output;
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB");
}
