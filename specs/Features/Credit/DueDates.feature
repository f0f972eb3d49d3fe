Feature: Due dates for each payment term
  The ERP sends each customer's payment terms as a due-date formula. The portal works out an invoice's due date the
  way the ERP does, so "overdue" means the same thing to the accountant in both systems.

  Scenario Outline: An invoice falls due by its terms
    Given the payment terms "<terms>"
    When an invoice is dated <invoice date>
    Then it falls due on <due date>

    Examples: net days
      | terms | invoice date | due date   |
      | 30D   | 2026-01-15   | 2026-02-14 |
      | 14D   | 2028-02-20   | 2028-03-05 |

    Examples: end of month plus days
      | terms  | invoice date | due date   |
      | CM+14D | 2026-01-20   | 2026-02-14 |
      | CM+14D | 2026-01-31   | 2026-02-14 |
      | CM+30D | 2026-02-03   | 2026-03-30 |

    Examples: month ends and leap years
      | terms | invoice date | due date   |
      | CM    | 2028-02-10   | 2028-02-29 |
      | CM    | 2027-02-10   | 2027-02-28 |
      | 1M    | 2028-01-31   | 2028-02-29 |
      | 1M    | 2027-01-31   | 2027-02-28 |
      | 1Y    | 2028-02-29   | 2029-02-28 |

    Examples: due on receipt
      | terms | invoice date | due date   |
      | 0D    | 2026-04-05   | 2026-04-05 |

  Scenario: Terms the portal does not know are refused by name, never guessed
    Given the payment terms "NET30"
    Then the terms are refused with "Unknown due-date formula \"NET30\""
