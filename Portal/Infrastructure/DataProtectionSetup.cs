using System.Security.Cryptography.X509Certificates;
using B2BPortal.Integration.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// Data-protection keys (they sign sign-in cookies, anti-forgery and reset tokens) live in the portal's database, so
/// every node shares them. With <c>DataProtection:CertificatePath</c> set they are encrypted with that certificate
/// before they are stored: someone who can read the database then still cannot forge a sign-in.
/// </summary>
public static class DataProtectionSetup
{
    public const string Section = "DataProtection";

    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var builder = services.AddDataProtection()
            .SetApplicationName("B2BPortal")
            .PersistKeysToDbContext<HostedPortalDbContext>();

        var path = configuration[$"{Section}:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return services;
        }

        var certificate = Load(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path), configuration[$"{Section}:CertificatePassword"]);
        // Certificates retired by a rotation still decrypt the keys they encrypted.
        var previous = (configuration[$"{Section}:PreviousCertificatePaths"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Load(Path.IsPathRooted(p) ? p : Path.Combine(contentRoot, p), configuration[$"{Section}:CertificatePassword"]))
            .Prepend(certificate)
            .ToArray();
        builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(previous);
        return services;
    }

    private static X509Certificate2 Load(string file, string? password)
    {
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{Section}:CertificatePath: there is no certificate file at {file}.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(file, password, X509KeyStorageFlags.EphemeralKeySet);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{Section}: the certificate in {file} has no private key; a .pfx with its key is needed to decrypt the stored keys.");
    }
}
