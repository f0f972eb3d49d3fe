Feature: Resolving what the matching left, and taking back what the bank took back
  The accountant matches a waiting payment by hand, splitting it across invoices when it pays several, and can undo any
  match: the invoices are open again and the payment waits again. When the bank reverses a payment on a later statement,
  its match is undone by itself. Every step is in the audit trail.

  Background:
    Given Acme has these open invoices
      | invoice  | amount  |
      | INV-1001 | 1000.00 |
      | INV-1002 | 250.00  |
      | INV-1003 | 400.00  |

  Scenario: The accountant splits an unknown payer's payment across two invoices
    Given the statement holds a payment of EUR 650.00 from an unknown payer
    When the accountant matches that payment to INV-1002 for EUR 250.00 and INV-1003 for EUR 400.00
    Then INV-1002 has EUR 0.00 open
    And INV-1003 has EUR 0.00 open
    And the exception is resolved
    And the audit trail shows "Matched manually"

  Scenario: Splitting more than the payment holds is refused
    Given the statement holds a payment of EUR 650.00 from an unknown payer
    When the accountant matches that payment to INV-1001 for EUR 1000.00
    Then the accountant is told "only 650.00 EUR of the payment is not applied"
    And INV-1001 has EUR 1000.00 open

  Scenario: Undoing a match gives the invoices back and the payment waits again
    Given the statement holds a payment of EUR 650.00 from an unknown payer
    And the accountant matched that payment to INV-1002 for EUR 250.00 and INV-1003 for EUR 400.00
    When the accountant undoes that match because "wrong customer"
    Then INV-1002 has EUR 250.00 open
    And INV-1003 has EUR 400.00 open
    And the exception is open again
    And the audit trail shows "Undone"

  Scenario: The bank reverses a payment and its match is undone
    Given Acme paid INV-1001 with its reference on an earlier statement
    When the bank reverses that payment on the next statement
    Then INV-1001 has EUR 1000.00 open
    And the audit trail shows "Undone"
