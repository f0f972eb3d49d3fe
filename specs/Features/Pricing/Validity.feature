Feature: Validity windows are whole days, inclusive at both ends
  A list, and an assignment, valid from 1 March to 31 March applies on 1 March and on 31 March,
  not on 28 February and not on 1 April. An empty end is open.

  Background:
    Given products "P-1" to "P-1" with an ERP list price of 100 EUR
    And customer "C1" buys in EUR and is in group "G"
    And customer "C2" buys in EUR

  Scenario Outline: The edges of a list's validity
    Given the Contract list "MARCH" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 50    |
    And "MARCH" is valid from 2026-03-01 to 2026-03-31
    And "MARCH" is assigned to customer "C1"
    When "C1" buys 1 of "P-1" on <date>
    Then the unit price is <price> EUR

    Examples:
      | date       | price |
      | 2026-02-28 | 100   |
      | 2026-03-01 | 50    |
      | 2026-03-31 | 50    |
      | 2026-04-01 | 100   |

  Scenario Outline: The edges of an assignment's validity
    Given the Group list "JULY" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 60    |
    And "JULY" is assigned to group "G" from 2026-07-01 to 2026-07-31
    When "<customer>" buys 1 of "P-1" on <date>
    Then the unit price is <price> EUR

    Examples:
      | customer | date       | price |
      | C1       | 2026-06-30 | 100   |
      | C1       | 2026-07-01 | 60    |
      | C1       | 2026-07-31 | 60    |
      | C1       | 2026-08-01 | 100   |
      | C2       | 2026-07-15 | 100   |

  Scenario: Staff preview next year's contract before it starts
    Given the Contract list "NEXT" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 70    |
    And "NEXT" is valid from 2027-01-01 to open
    And "NEXT" is assigned to customer "C1"
    When "C1" buys 1 of "P-1" on 2026-12-31
    Then the price is the ERP list price of 100 EUR
    And the trace says "NEXT" does not apply because "Not valid on 2026-12-31"
    When "C1" buys 1 of "P-1" on 2027-01-01
    Then the unit price is 70 EUR from "NEXT"
