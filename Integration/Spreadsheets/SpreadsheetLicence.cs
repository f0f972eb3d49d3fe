using OfficeOpenXml;

namespace B2BPortal.Integration.Spreadsheets;

/// <summary>
/// EPPlus 8 is free for noncommercial use only and refuses to open a package until a licence is set. The setting
/// <c>EPPlus:ExcelPackage:License</c> takes EPPlus's own format: <c>Commercial:&lt;key&gt;</c> (a purchased key, what a
/// commercial deployment needs), <c>NonCommercialOrganization:&lt;name&gt;</c> or <c>NonCommercialPersonal:&lt;name&gt;</c>.
/// </summary>
public static class SpreadsheetLicence
{
    public const string SettingKey = "EPPlus:ExcelPackage:License";

    /// <summary>For development, tests and evaluation; not for a commercial deployment.</summary>
    public const string DevelopmentDefault = "NonCommercialOrganization:B2BPortal development";

    private static volatile bool _set;

    /// <summary>
    /// Before a workbook is opened or written: a process that never read the setting (a tool, a test, a benchmark) gets
    /// what an empty setting gives, <see cref="DevelopmentDefault"/>, unless EPPlus found a licence of its own (its
    /// <c>EPPlusLicense</c> environment variable).
    /// </summary>
    public static void EnsureSet()
    {
        if (!_set && ExcelPackage.License.LicenseType is null)
        {
            Apply(null);
        }

        _set = true;
    }

    /// <summary>Sets the process-wide EPPlus licence from the setting (null or empty: <see cref="DevelopmentDefault"/>); a malformed value stops start-up.</summary>
    public static void Apply(string? setting)
    {
        var value = string.IsNullOrWhiteSpace(setting) ? DevelopmentDefault : setting.Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? value[..colon].Trim() : string.Empty;
        var argument = colon > 0 ? value[(colon + 1)..].Trim() : string.Empty;
        if (argument.Length == 0)
        {
            throw new InvalidOperationException(
                $"{SettingKey} must be 'Commercial:<key>', 'NonCommercialOrganization:<name>' or 'NonCommercialPersonal:<name>'.");
        }

        switch (kind.ToUpperInvariant())
        {
            case "COMMERCIAL":
                ExcelPackage.License.SetCommercial(argument);
                break;
            case "NONCOMMERCIALORGANIZATION":
                ExcelPackage.License.SetNonCommercialOrganization(argument);
                break;
            case "NONCOMMERCIALPERSONAL":
                ExcelPackage.License.SetNonCommercialPersonal(argument);
                break;
            default:
                throw new InvalidOperationException(
                    $"{SettingKey} starts with '{kind}'; use Commercial, NonCommercialOrganization or NonCommercialPersonal, then ':' and the key or name.");
        }

        _set = true;
    }
}
