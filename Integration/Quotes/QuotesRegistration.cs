using B2BPortal.Domain.Quotes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace B2BPortal.Integration.Quotes;

public static class QuotesRegistration
{
    /// <summary>Quotes' use cases for the Portal (needs AddPortalOrdering and AddPortalPricing: conversion places through checkout's steps).</summary>
    public static IServiceCollection AddPortalQuotes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddQuoteExpiry(configuration);
        services.AddScoped<MarginFloors>();
        services.AddScoped<QuoteService>();
        services.AddScoped<QuotePipeline>();
        services.AddScoped<QuotedPrices>();
        services.AddScoped<ConvertQuote>();
        return services;
    }

    /// <summary>The expiry and reminder run and its settings; all the standalone Jobs worker needs of quotes.</summary>
    public static IServiceCollection AddQuoteExpiry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuoteOptions>().Bind(configuration.GetSection(QuoteOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddScoped<QuoteMails>();
        services.TryAddScoped<QuoteExpiry>();
        return services;
    }
}
