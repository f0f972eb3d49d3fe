Feature: Invoicing runs beside fulfilment
  Distributors often post "ship and invoice" together, and an invoice can reach the portal before the shipment does.
  So an order has two tracks side by side: fulfilment (confirmed, partly shipped, shipped, delivered) and invoicing
  (not invoiced, partly invoiced, invoiced). It closes once it is delivered and invoiced in full, whichever comes last.
  Only invoices that stand count: a cancelled or corrected invoice bills nothing. The order costs Acme HAMMER-500 at
  EUR 19.90, excluding tax.

  Scenario: An invoice before the shipment, then the delivery, closes the order
    Given an order of Acme in state "Confirmed"
    When the ERP posts invoice "PSI-1001" for the whole order
    Then the order is "Confirmed"
    And its invoicing is "Invoiced"
    And the order page says "Invoiced, not yet shipped"
    When the ERP ships the whole order with DHL parcel "00340434161094042557"
    Then the order page says "Invoiced, shipped, not yet delivered"
    When DHL delivers parcel "00340434161094042557"
    Then the order is "Closed"

  Scenario: A delivered order waits for its invoice, then closes
    Given an order of Acme in state "Confirmed"
    When the ERP ships the whole order with DHL parcel "00340434161094042557"
    And DHL delivers parcel "00340434161094042557"
    Then the order is "Delivered"
    And the order page says "Delivered, not yet invoiced"
    When the ERP posts invoice "PSI-1002" for the whole order
    Then the order is "Closed"
    And the order page says "Closed: delivered and invoiced"

  Scenario: A partial invoice leaves a delivered order open until the rest is invoiced
    Given an order of Acme in state "Confirmed"
    When the ERP posts invoice "PSI-1003" for EUR 9.95 of it
    Then its invoicing is "PartlyInvoiced"
    When the ERP ships the whole order with DHL parcel "00340434161094042557"
    And DHL delivers parcel "00340434161094042557"
    Then the order is "Delivered"
    And the order page says "Partly invoiced, delivered"
    When the ERP posts invoice "PSI-1004" for EUR 9.95 of it
    Then the order is "Closed"

  Scenario: A cancelled invoice does not count
    Given an order of Acme in state "Confirmed"
    When the ERP posts invoice "PSI-1005" for the whole order
    And the ERP cancels invoice "PSI-1005"
    Then its invoicing is "NotInvoiced"
    And the order page says "Confirmed, not yet invoiced"

  Scenario: Staff cannot cancel an order the ERP has invoiced
    Given an order of Acme in state "Confirmed"
    When the ERP posts invoice "PSI-1006" for the whole order
    And the sales rep tries to cancel
    Then it is refused with "the ERP must cancel or credit its invoices before the order can be cancelled"
    And the order is "Confirmed"
