using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Common;
using Microsoft.AspNetCore.Mvc;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// The API's 400s, each naming the field at fault in <c>errors</c> (the validation-problem shape): a request the API
/// could not read (no body, not JSON, a wrong content type, a value of the wrong type or out of range) and a broken
/// business rule that concerns one field. Minimal APIs throw <see cref="BadHttpRequestException"/> for unreadable
/// requests in every environment (Program.cs sets ThrowOnBadRequest); the messages here are ours, never the framework's,
/// which name .NET types.
/// </summary>
internal static partial class BadRequestProblems
{
    private const string Title = "The request is not valid.";
    private const string NotJsonMessage = "Send the body as JSON, with the header Content-Type: application/json.";

    public static HttpValidationProblemDetails For(Endpoint? endpoint, BadHttpRequestException exception)
    {
        var (field, message) = Describe(endpoint, exception);
        // A body over the endpoint's size limit stays a 413; everything else is the client's input, a 400.
        return Problem(field, message, exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
    }

    private static HttpValidationProblemDetails Problem(string field, string message, int status) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Status = status, Title = Title, Detail = message };

    public static HttpValidationProblemDetails NotJson() => Problem("body", NotJsonMessage, StatusCodes.Status400BadRequest);

    public static ProblemDetails ForRule(DomainException rule) => rule.Field is { } field
        ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [JsonNamingPolicy.CamelCase.ConvertName(field)] = [rule.Message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request breaks a business rule.",
            Detail = rule.Message,
        }
        : new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The request breaks a business rule.", Detail = rule.Message };

    private static (string Field, string Message) Describe(Endpoint? endpoint, BadHttpRequestException exception)
    {
        var bodyType = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ("body", "The request body is larger than this endpoint accepts.");
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ("body", NotJsonMessage);
        }

        if (exception.InnerException is JsonException json)
        {
            var field = json.Path is null or "$" ? "body" : json.Path.TrimStart('$', '.');
            // A reader error inside means the text is not JSON at all; otherwise a value did not fit its field.
            return json.InnerException is JsonException
                ? (field, $"The body is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).")
                : field == "body"
                    ? (field, "The body must be a JSON object.")
                    : (field, $"'{field}' must be {Expected(PropertyType(bodyType, field))}.");
        }

        var name = ParameterName().Match(exception.Message) is { Success: true } m ? m.Groups["name"].Value : null;
        var parameter = endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name);
        if (name is null || parameter is null || (bodyType is not null && parameter.ParameterType == bodyType))
        {
            return ("body", "Send a JSON body.");
        }

        return exception.Message.StartsWith("Failed to bind", StringComparison.Ordinal)
            ? (name, $"'{name}' must be {Expected(parameter.ParameterType)}.")
            : (name, $"'{name}' is required.");
    }

    /// <summary>The type of a body property by its JSON name (the first segment of the path).</summary>
    private static Type? PropertyType(Type? bodyType, string path)
    {
        var name = path.Split('.', '[')[0];
        return bodyType?.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
    }

    private static string Expected(Type? type)
    {
        var t = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return t switch
        {
            null => "a valid value",
            _ when t == typeof(decimal) || t == typeof(double) => "a number",
            _ when t == typeof(int) || t == typeof(long) => "a whole number",
            _ when t == typeof(DateOnly) => "a valid date as yyyy-MM-dd",
            _ when t == typeof(DateTime) || t == typeof(DateTimeOffset) => "a valid date and time (ISO 8601)",
            _ when t == typeof(bool) => "true or false",
            _ when t.IsEnum => "one of " + string.Join(", ", Enum.GetNames(t)),
            _ when t == typeof(string) => "a text",
            _ => "a valid value",
        };
    }

    /// <summary>The parameter in the framework's messages: <c>parameter "Type name"</c> or <c>parameter "name"</c>.</summary>
    [GeneratedRegex("parameter \"(?:[^\" ]+ )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
