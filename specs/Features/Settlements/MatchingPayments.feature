Feature: Matching the bank's payments to invoices
  Each payment on the morning's bank statement is matched to open invoices by the first rule that fits, in the order an
  accountant would try them: the payer's structured reference, an invoice number in the remittance text, a payer known
  from an earlier payment paying one invoice's amount, or several of its invoices exactly, or part of them. The match says
  which rule found it, and the invoices' open amounts go down at once. What no rule settles waits in the exceptions queue.
  A difference within the tolerance (EUR 1.00 here) settles the invoice and waits for an accountant to approve it as a fee
  or write-off.

  Background:
    Given Acme has these open invoices
      | invoice  | amount  |
      | INV-1001 | 1000.00 |
      | INV-1002 | 250.00  |
      | INV-1003 | 400.00  |

  Scenario: The payer's structured reference names the invoice
    When the statement holds a payment of EUR 1000.00 from Acme with the creditor reference of "INV1001"
    Then the payment is matched to INV-1001 by its structured reference
    And INV-1001 has EUR 0.00 open

  Scenario: The invoice number in the remittance text is found whatever its spacing
    When the statement holds a payment of EUR 250.00 from Acme with the text "Rechnung inv 1002, danke"
    Then the payment is matched to INV-1002 by the invoice number in its text
    And INV-1002 has EUR 0.00 open

  Scenario: A payer known from an earlier payment pays one invoice's amount without a reference
    Given Acme paid INV-1001 with its reference on an earlier statement
    When the statement holds a payment of EUR 400.00 from Acme without any reference
    Then the payment is matched to INV-1003 by its amount and payer

  Scenario: One payment covers several invoices of the payer exactly
    Given Acme paid INV-1001 with its reference on an earlier statement
    When the statement holds a payment of EUR 650.00 from Acme without any reference
    Then the payment is matched to INV-1002 and INV-1003 by several invoices of the payer

  Scenario: A partial payment is applied to the oldest invoice first
    Given Acme paid INV-1001 with its reference on an earlier statement
    When the statement holds a payment of EUR 100.00 from Acme without any reference
    Then the payment is matched to INV-1002 by a partial payment
    And INV-1002 has EUR 150.00 open

  Scenario: A small difference within the tolerance settles the invoice and waits for approval
    When the statement holds a payment of EUR 999.40 from Acme with the creditor reference of "INV1001"
    Then the payment is matched to INV-1001 by its structured reference
    And INV-1001 has EUR 0.00 open
    And a write-off of EUR -0.60 waits for an accountant's approval

  Scenario: A short payment beyond the tolerance leaves the rest open and waits as an under-payment
    When the statement holds a payment of EUR 900.00 from Acme with the creditor reference of "INV1001"
    Then INV-1001 has EUR 100.00 open
    And an under-payment of EUR 100.00 waits in the exceptions queue

  Scenario: Paying more than the invoice waits as an over-payment
    When the statement holds a payment of EUR 1100.00 from Acme with the creditor reference of "INV1001"
    Then INV-1001 has EUR 0.00 open
    And an over-payment of EUR 100.00 waits in the exceptions queue

  Scenario: Paying the same invoice twice is caught as a duplicate
    Given Acme paid INV-1001 with its reference on an earlier statement
    When the statement holds a payment of EUR 1000.00 from Acme with the creditor reference of "INV1001"
    Then a duplicate payment of EUR 1000.00 waits in the exceptions queue

  Scenario: A payment from someone the portal has never seen pay waits as an unknown payer
    When the statement holds a payment of EUR 650.00 from an unknown payer
    Then an unknown payer of EUR 650.00 waits in the exceptions queue
