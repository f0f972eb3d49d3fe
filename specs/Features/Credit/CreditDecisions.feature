Feature: What the credit check does with an order
  Within the limit an order goes straight on. Over the limit, a soft account holds the order for an accountant; a hard
  account refuses it, with the figures, and keeps nothing. An invoice overdue beyond the grace days holds every order,
  whatever the limit. On prepaid terms every order waits for the payment.

  Scenario: Within the limit the order is placed
    Given Acme's credit limit in the ERP is EUR 50
    When Acme's buyer places an order of 2 hammers
    Then the order is placed

  Scenario: Over the limit a soft account holds the order for review, with the figures
    Given Acme's credit limit in the ERP is EUR 50
    And Acme's buyer has placed an order of 2 hammers
    When Acme's buyer places an order of 1 hammer
    Then the order waits in credit hold
    And the hold reason mentions "credit limit EUR 50.00"
    And the hold reason mentions "over by EUR 9.70"

  Scenario: Over the limit a hard account refuses the order, with the figures, and saves nothing
    Given Acme's credit limit in the ERP is EUR 30
    And Acme's credit policy is hard
    When Acme's buyer places an order of 2 hammers
    Then the order is refused with "credit limit EUR 30.00"
    And Acme has no orders

  Scenario: An invoice overdue beyond the grace days holds the order whatever the limit
    Given Acme's credit limit in the ERP is EUR 10000
    And Acme has an open invoice "INV-LATE" of EUR 100 due 6 days ago
    When Acme's buyer places an order of 1 hammer
    Then the order waits in credit hold
    And the hold reason mentions "INV-LATE EUR 100.00"

  Scenario: An invoice still within the grace days does not
    Given Acme's credit limit in the ERP is EUR 10000
    And Acme has an open invoice "INV-WITHIN" of EUR 100 due 5 days ago
    When Acme's buyer places an order of 1 hammer
    Then the order is placed

  Scenario: On prepaid terms the order waits for payment
    Given Acme's payment terms in the ERP are prepaid
    When Acme's buyer places an order of 1 hammer
    Then the order waits in credit hold
    And the hold reason mentions "Prepaid terms: the order waits for payment of EUR 19.90"
