using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace B2BPortal.Portal.Infrastructure;

internal static class OpenApiSetup
{
    public static void Configure(OpenApiOptions o)
    {
        o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        // Each operation says which token scope it needs (ApiScopeCheck refuses a token without it with 403).
        o.AddOperationTransformer((operation, context, _) =>
        {
            var requirement = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiScopeRequirement>().LastOrDefault();
            if (requirement is not null)
            {
                var line = requirement.Scope is null ? "Token scope: any." : $"Token scope: `{requirement.Scope}`.";
                operation.Description = string.IsNullOrEmpty(operation.Description) ? line : operation.Description + "\n\n" + line;
            }

            return Task.CompletedTask;
        });
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "B2BPortal API",
                Version = "v1",
                Description = "Catalog reads for customers' procurement systems. Authenticate with an API token issued on the portal's API tokens page: `Authorization: Bearer b2bp_…`. A token acts as its user: the same company and roles, narrowed to the scopes chosen when it was issued (catalog:read, orders:read, orders:write, quotes, invoices); each operation names its scope, and a token without it gets 403 with `missingScope`.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiToken"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token issued by a company admin or an administrator.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiToken", document)] = [] });
            return Task.CompletedTask;
        });
    }
}
