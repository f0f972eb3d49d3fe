Feature: Overdue hold and release, and the accountant's override
  Every day the credit review puts on hold the accounts with an invoice overdue beyond their grace days, and releases
  those it held once nothing is overdue any more. The ERP is master of the limit and terms; an accountant may override
  them with a reason, which is kept in the account's history, and remove the override to return to the ERP's values.

  Scenario: The daily review holds an overdue account and releases it once paid
    Given Acme has an open invoice "INV-OLD" of EUR 120 due 6 days ago
    When the daily credit review runs
    Then Acme's credit account is on hold
    When Acme pays invoice "INV-OLD"
    And the daily credit review runs
    Then Acme's credit account is active

  Scenario: An override raises the limit and its removal restores the ERP's
    Given Acme's credit limit in the ERP is EUR 30
    When the accountant overrides Acme's limit with EUR 2500 because "Bank guarantee until March"
    And Acme's buyer places an order of 2 hammers
    Then the order is placed
    And the limit that applies to Acme is EUR 2,500.00
    When the accountant removes Acme's override because "Guarantee expired"
    Then the limit that applies to Acme is EUR 30.00
    And Acme's credit history reads "ERP values: Guarantee expired"

  Scenario: An override needs a reason and a limit that is not negative
    Given Acme's credit limit in the ERP is EUR 30
    When the accountant overrides Acme's limit with EUR -5 because "typo"
    Then the override is refused with "A credit limit cannot be negative"
    When the accountant overrides Acme's limit with EUR 2500 because ""
    Then the override is refused with "Give a reason."
    And the limit that applies to Acme is EUR 30.00
