Feature: The payment reaches the ERP once
  When a payment on the bank statement is matched to an invoice, the invoice's open amount goes down in the portal at
  once, so the buyer's statement and available credit follow, and the payment goes to the ERP's PORTAL payment journal as
  a line applied to that invoice, with the portal's reference on it. It gets there once, even when the ERP's answer is
  lost or the ERP is down for a while. When the ERP shows the payment back, the portal knows it for its own and does not
  take it off the invoice a second time. Undoing the match takes the payment back out of the ERP.

  Background:
    Given the ERP has Acme's invoice INV-9001 with EUR 1190.00 open

  Scenario: The payment reaches the ERP once
    When the bank statement pays EUR 500.00 of INV-9001
    Then INV-9001 shows EUR 690.00 open in the portal
    When the payment export runs twice
    Then the ERP's payment journal has one line of EUR -500.00 applied to INV-9001 with the portal's reference

  Scenario: The ERP kept the payment but its answer was lost
    Given the ERP will keep the payment line but its answer will be lost
    When the bank statement pays EUR 500.00 of INV-9001
    And the payment export runs
    Then the payment waits for the next try
    When the payment export tries again
    Then the ERP's payment journal has one line of EUR -500.00 applied to INV-9001 with the portal's reference

  Scenario: The ERP showing the portal's own payment does not count it twice
    Given the bank statement paid EUR 500.00 of INV-9001 and the payment went to the ERP
    When the ERP's payments are read back
    And the ERP's invoice INV-9001 comes back with EUR 690.00 open
    Then INV-9001 shows EUR 690.00 open in the portal

  Scenario: A match undone before its payment went sends nothing
    Given the bank statement paid EUR 1190.00 of INV-9001
    When the accountant undoes the match because "Wrong customer"
    And the payment export runs
    Then the ERP's payment journal has no line
    And INV-9001 shows EUR 1190.00 open in the portal
