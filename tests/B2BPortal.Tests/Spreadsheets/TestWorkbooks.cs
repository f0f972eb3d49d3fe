using System.IO.Compression;
using System.Text;

namespace B2BPortal.Tests.Spreadsheets;

/// <summary>
/// Hand-made .xlsx packages for hostile-input tests, written part by part with ZipArchive so a test can stream a part
/// of any size (a 300-million-character cell) without holding it in memory or committing a big file.
/// </summary>
internal static class TestWorkbooks
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook whose first sheet has A1 = shared string 0 (one cell of <paramref name="characters"/> 'A's) and B1 = 1.</summary>
    public static byte[] WithOneLongSharedString(long characters) => Build(
        """<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>""",
        stream =>
        {
            Write(stream, $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{Main}" count="1" uniqueCount="1"><si><t>""");
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'A');
            for (var left = characters; left > 0; left -= chunk.Length)
            {
                stream.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            }

            Write(stream, "</t></si></sst>");
        });

    /// <summary>A workbook with the given rows of inline text cells (row 1 first), e.g. a header and SKUs of any length.</summary>
    public static byte[] WithRows(params string[][] rows) => Build(
        string.Concat(rows.Select((cells, r) => $"<row r=\"{r + 1}\">" + string.Concat(cells.Select((text, c) =>
            $"<c r=\"{(char)('A' + c)}{r + 1}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>")) + "</row>")),
        stream => Write(stream, $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{Main}" count="0" uniqueCount="0"/>"""));

    /// <summary>A zip signature followed by garbage: what a truncated download or a renamed file looks like.</summary>
    public static byte[] PkHeaderThenGarbage()
    {
        var bytes = new byte[4096];
        new Random(16).NextBytes(bytes);
        "PK\u0003\u0004"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>A well-formed zip that is not a workbook (a zipped text file renamed to .xlsx).</summary>
    public static byte[] ZipWithoutWorkbook()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("readme.txt").Open();
            Write(entry, "not a workbook");
        }

        return buffer.ToArray();
    }

    private static byte[] Build(string sheetRows, Action<Stream> writeSharedStrings)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
                """);
            Part(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Part(zip, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Order" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Part(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """);
            Part(zip, "xl/worksheets/sheet1.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{Main}"><sheetData>{sheetRows}</sheetData></worksheet>
                """);
            using var shared = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open();
            writeSharedStrings(shared);
        }

        return buffer.ToArray();
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var stream = zip.CreateEntry(name).Open();
        Write(stream, xml);
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
