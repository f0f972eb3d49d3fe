Feature: An order's life between the portal and the ERP
  Once the ERP has an order it is the system of record. The portal sends each placed order to the ERP exactly
  once, takes a cancelled order back out of it, and follows the ERP's shipments and the courier to delivery.

  Scenario: A placed order reaches the ERP once, however often the export runs
    Given Acme's buyer has ordered 24 of "BOLT-M8" and 2 of "HAMMER-500"
    And the ERP will create it as sales order "101001"
    When the order export runs
    And the order export runs
    Then the ERP has received 1 sales order
    And the portal shows the order as "Confirmed" with ERP order "101001"

  Scenario: An order cancelled before the export never reaches the ERP
    Given Acme's buyer has ordered 2 of "HAMMER-500"
    And the ERP will create it as sales order "101002"
    When the buyer cancels the order
    And the order export runs
    Then the ERP has received 0 sales orders
    And the portal shows the order as "Cancelled"

  Scenario: An order staff cancel after the ERP has it is deleted in the ERP
    Given Acme's buyer has ordered 2 of "HAMMER-500"
    And the ERP will create it as sales order "101003"
    And the order export has run
    And the ERP will delete sales order "101003" when asked
    When the sales rep cancels the order because "Customer phoned: wrong site"
    And the order export runs
    Then the ERP's sales order "101003" has been deleted
    And the portal shows the order as "Cancelled"

  Scenario: The ERP ships in two parts and the courier delivers
    Given Acme's buyer has ordered 24 of "BOLT-M8" and 2 of "HAMMER-500"
    And the ERP will create it as sales order "101004"
    And the order export has run
    When the ERP posts shipment "102001" of 12 of "BOLT-M8" and 2 of "HAMMER-500" with DHL parcel "00340434161094042557"
    Then the portal shows the order as "PartiallyShipped"
    When the ERP posts shipment "102002" of 12 of "BOLT-M8" with DHL parcel "00340434161094042558"
    Then the portal shows the order as "Shipped"
    When DHL reports parcels "00340434161094042557" and "00340434161094042558" delivered
    Then the portal shows the order as "Delivered"
