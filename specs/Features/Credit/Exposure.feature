Feature: Exposure and available credit
  What a customer owes and has committed: the open balance of its invoices, its orders not yet invoiced (counted once:
  when the invoice arrives, only the invoice counts) and, if the accountants want it, orders still waiting for the
  customer's own approval. Available credit is the limit less the exposure.

  Scenario: Open invoices and orders not yet invoiced both count
    Given Acme's credit limit in the ERP is EUR 1000
    And Acme has an open invoice "INV-1" of EUR 250 due in 20 days
    And Acme's buyer has placed an order of 2 hammers
    Then Acme's exposure is EUR 289.80
    And it is made of open invoices EUR 250.00 and orders not yet invoiced EUR 39.80
    And Acme's available credit is EUR 710.20

  Scenario: An order counts once, as its invoice when the invoice arrives
    Given Acme's credit limit in the ERP is EUR 1000
    And Acme's buyer has placed an order of 2 hammers
    When the ERP invoices that order as "INV-2" for EUR 39.80
    Then Acme's exposure is EUR 39.80
    And it is made of open invoices EUR 39.80 and orders not yet invoiced EUR 0.00

  Scenario Outline: Orders awaiting the customer's approval count when the accountants say so
    Given orders awaiting approval <setting> count towards exposure
    And Acme's credit limit in the ERP is EUR 1000
    And Acme's buyer needs approval above EUR 10
    And Acme's buyer has placed an order of 1 hammer
    Then Acme's exposure is EUR <exposure>

    Examples:
      | setting | exposure |
      | do      | 19.90    |
      | do not  | 0.00     |
