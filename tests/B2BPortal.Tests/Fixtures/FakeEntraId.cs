using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace B2BPortal.Tests.Fixtures;

/// <summary>Who the fake identity provider says signs in: the claims an Entra ID id token carries.</summary>
public sealed record EntraUser(Guid TenantId, Guid ObjectId, string Email, bool EmailDomainVerified = false)
{
    public string Key => $"{TenantId:D}:{ObjectId:D}";
}

/// <summary>
/// Microsoft Entra ID's v2.0 endpoints for the "organizations" authority, played by WireMock: the discovery document,
/// the JWKS of an RSA key made here, an authorize endpoint that answers like Entra ID with response_mode=form_post
/// (an auto-posting form with the code, or the id token, and the state), and a token endpoint that redeems the code
/// for id and access tokens signed with that key, carrying the nonce of the authorize request.
/// Set <see cref="NextUser"/> before a sign-in: that is who the person at the keyboard proves to be.
/// </summary>
public sealed partial class FakeEntraId : IDisposable
{
    public const string ClientId = "3f1c5b8e-0d7a-4a8e-9c1e-b2b9a0c7d001";
    private const string KeyId = "fake-entra-key";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Nonce, EntraUser User)> _codes = new();

    public FakeEntraId()
    {
        Server = WireMockServer.Start();
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        Server.Given(Request.Create().WithPath("/organizations/v2.0/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = Url + "/{tenantid}/v2.0",
                ["authorization_endpoint"] = Url + "/organizations/oauth2/v2.0/authorize",
                ["token_endpoint"] = Url + "/organizations/oauth2/v2.0/token",
                ["jwks_uri"] = Url + "/organizations/discovery/v2.0/keys",
                ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
                ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
                ["subject_types_supported"] = new[] { "pairwise" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            })));
        Server.Given(Request.Create().WithPath("/organizations/discovery/v2.0/keys").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                keys = new[] { new { kty = "RSA", use = "sig", kid = KeyId, alg = "RS256", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } },
            })));
        Server.Given(Request.Create().WithPath("/organizations/oauth2/v2.0/authorize").UsingGet()).RespondWith(Response.Create().WithCallback(Authorize));
        Server.Given(Request.Create().WithPath("/organizations/oauth2/v2.0/token").UsingPost()).RespondWith(Response.Create().WithCallback(Token));
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url!;

    /// <summary>The person who signs in at the next authorize request.</summary>
    public EntraUser? NextUser { get; set; }

    /// <summary>The AzureAd settings that point the portal at this provider.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AzureAd:Instance"] = Url + "/",
        ["AzureAd:TenantId"] = "organizations",
        ["AzureAd:ClientId"] = ClientId,
        ["AzureAd:ClientSecret"] = "fake-client-secret",
    };

    /// <summary>
    /// The browser's part of a sign-in: follows the portal's challenge to the authorize endpoint, posts the form it
    /// answers with back to the portal, and follows the portal's redirect to its own callback page.
    /// </summary>
    public async Task<HttpResponseMessage> CompleteAsync(HttpClient browser, HttpResponseMessage challenge)
    {
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(Url, authorize.ToString(), StringComparison.Ordinal);

        using var idp = new HttpClient();
        var form = await idp.GetStringAsync(authorize);
        var action = WebUtility.HtmlDecode(FormAction().Match(form).Groups[1].Value);
        var fields = HiddenField().Matches(form).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        var callback = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, $"the sign-in callback {action} answered {(int)callback.StatusCode}; challenge cookies: {string.Join(" | ", challenge.Headers.TryGetValues("Set-Cookie", out var c) ? c : [])}");
        return await browser.GetAsync(callback.Headers.Location);
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
        _rsa.Dispose();
    }

    private ResponseMessage Authorize(IRequestMessage request)
    {
        var query = request.Query!;
        var user = NextUser ?? throw new InvalidOperationException("Set FakeEntraId.NextUser before signing in.");
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (Get(query, "nonce"), user);
        var fields = new Dictionary<string, string> { ["state"] = Get(query, "state") };
        var responseType = Get(query, "response_type");
        if (responseType.Contains("code", StringComparison.Ordinal))
        {
            fields["code"] = code;
        }

        if (responseType.Contains("id_token", StringComparison.Ordinal))
        {
            fields["id_token"] = IdToken(user, Get(query, "nonce"), accessToken: null);
        }

        var inputs = string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{f.Key}\" value=\"{WebUtility.HtmlEncode(f.Value)}\"/>"));
        var html = $"<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{WebUtility.HtmlEncode(Get(query, "redirect_uri"))}\">{inputs}</form></body></html>";
        return Respond(200, "text/html", html);
    }

    private ResponseMessage Token(IRequestMessage request)
    {
        var form = QueryHelpers.ParseQuery(request.Body);
        if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId || !_codes.TryRemove(form["code"].ToString(), out var grant))
        {
            return Respond(400, "application/json", "{\"error\":\"invalid_grant\"}");
        }

        var accessToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        return Respond(200, "application/json", JsonSerializer.Serialize(new
        {
            token_type = "Bearer",
            expires_in = 3600,
            scope = "openid profile email",
            access_token = accessToken,
            id_token = IdToken(grant.User, grant.Nonce, accessToken),
        }));
    }

    private string IdToken(EntraUser user, string nonce, string? accessToken)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["tid"] = user.TenantId.ToString("D"),
            ["oid"] = user.ObjectId.ToString("D"),
            ["sub"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(user.Key))),
            ["email"] = user.Email,
            ["preferred_username"] = user.Email,
            ["name"] = user.Email,
            ["nonce"] = nonce,
            ["ver"] = "2.0",
        };
        if (user.EmailDomainVerified)
        {
            claims["xms_edov"] = true;
        }

        if (accessToken is not null)
        {
            var hash = SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
            claims["at_hash"] = Base64UrlEncoder.Encode(hash[..(hash.Length / 2)]);
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{Url}/{user.TenantId:D}/v2.0",
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static string Get(IDictionary<string, WireMockList<string>> query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : string.Empty;

    private static ResponseMessage Respond(int status, string contentType, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(contentType) },
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
    };

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"/>")]
    private static partial Regex HiddenField();
}
