using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>
/// How an add-to-cart answers the page it came from: as JSON for wwwroot/js/cart.js, or, without JavaScript, through
/// TempData after the redirect back, so the add form of that product shows the error beside the quantity as typed.
/// </summary>
public static class AddToCartFeedback
{
    private const string ErrorKey = "AddToCart.Error";
    private const string SkuKey = "AddToCart.Sku";
    private const string QuantityKey = "AddToCart.Quantity";

    /// <param name="Message">What was added.</param>
    /// <param name="CartCount">The cart's lines afterwards, for the header.</param>
    /// <param name="Error">Why nothing was added, for the quantity box.</param>
    public sealed record Answer(string? Message, int? CartCount, string? Error);

    public sealed record Failure(string Error, string? Quantity);

    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    public static void Keep(ITempDataDictionary tempData, string sku, string? quantity, string error)
    {
        tempData[ErrorKey] = error;
        tempData[SkuKey] = sku;
        tempData[QuantityKey] = quantity;
    }

    /// <summary>The failed add of this product, if the page is shown right after one (read once).</summary>
    public static Failure? For(ITempDataDictionary tempData, string sku)
    {
        if (tempData.Peek(SkuKey) as string != sku || tempData.Peek(ErrorKey) is not string error)
        {
            return null;
        }

        tempData.Remove(SkuKey);
        tempData.Remove(ErrorKey);
        var quantity = tempData[QuantityKey] as string;
        return new Failure(error, quantity);
    }
}
