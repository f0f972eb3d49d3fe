using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Returns;

/// <summary>
/// A photo of returned goods, stored in the database with its return. What a buyer uploads is hostile until checked: at
/// most <see cref="MaxBytes"/>, at most <see cref="MaxCount"/> per return, and a real JPEG, PNG or WebP by its first
/// bytes (the name and the browser's content type are not trusted; the stored type is the one the bytes prove).
/// </summary>
public class ReturnPhoto
{
    public const int MaxCount = 5;
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int FileNameMaxLength = 200;
    public const int ContentTypeMaxLength = 20;

    private ReturnPhoto() { }

    private ReturnPhoto(string fileName, string contentType, byte[] content)
    {
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Size = content.Length;
    }

    public int Id { get; private set; }

    public int ReturnRequestId { get; private set; }

    public string FileName { get; private set; } = string.Empty;

    /// <summary>image/jpeg, image/png or image/webp: what the file's own bytes say.</summary>
    public string ContentType { get; private set; } = string.Empty;

    public int Size { get; private set; }

    public byte[] Content { get; private set; } = [];

    /// <summary>Checks one uploaded file and keeps it; a file that is not what it claims is refused, naming it.</summary>
    public static ReturnPhoto From(string? fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName((fileName ?? string.Empty).Trim());
        name = name.Length == 0 ? "photo" : name.Length > FileNameMaxLength ? name[..FileNameMaxLength] : name;
        if (content.Length == 0)
        {
            throw new DomainException($"{name} is empty.", "Photos");
        }

        if (content.Length > MaxBytes)
        {
            throw new DomainException($"{name} is {content.Length / 1024.0 / 1024.0:0.0} MB; a photo may be up to {MaxBytes / 1024 / 1024} MB.", "Photos");
        }

        var type = Sniff(content) ?? throw new DomainException($"{name} is not a JPEG, PNG or WebP image.", "Photos");
        return new ReturnPhoto(name, type, content);
    }

    /// <summary>The image type the first bytes prove, or null: JPEG (FF D8 FF), PNG (its 8-byte signature), WebP (RIFF….WEBP).</summary>
    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    internal static void EnsureAllowed(IReadOnlyList<ReturnPhoto> photos)
    {
        if (photos.Count > MaxCount)
        {
            throw new DomainException($"At most {MaxCount} photos per return; you chose {photos.Count}.", "Photos");
        }
    }
}
