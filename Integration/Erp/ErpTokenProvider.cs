using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace B2BPortal.Integration.Erp;

/// <summary>
/// OAuth2 client-credentials tokens for the ERP, cached until shortly before they expire, fetched once however
/// many calls wait for one.
/// </summary>
public sealed class ErpTokenProvider(IHttpClientFactory httpClientFactory, IOptions<ErpOptions> options, TimeProvider time) : IDisposable
{
    public const string HttpClientName = "erp-token";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(2);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _token;
    private DateTimeOffset _expiresAt;

    public async Task<string> GetTokenAsync(CancellationToken ct)
    {
        if (_token is { } cached && time.GetUtcNow() < _expiresAt - RefreshMargin)
        {
            return cached;
        }

        await _lock.WaitAsync(ct);
        try
        {
            if (_token is { } again && time.GetUtcNow() < _expiresAt - RefreshMargin)
            {
                return again;
            }

            return await FetchAsync(ct);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The ERP said 401 to this token: forget it so the next call fetches a new one.</summary>
    public void Invalidate(string rejected)
    {
        if (string.Equals(_token, rejected, StringComparison.Ordinal))
        {
            _token = null;
        }
    }

    public void Dispose() => _lock.Dispose();

    private async Task<string> FetchAsync(CancellationToken ct)
    {
        var o = options.Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = o.ClientId,
            ["client_secret"] = o.ClientSecret,
            ["scope"] = o.Scope,
        });
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.PostAsync(o.TokenEndpoint, form, ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"The ERP token endpoint answered {(int)response.StatusCode}: {Trim(body)}", null, response.StatusCode);
        }

        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(ct);
        if (token?.AccessToken is not { Length: > 0 } access)
        {
            throw new HttpRequestException("The ERP token endpoint answered without an access_token.");
        }

        _token = access;
        _expiresAt = time.GetUtcNow().AddSeconds(token.ExpiresIn ?? 300);
        return access;
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] : s;
}

/// <summary>Puts the bearer token on every ERP call; on a 401 it fetches a new token and tries once more.</summary>
public sealed class ErpAuthenticationHandler(ErpTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        tokens.Invalidate(token);
        token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
