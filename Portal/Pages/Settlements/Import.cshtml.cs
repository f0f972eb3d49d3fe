using B2BPortal.Integration.Settlements;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Settlements;

/// <summary>
/// Accountants upload the bank's camt.053 statement or camt.054 notification. Type and size are checked before the file
/// is read; a refused file stores nothing and the reason names the file and entry; a file or statement imported before
/// adds nothing and says so; a statement that does not add up is stored and shown with its difference.
/// </summary>
[Authorize(Policy = Policies.Accountant)]
[RequestSizeLimit(MaxUploadBytes + (1024 * 1024))]
[UploadLimit("Bank statement files", MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes + (1024 * 1024))]
public sealed class ImportModel(StatementImporter importer, IOptions<SettlementLimits> limits) : PageModel
{
    /// <summary>The form's ceiling; <see cref="SettlementLimits.MaxFileBytes"/> (configurable, at most this) is checked on the file itself.</summary>
    public const long MaxUploadBytes = 100L * 1024 * 1024;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public StatementImportResult? Result { get; private set; }

    public long MaxFileBytes => Math.Min(limits.Value.MaxFileBytes, MaxUploadBytes);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var problem = Check(Upload, MaxFileBytes);
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(Upload), problem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Buffered to a temporary file: the importer hashes the bytes before it parses them.
        var temp = Path.Combine(Path.GetTempPath(), $"b2b-statement-{Guid.NewGuid():N}.xml");
        await using var buffer = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await Upload!.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var actor = User.ToActor();
        try
        {
            Result = await importer.ImportAsync(buffer, Upload.FileName, actor.UserId, actor.DisplayName, ct);
        }
        catch (SettlementFileException ex)
        {
            ModelState.AddModelError(nameof(Upload), ex.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>An .xml file that starts like XML and is within the limit; anything else is refused before it is read.</summary>
    internal static string? Check(IFormFile? upload, long maxBytes)
    {
        if (upload is null || upload.Length == 0)
        {
            return "Choose the bank's camt.053 or camt.054 file (.xml) to import.";
        }

        var name = Path.GetFileName(upload.FileName);
        if (upload.Length > maxBytes)
        {
            return $"'{name}' is {upload.Length / 1024.0 / 1024.0:0.0} MB; the limit is {maxBytes / 1024 / 1024} MB.";
        }

        if (!string.Equals(Path.GetExtension(name), ".xml", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{name}' is not an .xml file. Upload the bank's camt.053 statement or camt.054 notification (ISO 20022 XML).";
        }

        using var head = upload.OpenReadStream();
        Span<byte> bytes = stackalloc byte[64];
        var read = head.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var start = bytes[..read];
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            start = start[3..];
        }

        var first = start.IndexOfAnyExcept((ReadOnlySpan<byte>)" \t\r\n"u8);
        return first < 0 || start[first] != (byte)'<' || start.Contains((byte)0)
            ? $"'{name}' is named .xml but does not hold XML text."
            : null;
    }
}
