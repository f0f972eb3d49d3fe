using Microsoft.EntityFrameworkCore.Migrations;

namespace B2BPortal.Integration.Persistence.Migrations;

/// <summary>
/// The data half of the OneShipmentModel migration, the same for every provider (plain SQL with quoted names, which
/// SQLite, PostgreSQL and SQL Server all read): before the order's copy of its shipments (OrderShipments) is dropped,
/// every shipment only the copy knew (one announced through the status port, never read from the ERP's posted
/// shipments) moves into Shipments, and a shipment the copy had as delivered is delivered in Shipments too. Both
/// tables store dates and flags alike, so columns copy as they are.
/// </summary>
internal static class OneShipmentModelData
{
    public static void MoveOrderShipments(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            INSERT INTO "Shipments" ("OrderNumber", "Carrier", "TrackingNumber", "ErpShipmentNumber", "CompletesOrder", "State",
                                     "RegisteredAt", "LastEventAt", "NextPollAt", "TrackingUrl")
            SELECT o."Number", os."Carrier", NULLIF(os."TrackingNumber", ''), os."Reference", os."CompletesOrder", os."State",
                   os."UpdatedAt", NULL, os."UpdatedAt", os."TrackingUrl"
            FROM "OrderShipments" os
            JOIN "Orders" o ON o."Id" = os."OrderId"
            WHERE NOT EXISTS (
                SELECT 1 FROM "Shipments" s
                WHERE (os."Reference" IS NOT NULL AND s."ErpShipmentNumber" = os."Reference")
                   OR (os."Reference" IS NULL AND s."OrderNumber" = o."Number" AND s."Carrier" = os."Carrier"
                       AND COALESCE(s."TrackingNumber", '') = os."TrackingNumber"));
            """);
        migrationBuilder.Sql("""
            UPDATE "Shipments" SET "State" = 'Delivered'
            WHERE "State" <> 'Delivered' AND EXISTS (
                SELECT 1 FROM "OrderShipments" os
                JOIN "Orders" o ON o."Id" = os."OrderId"
                WHERE o."Number" = "Shipments"."OrderNumber" AND os."Reference" = "Shipments"."ErpShipmentNumber" AND os."State" = 'Delivered');
            """);
    }
}
