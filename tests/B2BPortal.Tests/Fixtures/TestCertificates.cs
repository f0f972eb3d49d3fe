using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace B2BPortal.Tests.Fixtures;

/// <summary>A self-signed server certificate for 127.0.0.1 and localhost, made for one test run (Kestrel over https).</summary>
public static class TestCertificates
{
    public static X509Certificate2 CreateLoopback()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so the private key is one Kestrel's TLS stack can use on every platform (and can be exported again).
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
